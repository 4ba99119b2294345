export { default } from './plugin';
export { changesApiRef, ChangesClient } from './api/ChangesClient';
export type { ChangesApi, GitRepoRef } from './api/ChangesClient';
export {
  templateUpgradesApiRef,
  TemplateUpgradesClient,
} from './api/TemplateUpgradesClient';
export type {
  TemplateUpgradesApi,
  UpgradeTarget,
} from './api/TemplateUpgradesClient';
export type * from './api/types';
