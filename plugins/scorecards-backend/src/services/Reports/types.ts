import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  CheckDefinition,
  CheckResult,
  InitiativeScope,
  LevelDefinition,
  ScoreChangeReason,
  WorstCheck,
} from '@internal/plugin-scorecards-common';
import type { StoredScore } from '../../database/types';
import type { DefinitionLoadError } from '../Definitions/types';
import type { OrphanedEntity, OwnershipProblem } from '../Ownership/types';
import type { LevelDistribution } from './distribution';
import type { TrendPoint } from './levelTrend';

/** A scorecard as the API describes it next to results. */
export interface ScorecardSummary {
  id: string;
  title: string;
  description?: string;
  levels: LevelDefinition[];
}

/** A check result with what the check is and how to fix it. */
export type CheckView = CheckResult &
  Partial<
    Pick<
      CheckDefinition,
      | 'title'
      | 'description'
      | 'howToFix'
      | 'level'
      | 'points'
      | 'fact'
      | 'operator'
      | 'value'
    >
  >;

/** An entity's current score on one scorecard. */
export interface EntityScorecard {
  /** The scorecard, or only its id when it is no longer defined. */
  scorecard: ScorecardSummary | { id: string };
  level: string | null;
  points: number;
  maxPoints: number;
  reason: ScoreChangeReason;
  changedAt: string;
  evaluatedAt: string;
  checks: CheckView[];
}

export interface EntityReport {
  entityRef: string;
  ownerRef: string | null;
  scorecards: EntityScorecard[];
}

export interface EntityHistory {
  entityRef: string;
  items: StoredScore[];
}

/** A team as the API names it. */
export interface TeamSummary {
  teamRef: string;
  /** Display name, title or name. */
  title: string;
  /** The group's `spec.type`, e.g. team or department. */
  type?: string;
}

/** A set of entities' standing on one scorecard. */
export interface ScorecardStanding extends LevelDistribution {
  scorecard: ScorecardSummary | { id: string };
}

/** An entity the team owns itself, with its current score. */
export interface OwnedEntity {
  entityRef: string;
  level: string | null;
  points: number;
  maxPoints: number;
  /** Checks it fails. */
  failedChecks: number;
  /** Checks whose facts were not available. */
  unknownChecks: number;
}

/** A team's standing on one scorecard: its own entities and those of every group below it. */
export interface TeamScorecard extends ScorecardStanding {
  worstChecks: Array<WorstCheck & { title?: string; howToFix?: string }>;
  /** The entities the team owns itself (not its sub-teams), worst first. */
  owned: OwnedEntity[];
  /** Each direct sub-team's standing, its own subtree included. */
  teams: Array<TeamSummary & LevelDistribution>;
  /** Level distribution per day; left out when asked without the trend. */
  trend?: TrendPoint[];
}

export interface TeamReport extends TeamSummary {
  /** The parent group, or null at the top of the tree (or when not in the catalog). */
  parent: TeamSummary | null;
  /** Direct sub-teams. */
  children: TeamSummary[];
  /** Groups rolled up: the team and every group below it. */
  groups: number;
  scorecards: TeamScorecard[];
}

export interface TeamTrendReport {
  teamRef: string;
  scorecards: Array<{
    scorecard: ScorecardSummary | { id: string };
    trend: TrendPoint[];
  }>;
}

/** A top-level team with its direct sub-teams, each rolled up over its subtree. */
export interface TopLevelTeam extends TeamSummary {
  groups: number;
  scorecards: ScorecardStanding[];
  children: Array<TeamSummary & { scorecards: ScorecardStanding[] }>;
}

export interface TeamsReport {
  teams: TopLevelTeam[];
}

/** Progress of some teams' entities towards an initiative's target. */
export interface InitiativeStanding {
  /** Entities in scope (scored by the scorecard and matching the initiative). */
  entities: number;
  /** Those at or above the target level. */
  reached: number;
  /** `reached` out of `entities`, rounded down; 100 when nothing is in scope. */
  percent: number;
}

export interface InitiativeProgress extends InitiativeStanding {
  id: string;
  title: string;
  description?: string;
  /** Who drives it. */
  owner?: string;
  /** The file it is defined in. */
  file: string;
  scorecard: ScorecardSummary;
  targetLevel: { id: string; title: string };
  appliesTo: InitiativeScope;
  dueDate: string;
  /** Days from today (UTC) to the due date; negative once past. */
  daysLeft: number;
  /** `done` when every entity in scope reached the target; `overdue` past the due date otherwise. */
  status: 'done' | 'open' | 'overdue';
  /**
   * Per team: the owners of the entities in scope, or, for a team's
   * initiatives, the team itself and each direct sub-team with its subtree.
   * Teams furthest from the target first.
   */
  teams: Array<InitiativeStanding & { teamRef: string | null; title?: string }>;
  /** Progress at the end of each day, from the score history. */
  trend: Array<InitiativeStanding & { date: string }>;
}

export interface InitiativesReport {
  /** Set for a team's initiatives: only its subtree counts. */
  teamRef?: string;
  initiatives: InitiativeProgress[];
  /** Rejected files, and initiatives that name a missing scorecard or level. */
  errors: DefinitionLoadError[];
}

export interface OrphansReport {
  total: number;
  items: OrphanedEntity[];
}

export interface DefinitionsReport {
  definitions: Array<{ file: string; hash: string } & Record<string, unknown>>;
  errors: DefinitionLoadError[];
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
