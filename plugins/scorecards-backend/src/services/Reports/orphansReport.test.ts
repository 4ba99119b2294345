import { orphansReport } from './orphansReport';

describe('orphansReport', () => {
  const orphans = [
    {
      entityRef: 'component:default/a',
      kind: 'Component',
      ownerRef: null,
      problem: 'no-owner' as const,
    },
    {
      entityRef: 'component:default/b',
      kind: 'Component',
      ownerRef: 'group:default/gone',
      problem: 'owner-missing' as const,
    },
    {
      entityRef: 'api:default/c',
      kind: 'API',
      ownerRef: 'group:default/empty',
      problem: 'owner-has-no-members' as const,
    },
  ];

  it('lists every orphan unless asked for some problems', () => {
    expect(orphansReport(orphans)).toEqual({ total: 3, items: orphans });
    expect(
      orphansReport(orphans, ['owner-has-no-members', 'no-owner']).items.map(
        i => i.entityRef,
      ),
    ).toEqual(['component:default/a', 'api:default/c']);
  });
});
