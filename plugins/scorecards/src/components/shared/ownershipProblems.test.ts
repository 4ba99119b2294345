import { countProblems, reasonOf } from './ownershipProblems';

describe('ownership problems', () => {
  it('says why and what to do for each problem', () => {
    expect(reasonOf({ problem: 'no-owner', ownerRef: null })).toMatch(
      /^No owner is set/,
    );
    expect(
      reasonOf({ problem: 'owner-missing', ownerRef: 'group:default/gone' }),
    ).toBe(
      'group:default/gone is not in the catalog (renamed, removed or misspelt): point spec.owner at an existing team.',
    );
    expect(
      reasonOf({
        problem: 'owner-has-no-members',
        ownerRef: 'group:default/empty',
      }),
    ).toMatch(/^group:default\/empty has no members in the catalog/);
  });

  it('counts the problems', () => {
    expect(
      countProblems([
        { problem: 'owner-missing' },
        { problem: 'owner-missing' },
      ]),
    ).toEqual({
      'no-owner': 0,
      'owner-missing': 2,
      'owner-has-no-members': 0,
    });
  });
});
