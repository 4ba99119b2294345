export { default } from './plugin';
export { scorecardsApiRef, ScorecardsClient } from './api/ScorecardsClient';
export type { ScorecardsApi } from './api/ScorecardsClient';
export type { EntityScorecard, EntityReport, ScoredCheck } from './api/types';
export type {
  InitiativeProgress,
  InitiativesReport,
  OrphansReport,
  TeamReport,
  TeamScorecard,
  TeamsReport,
  TeamTrendReport,
  TrendPoint,
} from './api/types';
