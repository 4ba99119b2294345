/**
 * Catalog writes by ownership (locations) and explained 403s.
 *
 * @packageDocumentation
 */
export { catalogModuleLaunchpadGuard as default } from './module';
export {
  ownsRepository,
  repositoryRoot,
  type RepositoryOwnerRule,
} from './repositoryOwnership';
