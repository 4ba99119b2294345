/*
 * launchpad:database:propose-wiring in a real scaffolder with the real
 * catalog and git host (change proposals in its database), on the embedded
 * Postgres: a service registered from the git host gets DATABASE_URL by a
 * change proposal on launchpad/wire-<database>; a consumer of another team,
 * of another kind, or unknown is refused before anything is written.
 */
import type { TestBackend } from '@backstage/backend-test-utils';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  runTemplate,
  startScaffolderTestBackend,
} from './__testUtils__/scaffolderTestBackend';
import { TEAMS } from './__testUtils__/org';

jest.setTimeout(300_000);

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: wire-database }
spec:
  owner: group:default/platform
  type: resource
  parameters:
    - required: [name, owner]
      properties:
        name: { type: string }
        owner: { type: string }
        consumer: { type: string }
  steps:
    - id: consumerCheck
      if: \${{ parameters.consumer }}
      action: launchpad:database:propose-wiring
      input:
        database: \${{ parameters.name }}
        owner: \${{ parameters.owner }}
        consumer: \${{ parameters.consumer }}
        checkOnly: true
    - id: wire
      if: \${{ parameters.consumer }}
      action: launchpad:database:propose-wiring
      input:
        database: \${{ parameters.name }}
        owner: \${{ parameters.owner }}
        consumer: \${{ parameters.consumer }}
`;

const ORG = `${TEAMS}---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: legacy-service }
spec: { type: service, lifecycle: production, owner: group:default/checkout }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: loyalty-api }
spec: { type: openapi, lifecycle: production, owner: group:default/checkout, definition: "openapi: 3.0.0" }
`;

const VALUES = (env: string) => `# ${env}: one replica
image:
  digest: ""

env:
  LOG_LEVEL: ${env === 'dev' ? 'debug' : 'info'}
