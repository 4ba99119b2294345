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
