import type { EntityScore, ScorecardDefinition } from '../types';
import { DEFAULT_LEVELS } from '../types';
import { rollUp } from './rollUp';

function score(
  entityRef: string,
  ownerRef: string | null,
  level: string | null,
  points: number,
  statuses: Record<string, 'passed' | 'failed' | 'unknown'>,
  scorecardId = 'services',
): EntityScore {
  return {
    entityRef,
    ownerRef,
    scorecardId,
    level,
    points,
    maxPoints: 10,
    results: Object.entries(statuses).map(([checkId, status]) => ({
      checkId,
      status,
    })),
  };
}

const definition: ScorecardDefinition = {
  id: 'services',
  title: 'Services',
  appliesTo: { kind: ['Component'] },
  levels: [...DEFAULT_LEVELS],
  checks: [],
};

describe('rollUp', () => {
  const scores = [
    score('component:default/a', 'group:default/checkout', 'gold', 10, {
      docs: 'passed',
      ci: 'passed',
    }),
    score('component:default/b', 'group:default/checkout', 'bronze', 5, {
      docs: 'failed',
      ci: 'unknown',
    }),
    score('component:default/c', 'group:default/checkout', null, 2, {
      docs: 'failed',
      ci: 'passed',
    }),
    score('component:default/d', 'group:default/data', 'silver', 7, {
      docs: 'passed',
      ci: 'failed',
    }),
    score('component:default/e', null, null, 0, {
      docs: 'failed',
      ci: 'failed',
    }),
    score(
      'component:default/a',
      'group:default/checkout',
      null,
      1,
      { lint: 'failed' },
      'libraries',
    ),
  ];

  it('counts entities, levels and mean points per owner and scorecard', () => {
    const result = rollUp(scores, { definitions: [definition] });
    expect(result.map(r => [r.ownerRef, r.scorecardId, r.entities])).toEqual([
      [null, 'services', 1],
      ['group:default/checkout', 'libraries', 1],
      ['group:default/checkout', 'services', 3],
      ['group:default/data', 'services', 1],
    ]);
    const checkout = result.find(
      r =>
        r.ownerRef === 'group:default/checkout' && r.scorecardId === 'services',
    )!;
    expect(checkout.levels).toEqual({ none: 1, bronze: 1, silver: 0, gold: 1 });
    expect(checkout.averagePoints).toBe(5.7);
  });

  it('lists the checks not passed by the most entities first, unknown included', () => {
    const checkout = rollUp(scores).find(
      r =>
        r.ownerRef === 'group:default/checkout' && r.scorecardId === 'services',
    )!;
    expect(checkout.worstChecks).toEqual([
      { checkId: 'docs', failed: 2, unknown: 0 },
      { checkId: 'ci', failed: 0, unknown: 1 },
    ]);
    const data = rollUp(scores).find(r => r.ownerRef === 'group:default/data')!;
    expect(data.worstChecks).toEqual([
      { checkId: 'ci', failed: 1, unknown: 0 },
    ]);
  });

  it('keeps only the requested number of worst checks, and knows only seen levels without definitions', () => {
    const [unowned] = rollUp(scores, { worstChecks: 1 });
    expect(unowned.ownerRef).toBeNull();
    expect(unowned.worstChecks).toHaveLength(1);
    expect(unowned.levels).toEqual({ none: 1 });
  });

  it('returns nothing for no scores', () => {
    expect(rollUp([])).toEqual([]);
  });
});
