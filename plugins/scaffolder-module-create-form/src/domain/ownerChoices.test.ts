import { isPlatformAdmin, ownerChoices, teamsOf } from './ownerChoices';

describe('ownerChoices', () => {
  const allGroups = [
    'group:default/checkout',
    'group:default/payments',
    'group:default/platform',
    'Group:default/Search',
  ];
  it.each([
    [
      'a developer in one team',
      ['user:default/priya.nair', 'group:default/checkout'],
      ['group:default/checkout'],
      'group:default/checkout',
    ],
    [
      'a developer in two teams (first one pre-filled)',
      ['user:default/sam', 'group:default/payments', 'group:default/checkout'],
      ['group:default/payments', 'group:default/checkout'],
      'group:default/payments',
    ],
    [
      'refs in other cases and without a namespace',
      ['User:default/Sam', 'Group:Default/Payments', 'group:checkout'],
      ['group:default/payments', 'group:default/checkout'],
      'group:default/payments',
    ],
    ['a user in no team', ['user:default/new.hire'], [], undefined],
    [
      'junk refs are ignored',
      ['', 'not a ref', 'group:', ':x', 'group:default/checkout'],
      ['group:default/checkout'],
      'group:default/checkout',
    ],
    [
      'a platform admin: their team first, then every group',
      ['user:default/raj.patel', 'group:default/platform'],
      [
        'group:default/platform',
        'group:default/checkout',
        'group:default/payments',
        'group:default/search',
      ],
      'group:default/platform',
    ],
  ])('%s', (_what, ownershipEntityRefs, options, initial) => {
    expect(
      ownerChoices({
        ownershipEntityRefs,
        admins: ['group:default/platform'],
        allGroups,
      }),
    ).toEqual({ options, initial });
  });

  it.each([
    [['user:default/raj', 'group:default/platform'], ['platform'], true],
    [['user:default/raj'], ['user:default/raj'], true],
    [['user:default/raj'], ['group:default/raj'], false],
    [
      ['user:default/priya', 'group:default/checkout'],
      ['group:default/platform'],
      false,
    ],
    [['group:default/platform-fans'], ['group:default/platform'], false],
  ])('isPlatformAdmin(%j, %j) = %s', (refs, admins, expected) => {
    expect(isPlatformAdmin(refs, admins)).toBe(expected);
  });

  it('teamsOf keeps groups only, once each', () => {
    expect(
      teamsOf([
        'group:default/a',
        'user:default/a',
        'GROUP:default/a',
        'group:default/b',
      ]),
    ).toEqual(['group:default/a', 'group:default/b']);
  });
});
