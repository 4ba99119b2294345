import {
  NO_LEVEL,
  type EntityScore,
  type ScorecardDefinition,
  type TeamRollUp,
  type WorstCheck,
} from '../types';

/**
 * Options for {@link rollUp}.
 *
 * @public
 */
export interface RollUpOptions {
  /**
   * The scorecards the scores come from. When given, every level of a
   * scorecard appears in {@link TeamRollUp.levels}, with 0 when no entity
   * reached it.
   */
  definitions?: ReadonlyArray<ScorecardDefinition>;
  /** How many worst checks to keep per roll-up; 5 unless given. */
  worstChecks?: number;
}

interface Accumulator {
  rollUp: TeamRollUp;
  totalPoints: number;
  checks: Map<string, WorstCheck>;
}

/**
 * Rolls entity scores up per owner and scorecard: entities owned, how many
 * reached each level, mean points and the checks most often not passed.
 *
 * @returns One roll-up per (owner, scorecard) pair, ordered by owner then
 *   scorecard; entities without an owner are rolled up under `ownerRef: null`.
 * @public
 */
export function rollUp(
  scores: ReadonlyArray<EntityScore>,
  options: RollUpOptions = {},
): TeamRollUp[] {
  const limit = options.worstChecks ?? 5;
  const definitions = new Map((options.definitions ?? []).map(d => [d.id, d]));
  const groups = new Map<string, Accumulator>();

  for (const score of scores) {
    const key = JSON.stringify([score.ownerRef, score.scorecardId]);
    let acc = groups.get(key);
    if (!acc) {
      const levels: Record<string, number> = { [NO_LEVEL]: 0 };
      for (const level of definitions.get(score.scorecardId)?.levels ?? [])
        levels[level.id] = 0;
      acc = {
        rollUp: {
          ownerRef: score.ownerRef,
          scorecardId: score.scorecardId,
          entities: 0,
          levels,
          averagePoints: 0,
          worstChecks: [],
        },
        totalPoints: 0,
        checks: new Map(),
      };
      groups.set(key, acc);
    }
    acc.rollUp.entities += 1;
    const level = score.level ?? NO_LEVEL;
    acc.rollUp.levels[level] = (acc.rollUp.levels[level] ?? 0) + 1;
    acc.totalPoints += score.points;
    for (const result of score.results) {
      if (result.status === 'passed') continue;
      let check = acc.checks.get(result.checkId);
      if (!check) {
        check = { checkId: result.checkId, failed: 0, unknown: 0 };
        acc.checks.set(result.checkId, check);
      }
      check[result.status] += 1;
    }
  }

  const out = [...groups.values()].map(
    ({ rollUp: r, totalPoints, checks }) => ({
      ...r,
      averagePoints: Math.round((totalPoints / r.entities) * 10) / 10,
      worstChecks: [...checks.values()]
        .sort(
          (a, b) =>
            b.failed + b.unknown - (a.failed + a.unknown) ||
            b.failed - a.failed ||
            a.checkId.localeCompare(b.checkId),
        )
        .slice(0, limit),
    }),
  );
  return out.sort(
    (a, b) =>
      (a.ownerRef ?? '').localeCompare(b.ownerRef ?? '') ||
      a.scorecardId.localeCompare(b.scorecardId),
  );
}
