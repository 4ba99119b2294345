import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  DefinitionsReport,
  EntityHistory,
  EntityReport,
  InitiativeProgress,
  InitiativesReport,
  LevelDefinition,
  OrphansReport,
  OwnershipProblem,
  TeamReport,
  TeamsReport,
  TeamTrendReport,
} from '@internal/plugin-scorecards-common';

/** What the REST API answers: defined once, in the common package. */
export type {
  ScoredCheck,
  DefinitionsReport,
  EntityHistory,
  EntityReport,
  EntityScorecard,
  InitiativeProgress,
  InitiativesReport,
  InitiativeStanding,
  OrphansReport,
  OwnedEntity,
  ScorecardStanding,
  TeamReport,
  TeamScorecard,
  TeamsReport,
  TeamSummary,
  TeamTrendReport,
  TopLevelTeam,
} from '@internal/plugin-scorecards-common';

/** A scorecard with its title and levels, as `summary()` describes a live one. */
export interface ScorecardSummary {
  id: string;
  title: string;
  description?: string;
  levels: LevelDefinition[];
}

/** Read side of scorecards: what the REST API serves. */
export interface ScorecardReports {
  definitions(): DefinitionsReport;
  /** @throws NotFoundError when the entity has no scores. */
  entity(entityRef: string): Promise<EntityReport>;
  /** @throws NotFoundError when the entity has no history. */
  entityHistory(
    entityRef: string,
    options: { scorecardId?: string; limit: number },
  ): Promise<EntityHistory>;
  /** @throws NotFoundError when the team owns no scored entity and is not in the catalog. */
  team(
    teamRef: string,
    options: {
      days: number;
      trend: boolean;
      credentials: BackstageCredentials;
    },
  ): Promise<TeamReport>;
  /** @throws NotFoundError as {@link ScorecardReports.team}. */
  teamTrend(
    teamRef: string,
    options: { days: number; credentials: BackstageCredentials },
  ): Promise<TeamTrendReport>;
  /** The top-level teams of the org tree. */
  teams(options: { credentials: BackstageCredentials }): Promise<TeamsReport>;
  /**
   * Initiatives with their progress, of the whole catalog or of a team's subtree.
   * @throws NotFoundError for a team as {@link ScorecardReports.team}.
   */
  initiatives(options: {
    teamRef?: string;
    days: number;
    credentials: BackstageCredentials;
  }): Promise<InitiativesReport>;
  /** @throws NotFoundError when no live initiative has the id. */
  initiative(
    id: string,
    options: { days: number; credentials: BackstageCredentials },
  ): Promise<InitiativeProgress>;
  orphans(options: {
    kinds: string[];
    problems?: OwnershipProblem[];
    credentials: BackstageCredentials;
  }): Promise<OrphansReport>;
}
