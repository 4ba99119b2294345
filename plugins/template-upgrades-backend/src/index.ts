export { templateUpgradesPlugin as default } from './plugin';
export { TemplateUpgrader } from './engine/TemplateUpgrader';
export type {
  UpgradePlan,
  TemplateUpgraderOptions,
} from './engine/TemplateUpgrader';
export { GitTemplateSource } from './engine/TemplateSource';
export type { TemplateSource } from './engine/TemplateSource';
export type { FleetService } from './services/TemplateUpgradesService';
