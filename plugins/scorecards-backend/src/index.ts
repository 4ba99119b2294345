/**
 * Scorecards backend plugin.
 *
 * @packageDocumentation
 */
export { scorecardsPlugin as default } from './plugin';
export {
  DatabaseCatalogChangeFeed,
  type CatalogChangeFeed,
} from './services/Evaluator/CatalogChangeFeed';
