export { catalogImportModuleLocalFiles as default } from './module';
export { parseLocationInput } from './locationInput';
export type { LocationInput } from './locationInput';
