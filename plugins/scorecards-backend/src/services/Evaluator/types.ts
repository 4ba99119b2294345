import type { ScoreChangeReason } from '@internal/plugin-scorecards-common';

/** What one evaluation run did. */
export interface EvaluationSummary {
  /** Live scorecards evaluated. */
  scorecards: number;
  /** Entities at least one scorecard applies to. */
  entities: number;
  /** (entity, scorecard) pairs evaluated. */
  evaluated: number;
  /** Pairs whose score changed (or were seen for the first time): new history rows. */
  changed: number;
  /** Pairs no longer evaluated (entity gone, or the scorecard no longer applies). */
  removed: number;
  /** New history rows by reason. */
  reasons: Partial<Record<ScoreChangeReason, number>>;
  /** Fact sources that could not answer, with why. */
  unavailableSources: Record<string, string>;
  durationMs: number;
}

/** Evaluates the live scorecards against catalog entities and stores the results. */
export interface ScorecardEvaluator {
  /**
   * Runs an evaluation: of every entity the scorecards apply to, or only of
   * the given entity refs. Runs never overlap; a call waits for the one
   * in progress, then runs.
   */
  evaluate(options?: { entityRefs?: string[] }): Promise<EvaluationSummary>;
}
