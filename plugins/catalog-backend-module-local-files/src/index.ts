export { catalogModuleLocalFiles as default } from './module';
export {
  createPlaceholderResolvers,
  resolvePlaceholderTarget,
  unreadableDefinitionNotice,
} from './placeholderResolvers';
export type { PlaceholderResolversOptions } from './placeholderResolvers';
