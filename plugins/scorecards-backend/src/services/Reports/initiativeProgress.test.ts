import { DEFAULT_LEVELS } from '@internal/plugin-scorecards-common';
import {
  daysLeft,
  progressTrend,
  standingOf,
  statusOf,
} from './initiativeProgress';

describe('initiative progress', () => {
  it('counts entities at or above the target level, rounding the percentage down', () => {
    expect(
      standingOf(
        [
          { level: null, entities: 1 },
          { level: 'bronze', entities: 1 },
          { level: 'silver', entities: 998 },
          { level: 'gold', entities: 1 },
        ],
        DEFAULT_LEVELS,
        'silver',
      ),
    ).toEqual({ entities: 1001, reached: 999, percent: 99 });
    expect(standingOf([], DEFAULT_LEVELS, 'silver')).toEqual({
      entities: 0,
      reached: 0,
      percent: 100,
    });
  });

  it('turns a level trend into progress per day', () => {
    expect(
      progressTrend(
        [
          {
            date: '2026-01-01',
            entities: 4,
            levels: { none: 1, bronze: 2, silver: 1, gold: 0 },
            averagePoints: 3,
          },
          {
            date: '2026-01-02',
            entities: 4,
            levels: { none: 0, bronze: 1, silver: 2, gold: 1 },
            averagePoints: 6,
          },
        ],
        DEFAULT_LEVELS,
        'silver',
      ),
    ).toEqual([
      { date: '2026-01-01', entities: 4, reached: 1, percent: 25 },
      { date: '2026-01-02', entities: 4, reached: 3, percent: 75 },
    ]);
  });

  it('tells the days left and the status', () => {
    const now = new Date('2027-03-30T23:00:00Z');
    expect(daysLeft('2027-03-31', now)).toBe(1);
    expect(daysLeft('2027-03-29', now)).toBe(-1);
    expect(statusOf({ entities: 2, reached: 2, percent: 100 }, -5)).toBe(
      'done',
    );
    expect(statusOf({ entities: 2, reached: 1, percent: 50 }, 0)).toBe('open');
    expect(statusOf({ entities: 2, reached: 1, percent: 50 }, -1)).toBe(
      'overdue',
    );
  });
});
