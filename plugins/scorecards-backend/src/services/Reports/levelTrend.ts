import { NO_LEVEL, type TrendPoint } from '@internal/plugin-scorecards-common';
import type { DailyLevelChange } from '../../database/types';

const DAY = 24 * 60 * 60 * 1000;

function dayOf(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/**
 * Day-by-day level distribution of one scorecard over the last `days` days
 * (today included), from the daily changes the store computes: each entity
 * counts with the last score recorded before the end of the day. Days before
 * the first score are left out.
 *
 * @param changes - Daily changes of one scorecard, oldest first.
 */
export function levelTrend(
  changes: ReadonlyArray<DailyLevelChange>,
  options: { days: number; now: Date; levels: ReadonlyArray<string> },
): TrendPoint[] {
  const today = dayOf(options.now);
  const counts = new Map<string, number>();
  let entities = 0;
  let points = 0;
  const trend: TrendPoint[] = [];
  let next = 0;
  for (let day = today - (options.days - 1) * DAY; day <= today; day += DAY) {
    const date = new Date(day).toISOString().slice(0, 10);
    // ISO dates compare as strings.
    while (next < changes.length && changes[next].day <= date) {
      const change = changes[next];
      const level = change.level ?? NO_LEVEL;
      counts.set(level, (counts.get(level) ?? 0) + change.entities);
      entities += change.entities;
      points += change.points;
      next += 1;
    }
    if (entities <= 0) continue;
    const levels: Record<string, number> = { [NO_LEVEL]: 0 };
    for (const level of options.levels) levels[level] = 0;
    for (const [level, count] of counts) {
      if (count !== 0 || level in levels) levels[level] = count;
    }
    trend.push({
      date,
      entities,
      levels,
      averagePoints: Math.round((points / entities) * 10) / 10,
    });
  }
  return trend;
}

export type { TrendPoint };
