import { teamsOf } from './teams';
import { initiativesConcerning } from './initiatives';
import { levelsByEntity } from './services';

describe('teamsOf', () => {
  it("keeps the groups of a user's ownership refs, once, lowercase", () => {
    expect(
      teamsOf([
        'user:default/priya.nair',
        'group:default/Checkout',
        'group:default/checkout',
        'group:other/web',
        'not a ref::',
        '',
      ]),
    ).toEqual(['group:default/checkout', 'group:other/web']);
  });
});

describe('initiativesConcerning', () => {
  const initiative = (
    id: string,
    status: 'open' | 'done' | 'overdue',
    dueDate: string,
    entities: number,
  ) => ({ id, status, dueDate, entities, reached: 0, percent: 0 } as any);
  it("keeps initiatives with the team's entities in scope, once, overdue first then by due date", () => {
    const result = initiativesConcerning([
      {
        teamRef: 'group:default/checkout',
        initiatives: [
          initiative('a', 'open', '2027-02-01', 2),
          initiative('b', 'open', '2027-01-01', 0),
          initiative('c', 'done', '2026-01-01', 1),
        ],
        errors: [],
      },
      {
        teamRef: 'group:default/web',
        initiatives: [
          initiative('a', 'open', '2027-02-01', 5),
          initiative('d', 'overdue', '2026-10-01', 1),
          initiative('e', 'open', '2027-01-15', 3),
        ],
        errors: [],
      },
    ]);
    expect(result.map(i => [i.id, i.teamRef])).toEqual([
      ['d', 'group:default/web'],
      ['e', 'group:default/web'],
      ['a', 'group:default/checkout'],
      ['c', 'group:default/checkout'],
    ]);
  });
});

describe('levelsByEntity', () => {
  it('gives each owned entity its level title per scorecard', () => {
    const byRef = levelsByEntity({
      teamRef: 'group:default/checkout',
      title: 'Checkout',
      parent: null,
      children: [],
      groups: 1,
      scorecards: [
        {
          scorecard: {
            id: 'maturity',
            title: 'Service maturity',
            levels: [{ id: 'bronze', title: 'Bronze' }],
          },
          owned: [
            {
              entityRef: 'Component:default/Checkout-Service',
              level: 'bronze',
              points: 1,
              maxPoints: 2,
              failedChecks: 1,
              unknownChecks: 0,
            },
            {
              entityRef: 'component:default/promotions-service',
              level: null,
              points: 0,
              maxPoints: 2,
              failedChecks: 2,
              unknownChecks: 0,
            },
          ],
        } as any,
      ],
    });
    expect(byRef.get('component:default/checkout-service')?.levels).toEqual([
      { scorecard: 'Service maturity', level: 'Bronze', levelId: 'bronze' },
    ]);
    expect(
      byRef.get('component:default/promotions-service')?.levels[0].level,
    ).toBe('No level');
  });
});
