/*
 * The template upgrades API in a test backend with the real git host plugin
 * (its change proposals, on its real database), real git repositories made
 * from the golden paths, the plugin's real Postgres database and real HTTP.
 * The catalog is an in-memory one holding the fleet's entities.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import { gitHostingServiceRef } from '@internal/plugin-git-hosting-node';
// The real git host next to the plugin, as the backend runs them: its change
// proposals are what an upgrade opens.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import gitHostingPlugin from '@internal/plugin-git-hosting-backend';
import { formatLineage } from '@internal/plugin-scaffolder-backend-module-launchpad';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  exampleAnswers,
  makeGoldenPaths,
} from './__testUtils__/fixtureTemplates';
import { templateUpgradesPlugin } from './plugin';

jest.setTimeout(10 * 60_000);

const GIT = 'http://localhost:7007/api/git';
const PRIYA = 'user:default/priya.nair'; // checkout
const OMAR = 'user:default/omar.haddad'; // payments
const RAJ = 'user:default/raj.patel'; // platform admin
const GROUPS: Record<string, string[]> = {
  [PRIYA]: ['group:default/checkout'],
  [OMAR]: ['group:default/payments'],
  [RAJ]: ['group:default/platform'],
};
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const TEMPLATE = 'template:default/node-service';

let root: string;
let backend: TestBackend;
let fixture: Awaited<ReturnType<typeof makeGoldenPaths>>;
let port = 0;

const service = (name: string, version: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:${GIT}/checkout/${name}/raw/main/catalog-info.yaml`,
      'backstage.io/source-location': `url:${GIT}/checkout/${name}`,
      'launchpad.io/template': TEMPLATE,
      'launchpad.io/template-version': version,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/checkout',
  },
});

const branches = async (name: string) =>
  (
    await fixture.runner.text(
      {
        subcommand: 'rev-parse',
        flags: ['--symbolic-full-name', '--branches'],
      },
      { cwd: fixture.store.repoPath({ org: 'checkout', name }) },
    )
  )
    .trim()
    .split('\n')
    .filter(Boolean)
    .sort();

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'template-upgrades-api-'));
  fixture = await makeGoldenPaths(root);
  const { store, versions } = fixture;
  const creator = fixture.upgrader();
  const old = versions['node-service'].old;
  const push = async (name: string, files: Map<string, Buffer>) => {
    const dir = path.join(root, 'push', name);
    for (const [file, content] of files) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    }
    await store.create({ org: 'checkout', name });
    await store.pushDirectory({ org: 'checkout', name }, dir, {
      authorName: 'T',
      authorEmail: 't@example.com',
      message: 'first',
    });
  };
  const render = async (name: string) =>
    creator.renderVersion(
      'node-service',
      old,
      {
        template: TEMPLATE,
        answers: { ...(await exampleAnswers('node-service')), name },
        source: {
          repository: 'platform/golden-paths',
          tag: `node-service@${old}`,
        },
      },
      path.join(root, 'render', name),
    );
  await push('loyalty-service', await render('loyalty-service'));
  await push(
    'plain-service',
    new Map([['README.md', Buffer.from('# plain\n')]]),
  );
  const lost = await render('lost-service');
  lost.set(
    '.launchpad/answers.yaml',
    Buffer.from(
      formatLineage({
        template: TEMPLATE,
        version: '0.9.0',
        source: {
          repository: 'platform/golden-paths',
          tag: 'node-service@0.9.0',
        },
        answers: {
          ...(await exampleAnswers('node-service')),
          name: 'lost-service',
        },
      }),
    ),
  );
  await push('lost-service', lost);
  await creator.dispose();

  const template: Entity = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'node-service',
      namespace: 'default',
      title: 'Node.js service',
      annotations: {
        'launchpad.io/template-version': versions['node-service'].new,
      },
    },
    spec: { type: 'service', owner: 'group:default/platform' },
  };
  backend = await startTestBackend({
    features: [
      templateUpgradesPlugin,
      gitHostingPlugin,
      createServiceFactory({
        service: gitHostingServiceRef,
        deps: {},
        factory: async () => store,
      }),
      catalogServiceMock.factory({
        entities: [
          template,
          service('loyalty-service', old),
          service('plain-service', old),
          service('lost-service', '0.9.0'),
        ],
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const user = credentials.principal.userEntityRef;
            return {
              userEntityRef: user,
              ownershipEntityRefs: [user, ...(GROUPS[user] ?? [])],
            };
          },
        }),
      }),
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => ({
          getBaseUrl: async (id: string) =>
            `http://localhost:${port}/api/${id}`,
          getExternalBaseUrl: async (id: string) =>
            `http://localhost:${port}/api/${id}`,
        }),
      }),
      mockServices.permissions.factory({ result: 'ALLOW' as any }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: testDatabaseConfig(),
          },
          launchpad: {
            localMode: true,
            goldenPaths: { sharedDir: path.join(fixture.newDir, '_shared') },
            permissions: { admins: ['group:default/platform'] },
          },
        },
      }),
    ],
  });
  port = (backend.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await backend?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

const upgrade = (user: string, body: unknown) =>
  request(backend.server)
    .post('/api/template-upgrades/upgrades')
    .set(as(user))
    .send(body as object);

describe('template upgrades API', () => {
  it('lists the versioned templates with their services and how many are behind', async () => {
    const res = await request(backend.server)
      .get('/api/template-upgrades/templates')
      .set(as(OMAR))
      .expect(200);
    expect(res.body).toEqual({
      templates: [
        {
          ref: TEMPLATE,
          title: 'Node.js service',
          currentVersion: fixture.versions['node-service'].new,
          services: 3,
          behind: 3,
        },
      ],
    });
  });

  const badInput: Array<[string, unknown, number, RegExp]> = [
    ['an empty body', {}, 400, /either entityRef/],
    [
      'both entityRef and template',
      { entityRef: 'component:default/loyalty-service', template: TEMPLATE },
      400,
      /either entityRef/,
    ],
    [
      'an unknown field',
      { entityRef: 'component:default/loyalty-service', force: true },
      400,
      /force|Unrecognized/i,
    ],
    ...[
      '../../etc/passwd',
      'component:default/x;rm -rf /',
      '--upload-pack=x',
      'a'.repeat(300),
      'component:default/$(id)',
      '',
      'component:default/x\u0000',
    ].map((ref): [string, unknown, number, RegExp] => [
      `the entity ref ${JSON.stringify(ref.slice(0, 30))}`,
      { entityRef: ref },
      400,
      /entityRef must be an entity ref/,
    ]),
    ...['x', '1.2', '1.2.3-rc.1', '../1.2.3', '1.2.3\n'].map(
      (v): [string, unknown, number, RegExp] => [
        `the version ${JSON.stringify(v)}`,
        { entityRef: 'component:default/loyalty-service', version: v },
        400,
        /version must be/,
      ],
    ),
    [
      'an unknown version',
      { entityRef: 'component:default/loyalty-service', version: '9.9.9' },
      404,
      /node-service version 9\.9\.9 is not in platform\/golden-paths/,
    ],
    [
      'a repository without lineage',
      { entityRef: 'component:default/plain-service' },
      400,
      /has no lineage/,
    ],
    [
      'an old version that cannot be found',
      { entityRef: 'component:default/lost-service' },
      404,
      /node-service version 0\.9\.0 is not in/,
    ],
    [
      'an entity that does not exist',
      { entityRef: 'component:default/nobody' },
      404,
      /No entity/,
    ],
  ];
  it.each(badInput)(
    'refuses %s (body %j): a %i and nothing written',
    async (_, body, status, message) => {
      const before = await Promise.all(
        ['loyalty-service', 'plain-service', 'lost-service'].map(branches),
      );
      const res = await upgrade(PRIYA, body).expect(status);
      expect(res.body.error.message).toMatch(message);
      expect(
        await Promise.all(
          ['loyalty-service', 'plain-service', 'lost-service'].map(branches),
        ),
      ).toEqual(before);
      expect(before[0]).toEqual(['refs/heads/main']);
    },
  );

  it('lets only owners upgrade a service, and only admins or template authors a whole template', async () => {
    const res = await upgrade(OMAR, {
      entityRef: 'component:default/loyalty-service',
    }).expect(403);
    expect(res.body.error.message).toMatch(
      /Only the owners of component:default\/loyalty-service/,
    );
    await upgrade(PRIYA, { template: TEMPLATE }).expect(403);
    expect(await branches('loyalty-service')).toEqual(['refs/heads/main']);
  });

  it.each(['', 'x', 'template:default/../x', 'a'.repeat(400), '--x'])(
    'refuses the fleet query template=%j with a 400',
    async template => {
      await request(backend.server)
        .get('/api/template-upgrades/fleet')
        .query({ template })
        .set(as(OMAR))
        .expect(400);
    },
  );

  it('an owner upgrades a service: a change proposal on the git host, shown in the fleet; a second time the branch exists (409)', async () => {
    const res = await upgrade(PRIYA, {
      entityRef: 'component:default/loyalty-service',
    }).expect(201);
    const [result] = res.body.results;
    expect(result).toMatchObject({
      entityRef: 'component:default/loyalty-service',
      status: 'proposed',
      proposal: { conflicts: [] },
    });
    const slug = `template-upgrade-node-service-${fixture.versions[
      'node-service'
    ].new.replace(/\./g, '-')}`;
    expect(await branches('loyalty-service')).toEqual([
      `refs/heads/launchpad/${slug}`,
      'refs/heads/main',
    ]);
    const change = await request(backend.server)
      .get(`/api/git/changes/${result.proposal.id}`)
      .set(as(PRIYA))
      .expect(200);
    expect(change.body.diff.files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining([
        '.launchpad/answers.yaml',
        '.editorconfig',
        '.github/workflows/ci.yaml',
        'charts/loyalty-service/values.yaml',
      ]),
    );
    expect(result.proposal.url).toBe(`${GIT}/changes/${result.proposal.id}`);

    const fleet = await request(backend.server)
      .get('/api/template-upgrades/fleet')
      .query({ template: TEMPLATE })
      .set(as(PRIYA))
      .expect(200);
    expect(fleet.body).toEqual({
      template: TEMPLATE,
      currentVersion: fixture.versions['node-service'].new,
      services: [
        {
          entityRef: 'component:default/lost-service',
          owner: 'group:default/checkout',
          version: '0.9.0',
          behind: 'major',
        },
        {
          entityRef: 'component:default/loyalty-service',
          owner: 'group:default/checkout',
          version: fixture.versions['node-service'].old,
          behind: 'minor',
          proposal: {
            id: result.proposal.id,
            url: result.proposal.url,
            status: 'open',
            conflicts: [],
          },
        },
        {
          entityRef: 'component:default/plain-service',
          owner: 'group:default/checkout',
          version: fixture.versions['node-service'].old,
          behind: 'minor',
        },
      ],
    });

    const again = await upgrade(PRIYA, {
      entityRef: 'component:default/loyalty-service',
    }).expect(409);
    expect(again.body.error.message).toMatch(
      /already has the branch launchpad\/template-upgrade/,
    );
  });

  it('an admin upgrades the whole template: each service proposed or failed with its reason', async () => {
    const res = await upgrade(RAJ, { template: TEMPLATE }).expect(201);
    const byRef = Object.fromEntries(
      res.body.results.map((r: any) => [r.entityRef, r]),
    );
    expect(byRef['component:default/loyalty-service']).toMatchObject({
      status: 'failed',
      error: { name: 'ConflictError' },
    });
    expect(byRef['component:default/plain-service']).toMatchObject({
      status: 'failed',
      error: {
        name: 'InputError',
        message: expect.stringMatching(/no lineage/),
      },
    });
    expect(byRef['component:default/lost-service']).toMatchObject({
      status: 'failed',
      error: { name: 'NotFoundError' },
    });
  });
});
