import type { Entity } from '@backstage/catalog-model';
import { repoFolderUrls } from './repoLocation';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('repoFolderUrls', () => {
  it('tries the source location first, then the folder of the registered file', () => {
    expect(
      repoFolderUrls(
        entity({
          'backstage.io/source-location':
            'url:http://localhost:7007/api/git/checkout/loyalty-service',
          'backstage.io/managed-by-location':
            'url:http://localhost:7007/api/git/checkout/loyalty-service/raw/main/catalog-info.yaml',
        }),
      ),
    ).toEqual([
      'http://localhost:7007/api/git/checkout/loyalty-service',
      'http://localhost:7007/api/git/checkout/loyalty-service/raw/main/',
    ]);
  });

  it('reads a GitHub folder as is, and a registered file once', () => {
    expect(
      repoFolderUrls(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/shop/tree/main/',
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/shop/tree/main/catalog-info.yaml',
        }),
      ),
    ).toEqual(['https://github.com/acme/shop/tree/main/']);
  });

  it('has nothing to read for files on the portal disk, missing or malformed annotations', () => {
    expect(
      repoFolderUrls(
        entity({
          'backstage.io/managed-by-location': 'file:/work/catalog/all.yaml',
        }),
      ),
    ).toEqual([]);
    expect(repoFolderUrls(entity({}))).toEqual([]);
    expect(
      repoFolderUrls({
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'y' },
      }),
    ).toEqual([]);
    expect(
      repoFolderUrls(
        entity({ 'backstage.io/source-location': 'url:not a url' }),
      ),
    ).toEqual([]);
    expect(
      repoFolderUrls(entity({ 'backstage.io/source-location': 'nonsense' })),
    ).toEqual([]);
    expect(
      repoFolderUrls(
        entity({
          'backstage.io/source-location': 'url:ftp://example.com/repo/',
        }),
      ),
    ).toEqual([]);
  });
});
