import { ConflictError, InputError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import {
  databaseUrlEntry,
  hostedRepository,
  withDatabaseUrl,
} from './proposeDatabaseWiring';

const SERVICE_VALUES = `# dev: one replica, verbose logs; every push to main proposes its image here.
image:
  # Written by the pipeline only.
  digest: ""

replicaCount: 1

env:
  LOG_LEVEL: debug

autoscaling:
  enabled: false
`;

describe('withDatabaseUrl', () => {
  it("adds env.DATABASE_URL from the database's Secret next to the service's own variables, keeping comments and order", () => {
    const out = withDatabaseUrl(
      SERVICE_VALUES,
      'promotions-db',
      'values-dev.yaml',
    )!;
    expect(parse(out)).toEqual({
      image: { digest: '' },
      replicaCount: 1,
      env: {
        LOG_LEVEL: 'debug',
        DATABASE_URL: databaseUrlEntry('promotions-db'),
      },
      autoscaling: { enabled: false },
    });
    expect(out).toContain('# Written by the pipeline only.');
    expect(out).toContain('promotions-db-app is its application');
    expect(out.indexOf('autoscaling')).toBeGreaterThan(
      out.indexOf('DATABASE_URL'),
    );
  });

  it.each([
    ['no env at all', 'replicaCount: 1\n'],
    ['an empty flow map', 'env: {}\n'],
    ['a null env', 'env:\n'],
    ['an empty file', ''],
  ])('creates the env map when the file has %s', (_what, text) => {
    expect(parse(withDatabaseUrl(text, 'db', 'f.yaml')!).env).toEqual({
      DATABASE_URL: databaseUrlEntry('db'),
    });
  });

  it('changes nothing when the same DATABASE_URL is there already', () => {
    const once = withDatabaseUrl(SERVICE_VALUES, 'db', 'f.yaml')!;
    expect(withDatabaseUrl(once, 'db', 'f.yaml')).toBeUndefined();
  });

  it.each([
    ['a literal value', 'env:\n  DATABASE_URL: postgres://elsewhere\n'],
    [
      'another Secret',
      'env:\n  DATABASE_URL:\n    valueFrom: { secretKeyRef: { name: other-app, key: uri } }\n',
    ],
  ])(
    'refuses to replace a DATABASE_URL that is %s (a ConflictError)',
    (_what, text) => {
      expect(() => withDatabaseUrl(text, 'db', 'f.yaml')).toThrow(
        ConflictError,
      );
    },
  );

  it.each([
    ['not YAML', 'env: [\n'],
    ['a list', '- a\n- b\n'],
    ['a scalar', 'hello\n'],
    ['env as a list', 'env:\n  - name: X\n    value: y\n'],
    ['env as a string', 'env: LOG_LEVEL=debug\n'],
  ])('refuses a values file that is %s, naming it', (_what, text) => {
    expect(() =>
      withDatabaseUrl(text, 'db', 'charts/x/values-dev.yaml'),
    ).toThrow(InputError);
    expect(() =>
      withDatabaseUrl(text, 'db', 'charts/x/values-dev.yaml'),
    ).toThrow(/charts\/x\/values-dev.yaml/);
  });
});

describe('hostedRepository', () => {
  const base = 'http://localhost:7007/api/git';
  const at = (location?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 's',
      annotations: location
        ? { 'backstage.io/managed-by-location': location }
        : {},
    },
  });
  it('reads the repository from a catalog-info.yaml on the git host', () => {
    expect(
      hostedRepository(
        at(`url:${base}/checkout/loyalty-service/raw/main/catalog-info.yaml`),
        base,
      ),
    ).toEqual({
      org: 'checkout',
      name: 'loyalty-service',
    });
  });
  it.each([
    undefined,
    'file:/work/catalog/components/checkout.yaml',
    'url:https://github.com/northwind/promotions-service/blob/main/catalog-info.yaml',
    `url:http://localhost:7007/api/gitx/checkout/s/raw/main/catalog-info.yaml`,
    `url:http://evil.example/api/git/checkout/s/raw/main/catalog-info.yaml`,
    'url:not a url',
  ])('is undefined for an entity from elsewhere: %j', location => {
    expect(hostedRepository(at(location), base)).toBeUndefined();
  });
});
