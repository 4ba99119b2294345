import { DEFAULT_LEVELS } from '../types';
import { reachesLevel } from './reachesLevel';

describe('reachesLevel', () => {
  it('counts the target level and every level above it', () => {
    expect(
      [null, 'bronze', 'silver', 'gold'].map(l =>
        reachesLevel(DEFAULT_LEVELS, l, 'silver'),
      ),
    ).toEqual([false, false, true, true]);
  });

  it('reaches nothing with a level or target the scorecard does not have', () => {
    expect(reachesLevel(DEFAULT_LEVELS, 'platinum', 'bronze')).toBe(false);
    expect(reachesLevel(DEFAULT_LEVELS, 'gold', 'platinum')).toBe(false);
  });
});
