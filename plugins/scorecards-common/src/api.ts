/*
 * What the scorecards REST API (/api/scorecards, documented in the backend's
 * README) answers: the one definition of its responses, for the backend
 * that builds them and the UI that reads them.
 */
import type {
  CheckDefinition,
  CheckResult,
  InitiativeScope,
  LevelDefinition,
  ScoreChangeReason,
  WorstCheck,
} from './types';

/**
 * A scorecard as the API describes it next to results. Only `id` is certain:
 * a scorecard whose definition is gone is named by its id alone.
 *
 * @public
 */
export interface ScorecardInfo {
  id: string;
  title?: string;
  description?: string;
  levels?: LevelDefinition[];
}

/**
 * A check result with what the check is and how to fix it (the definition's
 * fields are missing when the check is no longer defined).
 *
 * @public
 */
export type ScoredCheck = CheckResult &
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

/**
 * An entity's current score on one scorecard.
 *
 * @public
 */
export interface EntityScorecard {
  scorecard: ScorecardInfo;
  level: string | null;
  points: number;
  maxPoints: number;
  reason: ScoreChangeReason;
  changedAt: string;
  evaluatedAt: string;
  checks: ScoredCheck[];
}

/**
 * `GET /entities/:kind/:namespace/:name`
 *
 * @public
 */
export interface EntityReport {
  entityRef: string;
  ownerRef: string | null;
  scorecards: EntityScorecard[];
}

/**
 * A recorded score: a row of an entity's history.
 *
 * @public
 */
export interface ScoreRecord {
  entityRef: string;
  scorecardId: string;
  ownerRef: string | null;
  level: string | null;
  points: number;
  maxPoints: number;
  results: CheckResult[];
  reason: ScoreChangeReason;
  /** When this score was first seen (ISO 8601). */
  evaluatedAt: string;
}

/**
 * `GET /entities/:kind/:namespace/:name/history`
 *
 * @public
 */
export interface EntityHistory {
  entityRef: string;
  items: ScoreRecord[];
}

/**
 * How many entities are at each level, and their mean points.
 *
 * @public
 */
export interface LevelDistribution {
  entities: number;
  /** Every level of the scorecard (0 when none reached it); `none` below the first. */
  levels: Record<string, number>;
  /** Mean points per entity, rounded to one decimal; 0 without entities. */
  averagePoints: number;
}

/**
 * The level distribution at the end of one day (UTC).
 *
 * @public
 */
export interface TrendPoint extends LevelDistribution {
  /** The day, `YYYY-MM-DD`. */
  date: string;
}

/**
 * A team as the API names it.
 *
 * @public
 */
export interface TeamSummary {
  teamRef: string;
  /** Display name, title or name. */
  title: string;
  /** The group's `spec.type`, e.g. team or department. */
  type?: string;
}

/**
 * A set of entities' standing on one scorecard.
 *
 * @public
 */
export interface ScorecardStanding extends LevelDistribution {
  scorecard: ScorecardInfo;
}

/**
 * An entity a team owns itself, with its current score.
 *
 * @public
 */
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

/**
 * A team's standing on one scorecard: its own entities and those of every group below it.
 *
 * @public
 */
export interface TeamScorecard extends ScorecardStanding {
  worstChecks: Array<WorstCheck & { title?: string; howToFix?: string }>;
  /** The entities the team owns itself (not its sub-teams), worst first. */
  owned: OwnedEntity[];
  /** Each direct sub-team's standing, its own subtree included. */
  teams: Array<TeamSummary & LevelDistribution>;
  /** Level distribution per day; only when asked with `trend=true`. */
  trend?: TrendPoint[];
}

/**
 * `GET /teams/:namespace/:name`
 *
 * @public
 */
export interface TeamReport extends TeamSummary {
  /** The parent group, or null at the top of the tree (or when not in the catalog). */
  parent: TeamSummary | null;
  /** Direct sub-teams. */
  children: TeamSummary[];
  /** Groups rolled up: the team and every group below it. */
  groups: number;
  scorecards: TeamScorecard[];
}

/**
 * `GET /teams/:namespace/:name/trend`
 *
 * @public
 */
export interface TeamTrendReport {
  teamRef: string;
  scorecards: Array<{ scorecard: ScorecardInfo; trend: TrendPoint[] }>;
}

/**
 * A top-level team with its direct sub-teams, each rolled up over its subtree.
 *
 * @public
 */
export interface TopLevelTeam extends TeamSummary {
  groups: number;
  scorecards: ScorecardStanding[];
  children: Array<TeamSummary & { scorecards: ScorecardStanding[] }>;
}

/**
 * `GET /teams`
 *
 * @public
 */
export interface TeamsReport {
  teams: TopLevelTeam[];
}

/**
 * Progress of some teams' entities towards an initiative's target.
 *
 * @public
 */
export interface InitiativeStanding {
  /** Entities in scope (scored by the scorecard and matching the initiative). */
  entities: number;
  /** Those at or above the target level. */
  reached: number;
  /** `reached` out of `entities`, rounded down; 100 when nothing is in scope. */
  percent: number;
}

/**
 * An initiative and its progress (`GET /initiatives/:id`).
 *
 * @public
 */
export interface InitiativeProgress extends InitiativeStanding {
  id: string;
  title: string;
  description?: string;
  /** Who drives it. */
  owner?: string;
  /** The file it is defined in. */
  file: string;
  scorecard: ScorecardInfo;
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

/**
 * A definitions file that is rejected (or clashes with another).
 *
 * @public
 */
export interface DefinitionLoadError {
  file: string;
  /** Every problem, one a line, each naming the file, check and field. */
  message: string;
  /** When the problem was first seen (ISO 8601). */
  since: string;
  /** Whether the file's last good definitions are still live. */
  keptLastGood: boolean;
}

/**
 * `GET /initiatives`, or a team's (`GET /teams/:namespace/:name/initiatives`).
 *
 * @public
 */
export interface InitiativesReport {
  /** Set for a team's initiatives: only its subtree counts. */
  teamRef?: string;
  initiatives: InitiativeProgress[];
  /** Rejected files, and initiatives that name a missing scorecard or level. */
  errors: DefinitionLoadError[];
}

/**
 * Why nobody can be asked about an entity.
 *
 * @public
 */
export type OwnershipProblem =
  | 'no-owner'
  | 'owner-missing'
  | 'owner-has-no-members';

/**
 * An entity nobody can be asked about.
 *
 * @public
 */
export interface OrphanedEntity {
  entityRef: string;
  kind: string;
  title?: string;
  /** The declared owner, or null when there is none. */
  ownerRef: string | null;
  problem: OwnershipProblem;
}

/**
 * `GET /orphans`
 *
 * @public
 */
export interface OrphansReport {
  total: number;
  items: OrphanedEntity[];
}

/**
 * `GET /definitions`
 *
 * @public
 */
export interface DefinitionsReport {
  definitions: Array<{ file: string; hash: string } & Record<string, unknown>>;
  errors: DefinitionLoadError[];
}
