import type {
  CheckResult,
  ScoreChangeReason,
  ScoreRecord,
} from '@internal/plugin-scorecards-common';

/** Identifies one score: an entity on a scorecard. */
export interface ScoreKey {
  entityRef: string;
  scorecardId: string;
}

/** A recorded score (a history row), as the API's history returns it. */
export type StoredScore = ScoreRecord;

/** The current score of an entity on a scorecard. */
export interface LatestScore extends Omit<StoredScore, 'evaluatedAt'> {
  /** When the score last changed (ISO 8601). */
  changedAt: string;
  /** When it was last evaluated, changed or not (ISO 8601). */
  evaluatedAt: string;
}

/** What the evaluator compares a new result with. */
export interface LatestScoreState extends ScoreKey {
  ownerRef: string | null;
  signature: string;
  resultsHash: string;
  definitionHash: string;
  inputHash: string;
}

/** A new result to store for one key. */
export interface ScoreWrite extends ScoreKey {
  ownerRef: string | null;
  level: string | null;
  points: number;
  maxPoints: number;
  results: CheckResult[];
  signature: string;
  resultsHash: string;
  definitionHash: string;
  inputHash: string;
  /**
   * The reason when the score changed (a history row is added), or undefined
   * when only its inputs, owner or fact values changed (the latest row is refreshed).
   */
  reason?: ScoreChangeReason;
}

/** Storage of scores and their history. */
export interface ScoreStore {
  /** Current state of the scores of these scorecards, optionally only of these entities. */
  latestStates(filter: {
    scorecardIds: string[];
    entityRefs?: string[];
  }): Promise<LatestScoreState[]>;

  /**
   * Stores one evaluation run in a transaction: writes, the evaluation time
   * of every score the run saw, and removal of scores that no longer apply.
   */
  saveEvaluation(run: {
    evaluatedAt: Date;
    writes: ScoreWrite[];
    /** Scores the run evaluated: by scorecard, and by entity for a partial run. */
    evaluated: { scorecardIds: string[]; entityRefs?: string[] };
    removed: ScoreKey[];
    /** Drop the current scores of every other scorecard (a full run). */
    removeOtherScorecards: boolean;
  }): Promise<void>;

  latestForEntity(entityRef: string): Promise<LatestScore[]>;
  historyForEntity(
    entityRef: string,
    options: { scorecardId?: string; limit: number },
  ): Promise<StoredScore[]>;
  latestForOwner(ownerRef: string): Promise<LatestScore[]>;
}

/**
 * Which current scores an aggregate covers. Every given criterion must
 * match; an empty list matches nothing.
 */
export interface ScoreFilter {
  scorecardIds?: string[];
  /** Current owners (lowercase refs). */
  ownerRefs?: string[];
  entityRefs?: string[];
}

/** How many current scores of one owner are at one level of one scorecard. */
export interface LevelCount {
  ownerRef: string | null;
  scorecardId: string;
  /** null below the first level. */
  level: string | null;
  entities: number;
  /** Sum of their points. */
  points: number;
}

/** How many current scores of some owners fail a check, or have it unknown. */
export interface CheckCount {
  scorecardId: string;
  checkId: string;
  failed: number;
  unknown: number;
}

/**
 * A change in the level distribution of one scorecard on one day (UTC): for
 * each entity, its last score of the day replaces its last score before.
 * Summing the changes of every day up to D gives the distribution at the end
 * of D.
 */
export interface DailyLevelChange {
  scorecardId: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  level: string | null;
  /** Entities that arrived at (positive) or left (negative) the level that day. */
  entities: number;
  /** The matching change of the sum of points. */
  points: number;
}

/** Aggregates over current scores and history, computed in the database. */
export interface ScoreRollUps {
  /** Current scores counted per owner, scorecard and level. */
  levelCounts(filter: ScoreFilter): Promise<LevelCount[]>;
  /** Failed and unknown checks summed over these owners, per scorecard and check. */
  checkCounts(filter: {
    ownerRefs: string[];
    scorecardIds?: string[];
  }): Promise<CheckCount[]>;
  /**
   * The day-by-day changes of the level distribution, from the history of
   * the entities that match the filter now; ordered by day.
   */
  dailyLevelChanges(filter: ScoreFilter): Promise<DailyLevelChange[]>;
}