`;

describe('launchpad:database:propose-wiring', () => {
  let backend: TestBackend;
  let dir: string;
  let gitRoot: string;
  const BASE = 'http://localhost:7007/api/git';
  const repoGit = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: path.join(gitRoot, 'checkout', 'loyalty-service.git'),
      encoding: 'utf-8',
    }).trim();
  const refs = () =>
    repoGit('for-each-ref', '--format=%(refname)').split('\n').sort();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-wiring-'));
    gitRoot = path.join(dir, 'git');
    fs.writeFileSync(path.join(dir, 'template.yaml'), TEMPLATE);
    fs.writeFileSync(path.join(dir, 'org.yaml'), ORG);
    // a service made by a golden path: its repository on the git host, its entity registered from there
    const store = new GitRepositoryStore(gitRoot);
    const work = path.join(dir, 'work');
    fs.mkdirSync(path.join(work, 'charts', 'loyalty-service'), {
      recursive: true,
    });
    for (const env of ['dev', 'stage', 'prod'])
      fs.writeFileSync(
        path.join(work, 'charts', 'loyalty-service', `values-${env}.yaml`),
        VALUES(env),
      );
    fs.writeFileSync(
      path.join(work, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: loyalty-service }\nspec: { type: service, lifecycle: experimental, owner: group:default/checkout }\n',
    );
    await store.create({ org: 'checkout', name: 'loyalty-service' });
    await store.pushDirectory(
      { org: 'checkout', name: 'loyalty-service' },
      work,
      { authorName: 'T', authorEmail: 't@example.com', message: 'first' },
    );

    backend = await startScaffolderTestBackend({
      gitRoot,
      launchpad: {
        localMode: true,
        permissions: { admins: ['group:default/platform'] },
      },
      kinds: ['Template', 'Group', 'User', 'Component', 'API', 'Location'],
      locations: [
        { type: 'file', target: path.join(dir, 'template.yaml') },
        { type: 'file', target: path.join(dir, 'org.yaml') },
        {
          type: 'url',
          target: `${BASE}/checkout/loyalty-service/raw/main/catalog-info.yaml`,
        },
      ],
      ready: { kinds: ['template', 'component'], count: 3 },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (user: string, values: Record<string, string>) =>
    runTemplate(backend, user, 'template:default/wire-database', values);

  it.each([
    [
      'a service of another team',
      'user:default/omar',
      {
        owner: 'group:default/payments',
        consumer: 'component:default/loyalty-service',
      },
      /only for your own teams \(payments\)/,
    ],
    [
      'a service of another team, for its own team',
      'user:default/priya',
      {
        owner: 'group:default/payments',
        consumer: 'component:default/loyalty-service',
      },
      /only for your own teams \(checkout\)/,
    ],
    [
      'an API',
      'user:default/priya',
      { owner: 'group:default/checkout', consumer: 'api:default/loyalty-api' },
      /consumer must be a Component/,
    ],
    [
      'a component the catalog does not have',
      'user:default/priya',
      { owner: 'group:default/checkout', consumer: 'component:default/nope' },
      /is not in the catalog/,
    ],
    [
      'not an entity ref',
      'user:default/priya',
      { owner: 'group:default/checkout', consumer: 'component:' },
      /consumer is not an entity reference/,
    ],
    [
      'a hostile database name',
      'user:default/priya',
      {
        owner: 'group:default/checkout',
        consumer: 'component:default/loyalty-service',
        name: '--upload-pack=x',
      },
      /database must be lowercase/,
    ],
    [
      'a database name with a slash',
      'user:default/priya',
      {
        owner: 'group:default/checkout',
        consumer: 'component:default/loyalty-service',
        name: '../main',
      },
      /database must be lowercase/,
    ],
  ])(
    'refuses %s before anything is written',
    async (_what, user, values, message) => {
      const before = refs();
      const { status, log } = await run(user, {
        name: 'loyalty-db',
        ...values,
      });
      expect({ status, log }).toEqual({
        status: 'failed',
        log: expect.stringMatching(message),
      });
      expect(refs()).toEqual(before);
    },
  );

  it('proposes nothing for a consumer registered from elsewhere, and says so', async () => {
    const before = refs();
    const { status, log, output } = await run('user:default/priya', {
      name: 'legacy-db',
      owner: 'group:default/checkout',
      consumer: 'component:default/legacy-service',
    });
    expect(status).toBe('completed');
    expect(log).toMatch(
      /was not registered from a repository on the portal's git host: nothing is proposed/,
    );
    expect(output.links ?? []).toEqual([]);
    expect(refs()).toEqual(before);
  });

  it('proposes DATABASE_URL to the service on launchpad/wire-<database>, main untouched, recorded with its task', async () => {
    const main = repoGit('rev-parse', 'refs/heads/main');
    const { id, status, log } = await run('user:default/priya', {
      name: 'loyalty-db',
      owner: 'group:default/checkout',
      consumer: 'component:default/loyalty-service',
    });
    expect({ status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Proposed the wiring of loyalty-db'),
    });
    expect(repoGit('rev-parse', 'refs/heads/main')).toBe(main);
    for (const env of ['dev', 'stage', 'prod']) {
      const values = parse(
        repoGit(
          'show',
          `refs/heads/launchpad/wire-loyalty-db:charts/loyalty-service/values-${env}.yaml`,
        ),
      );
      expect(values.env).toEqual({
        LOG_LEVEL: env === 'dev' ? 'debug' : 'info',
        DATABASE_URL: {
          valueFrom: { secretKeyRef: { name: 'loyalty-db-app', key: 'uri' } },
        },
      });
    }
    const { body } = await request(backend.server)
      .get('/api/git/repos/checkout/loyalty-service/changes')
      .expect(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        branch: 'launchpad/wire-loyalty-db',
        author: 'user:default/priya',
        createdByTask: id,
        status: 'open',
        title: 'Use the loyalty-db database',
      }),
    ]);
    // the same database again: the proposal exists, a clear conflict
    const again = await run('user:default/priya', {
      name: 'loyalty-db',
      owner: 'group:default/checkout',
      consumer: 'component:default/loyalty-service',
    });
    expect(again.status).toBe('failed');
    expect(again.log).toMatch(/launchpad\/wire-loyalty-db already exists/);
  });
});
