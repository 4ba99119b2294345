/**
 * Scorecards: the definition format, its YAML loader and the pure
 * evaluation engine shared by the scorecards backend and UI.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export type * from './api';
export { applyOperator } from './engine/applyOperator';
export type { OperatorOutcome } from './engine/applyOperator';
export {
  evaluateEntity,
  evaluateCheck,
  factSourceOf,
} from './engine/evaluateEntity';
export { appliesToEntity } from './engine/appliesToEntity';
export type { ScorableEntity } from './engine/appliesToEntity';
export {
  parseScorecardDefinitions,
  ScorecardDefinitionError,
} from './definitions/parseScorecardDefinitions';
export { reachesLevel } from './engine/reachesLevel';
export {
  parseInitiatives,
  isInitiativeDocument,
  InitiativeDefinitionError,
} from './initiatives/parseInitiatives';
