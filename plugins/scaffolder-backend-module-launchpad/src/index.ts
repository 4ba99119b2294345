export { scaffolderModuleLaunchpad as default } from './module';
export {
  computeGoldenPathValues,
  TEMPLATE_VERSION_ANNOTATION,
} from './goldenPathValues';
export type {
  GoldenPathSettings,
  GoldenPathValues,
  GoldenPathEnvironment,
} from './goldenPathValues';
export { renderGoldenPath } from './renderGoldenPath';
export type { RenderGoldenPathOptions } from './renderGoldenPath';
export { readGoldenPathSettings } from './actions/render';
export {
  ANSWERS_PATH,
  DEFAULT_SOURCE_REPOSITORY,
  TEMPLATE_SOURCE_ANNOTATION,
  answersWithoutSecrets,
  formatLineage,
  parseLineage,
  templateTag,
} from './lineage';
export type { Lineage } from './lineage';
