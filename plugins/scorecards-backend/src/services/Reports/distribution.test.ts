import { distribution, worstChecks } from './distribution';

const count = (
  ownerRef: string,
  level: string | null,
  entities: number,
  points: number,
) => ({
  ownerRef,
  scorecardId: 'services',
  level,
  entities,
  points,
});

describe('distribution', () => {
  it('adds up the counts of several owners, with every level present', () => {
    expect(
      distribution(
        [
          count('group:default/a', 'bronze', 2, 6),
          count('group:default/b', 'bronze', 1, 4),
          count('group:default/b', null, 1, 0),
        ],
        ['bronze', 'silver', 'gold'],
      ),
    ).toEqual({
      entities: 4,
      levels: { none: 1, bronze: 3, silver: 0, gold: 0 },
      averagePoints: 2.5,
    });
  });

  it('is empty without counts', () => {
    expect(distribution([], ['bronze'])).toEqual({
      entities: 0,
      levels: { none: 0, bronze: 0 },
      averagePoints: 0,
    });
  });
});

describe('worstChecks', () => {
  it('orders by entities not passing, then by failures, then by id, and keeps the worst', () => {
    const c = (checkId: string, failed: number, unknown: number) => ({
      scorecardId: 'services',
      checkId,
      failed,
      unknown,
    });
    expect(
      worstChecks(
        [c('b', 1, 1), c('a', 1, 1), c('c', 2, 0), c('d', 3, 0), c('e', 0, 0)],
        3,
      ),
    ).toEqual([
      { checkId: 'd', failed: 3, unknown: 0 },
      { checkId: 'c', failed: 2, unknown: 0 },
      { checkId: 'a', failed: 1, unknown: 1 },
    ]);
  });
});
