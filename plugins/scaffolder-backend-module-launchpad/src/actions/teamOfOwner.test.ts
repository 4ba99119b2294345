import { InputError } from '@backstage/errors';
import { teamOfOwner } from './teamOfOwner';

describe('teamOfOwner', () => {
  it.each([
    { owner: 'group:default/checkout', team: 'checkout' },
    { owner: 'group:checkout', team: 'checkout' },
    { owner: 'checkout', team: 'checkout' },
    { owner: 'Group:default/checkout', team: 'checkout' },
  ])('reads $owner as team $team', ({ owner, team }) => {
    expect(teamOfOwner(owner)).toBe(team);
  });

  it.each([
    { owner: 'group:other/checkout' },
    { owner: 'other/checkout' },
    { owner: 'user:default/priya.nair' },
    { owner: 'component:default/checkout' },
    { owner: '' },
    { owner: 'group:' },
    { owner: ['group:default/checkout'] },
    { owner: { kind: 'group', name: 'checkout' } },
    { owner: 42 },
    { owner: undefined },
  ])('refuses $owner with an InputError', ({ owner }) => {
    expect(() => teamOfOwner(owner)).toThrow(InputError);
    expect(() => teamOfOwner(owner)).toThrow(
      /^owner is not a group reference: /,
    );
  });
});
