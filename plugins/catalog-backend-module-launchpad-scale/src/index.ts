export { catalogModuleLaunchpadScale as default } from './module';
export { FileChangeRefresher } from './FileChangeRefresher';
export { migrateScaleTables, SCALE_MIGRATIONS_TABLE } from './migrations';
