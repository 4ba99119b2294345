import {
  type LevelDistribution,
  NO_LEVEL,
  type WorstCheck,
} from '@internal/plugin-scorecards-common';
import type { CheckCount, LevelCount } from '../../database/types';

/** Adds up level counts (of one scorecard) into one distribution. */
export function distribution(
  counts: ReadonlyArray<LevelCount>,
  levelIds: ReadonlyArray<string>,
): LevelDistribution {
  const levels: Record<string, number> = { [NO_LEVEL]: 0 };
  for (const id of levelIds) levels[id] = 0;
  let entities = 0;
  let points = 0;
  for (const count of counts) {
    const level = count.level ?? NO_LEVEL;
    levels[level] = (levels[level] ?? 0) + count.entities;
    entities += count.entities;
    points += count.points;
  }
  return {
    entities,
    levels,
    averagePoints: entities ? Math.round((points / entities) * 10) / 10 : 0,
  };
}

/**
 * The checks not passed by the most entities, worst first (failed and
 * unknown together, then failed, then id); only checks someone did not pass.
 */
export function worstChecks(
  counts: ReadonlyArray<CheckCount>,
  limit = 5,
): WorstCheck[] {
  return counts
    .filter(c => c.failed + c.unknown > 0)
    .map(({ checkId, failed, unknown }) => ({ checkId, failed, unknown }))
    .sort(
      (a, b) =>
        b.failed + b.unknown - (a.failed + a.unknown) ||
        b.failed - a.failed ||
        a.checkId.localeCompare(b.checkId),
    )
    .slice(0, limit);
}

export type { LevelDistribution };
