import { gitHostRepoOf } from './gitHostRepo';

const GIT = 'http://localhost:7007/api/git';
const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('gitHostRepoOf', () => {
  it.each([
    [
      `url:${GIT}/checkout/loyalty/raw/main/catalog-info.yaml`,
      { org: 'checkout', name: 'loyalty' },
    ],
    [
      `url:${GIT}/platform/gitops/blob/main/catalog-info.yaml`,
      { org: 'platform', name: 'gitops' },
    ],
    [
      `url:${GIT}/data/orders-db.v2/tree/main/`,
      { org: 'data', name: 'orders-db.v2' },
    ],
    [`url:${GIT}/checkout/loyalty`, { org: 'checkout', name: 'loyalty' }],
    [`url:${GIT}/checkout/loyalty.git`, { org: 'checkout', name: 'loyalty' }],
  ])('finds the repository of %s', (location, repo) => {
    const e = entity({ 'backstage.io/managed-by-location': location });
    expect(gitHostRepoOf(e, GIT)).toEqual(repo);
    expect(gitHostRepoOf(e)).toEqual(repo);
  });

  it('falls back to the source location', () => {
    expect(
      gitHostRepoOf(
        entity({
          'backstage.io/managed-by-location': 'file:/catalog/all.yaml',
          'backstage.io/source-location': `url:${GIT}/web/storefront/tree/main/`,
        }),
        GIT,
      ),
    ).toEqual({ org: 'web', name: 'storefront' });
  });

  it('honours a base path in front of /api/git', () => {
    const base = 'https://portal.example.com/launchpad/api/git';
    expect(
      gitHostRepoOf(
        entity({
          'backstage.io/managed-by-location': `url:${base}/checkout/loyalty/raw/main/catalog-info.yaml`,
        }),
        base,
      ),
    ).toEqual({ org: 'checkout', name: 'loyalty' });
  });

  it.each([
    'url:https://github.com/acme/loyalty/blob/main/catalog-info.yaml',
    'url:http://evil.example/api/git/checkout/loyalty/raw/main/catalog-info.yaml',
    'url:http://localhost:7008/api/git/checkout/loyalty/raw/main/catalog-info.yaml',
    `url:${GIT}/../../etc/passwd`,
    `url:${GIT}/Checkout/Loyalty/raw/main/catalog-info.yaml`,
    `url:${GIT}/checkout/loyalty/commits/main`,
    `url:${GIT}/checkout`,
    `url:${GIT}/checkout/-x/raw/main/a`,
    'url:javascript:alert(1)//api/git/a/b',
    `url:ftp://localhost:7007/api/git/a/b`,
    'url:not a url',
    `file:${GIT}/checkout/loyalty`,
    `${GIT}/checkout/loyalty`,
    '',
  ])('finds no repository of the git host in %j', location => {
    expect(
      gitHostRepoOf(
        entity({ 'backstage.io/managed-by-location': location }),
        GIT,
      ),
    ).toBeUndefined();
  });
});
