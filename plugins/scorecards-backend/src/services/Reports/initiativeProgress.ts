import {
  reachesLevel,
  type LevelDefinition,
} from '@internal/plugin-scorecards-common';
import type { LevelCount } from '../../database/types';
import type { TrendPoint } from './levelTrend';
import type { InitiativeStanding } from './types';

const DAY = 24 * 60 * 60 * 1000;

/** Entities in scope and those at or above the target, as a standing. */
export function standing(
  entities: number,
  reached: number,
): InitiativeStanding {
  return {
    entities,
    reached,
    // Rounded down: 99.6% is not done yet.
    percent: entities ? Math.floor((100 * reached) / entities) : 100,
  };
}

/** The standing of some level counts (one scorecard) towards a target level. */
export function standingOf(
  counts: ReadonlyArray<Pick<LevelCount, 'level' | 'entities'>>,
  levels: ReadonlyArray<LevelDefinition>,
  target: string,
): InitiativeStanding {
  let entities = 0;
  let reached = 0;
  for (const c of counts) {
    entities += c.entities;
    if (reachesLevel(levels, c.level, target)) reached += c.entities;
  }
  return standing(entities, reached);
}

/** Progress per day from a level trend. */
export function progressTrend(
  trend: ReadonlyArray<TrendPoint>,
  levels: ReadonlyArray<LevelDefinition>,
  target: string,
): Array<InitiativeStanding & { date: string }> {
  return trend.map(point => ({
    date: point.date,
    ...standingOf(
      Object.entries(point.levels).map(([level, entities]) => ({
        level,
        entities,
      })),
      levels,
      target,
    ),
  }));
}

/** Whole days from today (UTC) to the due date; negative once past. */
export function daysLeft(dueDate: string, now: Date): number {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - today) / DAY);
}

/** `done` once everything in scope reached the target; `overdue` past the due date otherwise. */
export function statusOf(
  overall: InitiativeStanding,
  left: number,
): 'done' | 'open' | 'overdue' {
  if (overall.reached === overall.entities) return 'done';
  return left < 0 ? 'overdue' : 'open';
}
