/**
 * Scorecards backend plugin.
 *
 * @packageDocumentation
 */
export { scorecardsPlugin as default } from './plugin';
export {
  scorecardsFactSourcesExtensionPoint,
  type ScorecardsFactSourcesExtensionPoint,
} from './extensionPoint';
export {
  FactSourceUnavailableError,
  type FactSource,
  type FactSourceContext,
} from './services/FactSources/types';
export {
  DatabaseCatalogChangeFeed,
  type CatalogChangeFeed,
} from './services/Evaluator/CatalogChangeFeed';
