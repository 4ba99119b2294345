export { catalogModuleLocalFiles as default } from './module';
export {
  createPlaceholderResolvers,
  resolvePlaceholderTarget,
  unreadableDefinitionNotice,
} from './placeholderResolvers';
export type { PlaceholderResolversOptions } from './placeholderResolvers';
export { readLocalFilesConfig } from './config';
export type { LocalFilesConfig, OrgSource } from './config';
export { FileLocationGuard } from './files/FileLocationGuard';
export { LocalFileReaderProcessor } from './files/LocalFileReaderProcessor';
export { LocationTargetGuard } from './files/LocationTargetGuard';
export { OrgSourceProcessor } from './orgSources/OrgSourceProcessor';
export { OrgSourcePolicy } from './orgSources/OrgSourcePolicy';
export { safeEntityDataParser } from './files/yamlErrors';
