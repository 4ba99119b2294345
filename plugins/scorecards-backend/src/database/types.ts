import type {
  CheckResult,
  ScoreChangeReason,
} from '@internal/plugin-scorecards-common';

/** Identifies one score: an entity on a scorecard. */
export interface ScoreKey {
  entityRef: string;
  scorecardId: string;
}

/** A recorded score (a history row). */
export interface StoredScore extends ScoreKey {
  ownerRef: string | null;
  level: string | null;
  points: number;
  maxPoints: number;
  results: CheckResult[];
  reason: ScoreChangeReason;
  /** When this score was first seen (ISO 8601). */
  evaluatedAt: string;
}

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

/** A history point for trends. */
export interface ScorePoint extends ScoreKey {
  level: string | null;
  points: number;
  evaluatedAt: string;
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
  /** History of the entities the owner owns now, oldest first. */
  historyForOwner(ownerRef: string): Promise<ScorePoint[]>;
}
