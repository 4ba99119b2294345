/**
 * The contract between the scorecards backend plugin and its modules: the
 * fact source type and the extension point modules add sources through.
 * A fact-source module depends on this package, not on the whole plugin.
 *
 * @packageDocumentation
 */
export {
  FactSourceUnavailableError,
  type FactSource,
  type FactSourceContext,
} from './FactSource';
export {
  scorecardsFactSourcesExtensionPoint,
  type ScorecardsFactSourcesExtensionPoint,
} from './scorecardsFactSourcesExtensionPoint';
