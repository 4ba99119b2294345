import { NO_LEVEL } from '@internal/plugin-scorecards-common';
import type { ScorePoint } from '../../database/types';

/** A team's standing on one scorecard at the end of one day. */
export interface TrendPoint {
  /** The day (UTC), `YYYY-MM-DD`. */
  date: string;
  /** Entities with a score by the end of that day. */
  entities: number;
  /** How many were at each level; `none` below the first. */
  levels: Record<string, number>;
  averagePoints: number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Day-by-day level distribution of one scorecard, from its history: each
 * entity counts with the last score recorded before the end of the day.
 * Days before the first score are left out.
 *
 * @param points - History of one scorecard, oldest first.
 */
export function levelTrend(
  points: ReadonlyArray<ScorePoint>,
  options: { days: number; now: Date; levels: ReadonlyArray<string> },
): TrendPoint[] {
  const today = Date.UTC(
    options.now.getUTCFullYear(),
    options.now.getUTCMonth(),
    options.now.getUTCDate(),
  );
  const current = new Map<string, ScorePoint>();
  const trend: TrendPoint[] = [];
  let next = 0;
  for (let day = today - (options.days - 1) * DAY; day <= today; day += DAY) {
    const end = day + DAY;
    while (next < points.length && Date.parse(points[next].evaluatedAt) < end) {
      current.set(points[next].entityRef, points[next]);
      next += 1;
    }
    if (current.size === 0) continue;
    const levels: Record<string, number> = { [NO_LEVEL]: 0 };
    for (const level of options.levels) levels[level] = 0;
    let total = 0;
    for (const point of current.values()) {
      const level = point.level ?? NO_LEVEL;
      levels[level] = (levels[level] ?? 0) + 1;
      total += point.points;
    }
    trend.push({
      date: new Date(day).toISOString().slice(0, 10),
      entities: current.size,
      levels,
      averagePoints: Math.round((total / current.size) * 10) / 10,
    });
  }
  return trend;
}
