/*
 * The scorecards REST API's responses, defined once in the common package
 * (shared with the backend that builds them), under the names the UI uses.
 */
export type {
  CheckView as ScoredCheck,
  EntityReport as EntityScorecardsResponse,
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
