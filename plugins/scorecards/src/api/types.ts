/*
 * The scorecards REST API's responses, defined once in the common package
 * (shared with the backend that builds them), under the same names.
 */
export type {
  ScoredCheck,
  EntityReport,
  EntityScorecard,
  InitiativeProgress,
  InitiativesReport,
  InitiativeStanding,
  LevelDistribution,
  OrphansReport,
  OwnershipProblem,
  ScorecardInfo,
  ScorecardStanding,
  TeamReport,
  TeamScorecard,
  TeamsReport,
  TeamSummary,
  TeamTrendReport,
  TrendPoint,
} from '@internal/plugin-scorecards-common';
