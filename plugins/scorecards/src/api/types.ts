/** One check of a scorecard, as scored for an entity. */
export interface ScoredCheck {
  checkId: string;
  title: string;
  description?: string;
  howToFix?: string;
  level: string;
  points?: number;
  status: 'passed' | 'failed' | 'unknown';
  actual?: unknown;
  message?: string;
}

/** An entity's current standing on one scorecard. */
export interface EntityScorecard {
  scorecard: {
    id: string;
    title: string;
    description?: string;
    levels: Array<{ id: string; title: string; description?: string }>;
  };
  level: string | null;
  points: number;
  maxPoints: number;
  reason: string;
  changedAt: string;
  evaluatedAt: string;
  checks: ScoredCheck[];
}

/** GET /api/scorecards/entities/:kind/:namespace/:name */
export interface EntityScorecardsResponse {
  entityRef: string;
  ownerRef: string | null;
  scorecards: EntityScorecard[];
}

/** A scorecard as team reports describe it. */
export interface ScorecardInfo {
  id: string;
  title?: string;
  description?: string;
  levels?: Array<{ id: string; title: string; description?: string }>;
}

/** How many entities are at each level (`none` below the first), and their mean points. */
export interface LevelDistribution {
  entities: number;
  levels: Record<string, number>;
  averagePoints: number;
}

/** A team as the API names it. */
export interface TeamSummary {
  teamRef: string;
  title: string;
  type?: string;
}

/** The level distribution at the end of one day. */
export interface TrendPoint extends LevelDistribution {
  date: string;
}

/** A team's standing on one scorecard, its whole subtree included. */
export interface TeamScorecard extends LevelDistribution {
  scorecard: ScorecardInfo;
  worstChecks: Array<{
    checkId: string;
    failed: number;
    unknown: number;
    title?: string;
    howToFix?: string;
  }>;
  /** What the team owns itself, worst first. */
  owned: Array<{
    entityRef: string;
    level: string | null;
    points: number;
    maxPoints: number;
    failedChecks: number;
    unknownChecks: number;
  }>;
  /** Direct sub-teams, each with its own subtree. */
  teams: Array<TeamSummary & LevelDistribution>;
}

/** GET /api/scorecards/teams/:namespace/:name?trend=false */
export interface TeamReport extends TeamSummary {
  parent: TeamSummary | null;
  children: TeamSummary[];
  groups: number;
  scorecards: TeamScorecard[];
}

/** GET /api/scorecards/teams/:namespace/:name/trend */
export interface TeamTrendReport {
  teamRef: string;
  scorecards: Array<{ scorecard: ScorecardInfo; trend: TrendPoint[] }>;
}

/** A set of entities' standing on one scorecard. */
export interface ScorecardStanding extends LevelDistribution {
  scorecard: ScorecardInfo;
}

/** GET /api/scorecards/teams */
export interface TeamsReport {
  teams: Array<
    TeamSummary & {
      groups: number;
      scorecards: ScorecardStanding[];
      children: Array<TeamSummary & { scorecards: ScorecardStanding[] }>;
    }
  >;
}

/** Entities in scope, and those at or above the target level. */
export interface InitiativeStanding {
  entities: number;
  reached: number;
  percent: number;
}

export interface InitiativeProgress extends InitiativeStanding {
  id: string;
  title: string;
  description?: string;
  owner?: string;
  file: string;
  scorecard: ScorecardInfo;
  targetLevel: { id: string; title: string };
  appliesTo: { kind?: string[]; type?: string[]; lifecycle?: string[] };
  dueDate: string;
  daysLeft: number;
  status: 'done' | 'open' | 'overdue';
  teams: Array<InitiativeStanding & { teamRef: string | null; title?: string }>;
  trend: Array<InitiativeStanding & { date: string }>;
}

/** GET /api/scorecards/initiatives, or a team's. */
export interface InitiativesReport {
  teamRef?: string;
  initiatives: InitiativeProgress[];
  errors: Array<{ file: string; message: string }>;
}

/** Why nobody can be asked about an entity. */
export type OwnershipProblem =
  | 'no-owner'
  | 'owner-missing'
  | 'owner-has-no-members';

/** GET /api/scorecards/orphans */
export interface OrphansReport {
  total: number;
  items: Array<{
    entityRef: string;
    kind: string;
    title?: string;
    ownerRef: string | null;
    problem: OwnershipProblem;
  }>;
}
