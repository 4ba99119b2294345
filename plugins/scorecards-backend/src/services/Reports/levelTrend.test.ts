import type { ScorePoint } from '../../database/types';
import { levelTrend } from './levelTrend';

function point(
  entityRef: string,
  level: string | null,
  points: number,
  evaluatedAt: string,
): ScorePoint {
  return { entityRef, scorecardId: 'services', level, points, evaluatedAt };
}

describe('levelTrend', () => {
  const levels = ['bronze', 'silver', 'gold'];
  const now = new Date('2025-06-10T12:00:00Z');

  it('counts each entity at its last score of each day, from the first score on', () => {
    const history = [
      point('component:default/a', null, 1, '2025-06-07T09:00:00Z'),
      point('component:default/b', 'bronze', 3, '2025-06-08T10:00:00Z'),
      point('component:default/a', 'silver', 5, '2025-06-08T23:59:59Z'),
      point('component:default/b', 'gold', 9, '2025-06-10T08:00:00Z'),
    ];
    expect(levelTrend(history, { days: 5, now, levels })).toEqual([
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

  it('starts from scores older than the window', () => {
    const history = [
      point('component:default/a', 'gold', 9, '2025-01-01T00:00:00Z'),
    ];
    const trend = levelTrend(history, { days: 2, now, levels });
    expect(trend.map(t => [t.date, t.levels.gold])).toEqual([
      ['2025-06-09', 1],
      ['2025-06-10', 1],
    ]);
  });

  it('is empty without history', () => {
    expect(levelTrend([], { days: 30, now, levels })).toEqual([]);
  });
});
