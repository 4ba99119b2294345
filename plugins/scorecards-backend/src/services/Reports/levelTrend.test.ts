import type { DailyLevelChange } from '../../database/types';
import { levelTrend } from './levelTrend';

function change(
  day: string,
  level: string | null,
  entities: number,
  points: number,
): DailyLevelChange {
  return { scorecardId: 'services', day, level, entities, points };
}

describe('levelTrend', () => {
  const levels = ['bronze', 'silver', 'gold'];
  const now = new Date('2025-06-10T12:00:00Z');

  it('accumulates the daily changes and carries each day over to the next, from the first score on', () => {
    // a: none (1 pt) on the 7th, silver (5) on the 8th; b: bronze (3) on the 8th, gold (9) on the 10th.
    const changes = [
      change('2025-06-07', null, 1, 1),
      change('2025-06-08', null, -1, -1),
      change('2025-06-08', 'bronze', 1, 3),
      change('2025-06-08', 'silver', 1, 5),
      change('2025-06-10', 'bronze', -1, -3),
      change('2025-06-10', 'gold', 1, 9),
    ];
    expect(levelTrend(changes, { days: 5, now, levels })).toEqual([
      {
        date: '2025-06-07',
        entities: 1,
        levels: { none: 1, bronze: 0, silver: 0, gold: 0 },
        averagePoints: 1,
      },
      {
        date: '2025-06-08',
        entities: 2,
        levels: { none: 0, bronze: 1, silver: 1, gold: 0 },
        averagePoints: 4,
      },
      {
        date: '2025-06-09',
        entities: 2,
        levels: { none: 0, bronze: 1, silver: 1, gold: 0 },
        averagePoints: 4,
      },
      {
        date: '2025-06-10',
        entities: 2,
        levels: { none: 0, bronze: 0, silver: 1, gold: 1 },
        averagePoints: 7,
      },
    ]);
  });

  it('starts from the state reached before the window', () => {
    const trend = levelTrend([change('2025-01-01', 'gold', 1, 9)], {
      days: 2,
      now,
      levels,
    });
    expect(trend.map(t => [t.date, t.levels.gold])).toEqual([
      ['2025-06-09', 1],
      ['2025-06-10', 1],
    ]);
  });

  it('keeps levels the definition no longer has, and is empty without history', () => {
    const [point] = levelTrend([change('2025-06-10', 'platinum', 2, 8)], {
      days: 1,
      now,
      levels,
    });
    expect(point.levels).toEqual({
      none: 0,
      bronze: 0,
      silver: 0,
      gold: 0,
      platinum: 2,
    });
    expect(levelTrend([], { days: 30, now, levels })).toEqual([]);
  });
});
