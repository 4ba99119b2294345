/*
 * Change proposals through the git host plugin in a test backend: real git
 * repositories, the plugin's real database (the embedded Postgres), real
 * HTTP. The catalog is an in-memory one holding the repositories' entities,
 * and the permission policy a small one of this test's own that decides the
 * manage permission by the entity's owner, as the portal's policy does
 * (whose own tests live in permission-backend-module-launchpad-policy).
 */
import {
  type BackstageCredentials,
  coreServices,
  createServiceFactory,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import {
  gitChangesManagePermission,
  GitRepositoryStore,
  gitHostingServiceRef,
} from '@internal/plugin-git-hosting-node';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { gitHostingPlugin } from './plugin';

jest.setTimeout(180_000);

const BASE = 'http://localhost:7007/api/git';
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

const entity = (
  kind: string,
  name: string,
  owner: string,
  repo: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:${BASE}/${repo}/raw/main/catalog-info.yaml`,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});
const ENTITIES = [
  entity(
    'Component',
    'promotions-service',
    'group:default/checkout',
    'checkout/promotions-service',
  ),
  entity(
    'API',
    'promotions-api',
    'group:default/checkout',
    'checkout/promotions-service',
  ),
  // a component of another team, named like the repository: must not count
  entity('Component', 'lonely', 'group:default/payments', 'payments/other'),
];

/** The manage permission by the owner of the entity named, admins always; everything else allowed. */
const ownershipPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const decide = (
      permission: Permission,
      credentials: BackstageCredentials,
      resourceRef?: string,
    ) => {
      const user =
        (credentials.principal as { userEntityRef?: string }).userEntityRef ??
        '';
      if (permission.name !== gitChangesManagePermission.name)
        return { result: AuthorizeResult.ALLOW } as const;
      if ((GROUPS[user] ?? []).includes('group:default/platform'))
        return { result: AuthorizeResult.ALLOW } as const;
      const target = ENTITIES.find(
        e =>
          `${e.kind.toLowerCase()}:default/${e.metadata.name}` === resourceRef,
      );
      const owned =
        !!target && (GROUPS[user] ?? []).includes(String(target.spec?.owner));
      return {
        result: owned ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      } as const;
    };
    return {
      async authorize(requests, options) {
        return requests.map(r =>
          decide(
            r.permission,
            options.credentials,
            (r as { resourceRef?: string }).resourceRef,
          ),
        );
      },
      async authorizeConditional(requests, options) {
        return requests.map(r =>
          decide(r.permission, options.credentials),
        ) as any;
      },
    };
  },
});

describe('change proposals', () => {
  let backend: TestBackend;
  let root: string;
  let store: GitRepositoryStore;
  const auditEvents: Array<{
    eventId: string;
    outcome: string;
    meta?: unknown;
  }> = [];
  const svc = { org: 'checkout', name: 'promotions-service' };
  const git = (repo: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd: path.join(root, 'repos', `${repo}.git`),
      encoding: 'utf-8',
    }).trim();
  const mainOf = (repo = 'checkout/promotions-service') =>
    git(repo, 'rev-parse', 'refs/heads/main');
  const branches = (repo = 'checkout/promotions-service') =>
    git(repo, 'for-each-ref', '--format=%(refname)').split('\n').sort();
  const author = { authorName: 'T', authorEmail: 't@example.com' };

  const create = (
    user: string,
    body: Record<string, unknown>,
    repo = 'checkout/promotions-service',
  ) =>
    request(backend.server)
      .post(`/api/git/repos/${repo}/changes`)
      .set(as(user))
      .send(body);
  const wire = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    title: 'Wire the promotions-db database',
    description: 'DATABASE_URL from the promotions-db-app Secret',
    files: {
      'charts/promotions-service/values-dev.yaml': `replicas: 1\nenv:\n  DATABASE_URL: x\n# ${slug}\n`,
    },
    ...extra,
  });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-host-changes-'));
    store = new GitRepositoryStore(path.join(root, 'repos'));
    for (const [org, name] of [
      ['checkout', 'promotions-service'],
      ['platform', 'gitops'],
      ['payments', 'other'],
    ]) {
      const work = fs.mkdtempSync(path.join(root, 'work-'));
      fs.mkdirSync(path.join(work, 'charts', name), { recursive: true });
      fs.writeFileSync(path.join(work, 'README.md'), `# ${name}\n`);
      fs.writeFileSync(
        path.join(work, 'charts', name, 'values-dev.yaml'),
        'replicas: 1\n',
      );
      await store.create({ org, name });
      await store.pushDirectory({ org, name }, work, {
        ...author,
        message: 'first',
      });
    }
    await store.create({ org: 'checkout', name: 'empty' });
    backend = await startTestBackend({
      features: [
        gitHostingPlugin,
        createServiceFactory({
          service: gitHostingServiceRef,
          deps: {},
          factory: async () => store,
        }),
        catalogServiceMock.factory({ entities: ENTITIES }),
        ownershipPolicy,
        createServiceFactory({
          service: coreServices.auditor,
          deps: {},
          factory: () =>
            ({
              async createEvent(options: { eventId: string; meta?: unknown }) {
                return {
                  async success(o?: { meta?: unknown }) {
                    auditEvents.push({
                      eventId: options.eventId,
                      outcome: 'succeeded',
                      meta: {
                        ...(options.meta as object),
                        ...(o?.meta as object),
                      },
                    });
                  },
                  async fail() {
                    auditEvents.push({
                      eventId: options.eventId,
                      outcome: 'failed',
                      meta: options.meta,
                    });
                  },
                };
              },
            } as any),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: testDatabaseConfig(),
            },
            launchpad: { localMode: true },
            gitHosting: { limits: { diffBytes: 4096 } },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('an owner opens a proposal: a branch launchpad/<slug> on the head of main, main untouched, recorded and audited', async () => {
    const before = mainOf();
    const res = await create(
      PRIYA,
      wire('wire-db', { createdByTask: 'task-123' }),
    ).expect(201);
    expect(res.body).toMatchObject({
      org: 'checkout',
      repo: 'promotions-service',
      branch: 'launchpad/wire-db',
      baseCommit: before,
      status: 'open',
      author: PRIYA,
      createdByTask: 'task-123',
      title: 'Wire the promotions-db database',
    });
    expect(mainOf()).toBe(before);
    expect(
      git(
        'checkout/promotions-service',
        'rev-parse',
        'refs/heads/launchpad/wire-db',
      ),
    ).toBe(res.body.headCommit);
    expect(
      git(
        'checkout/promotions-service',
        'show',
        `${res.body.headCommit}:charts/promotions-service/values-dev.yaml`,
      ),
    ).toContain('DATABASE_URL');
    expect(
      git(
        'checkout/promotions-service',
        'log',
        '-1',
        '--format=%B',
        res.body.headCommit,
      ),
    ).toContain(`Proposed-by: ${PRIYA}`);
    expect(auditEvents).toContainEqual(
      expect.objectContaining({
        eventId: 'git-change-create',
        outcome: 'succeeded',
        meta: expect.objectContaining({ id: res.body.id }),
      }),
    );

    const list = await request(backend.server)
      .get('/api/git/repos/checkout/promotions-service/changes')
      .expect(200);
    expect(list.body.items.map((p: any) => p.id)).toContain(res.body.id);
    const open = await request(backend.server)
      .get('/api/git/repos/checkout/promotions-service/changes?status=merged')
      .expect(200);
    expect(open.body.items.map((p: any) => p.id)).not.toContain(res.body.id);
  });

  it('shows a proposal with its real git diff, and whether the caller may merge or close it', async () => {
    const { body: created } = await create(PRIYA, wire('show-me')).expect(201);
    const asOwner = await request(backend.server)
      .get(`/api/git/changes/${created.id}`)
      .set(as(PRIYA))
      .expect(200);
    expect(asOwner.body.diff.files).toEqual([
      { path: 'charts/promotions-service/values-dev.yaml', status: 'M' },
    ]);
    expect(asOwner.body.diff.patch).toContain('+  DATABASE_URL: x');
    expect(asOwner.body.diff.truncated).toBe(false);
    expect(asOwner.body).toMatchObject({ canMerge: true, canClose: true });
    const asOther = await request(backend.server)
      .get(`/api/git/changes/${created.id}`)
      .set(as(OMAR))
      .expect(200);
    expect(asOther.body).toMatchObject({ canMerge: false, canClose: false });
    const anonymous = await request(backend.server)
      .get(`/api/git/changes/${created.id}`)
      .expect(200);
    expect(anonymous.body).toMatchObject({ canMerge: false, canClose: false });
  });

  it('cuts a long diff at gitHosting.limits.diffBytes and says so', async () => {
    const { body: created } = await create(
      PRIYA,
      wire('big', { files: { 'big.txt': `${'line\n'.repeat(5000)}` } }),
    ).expect(201);
    const { body } = await request(backend.server)
      .get(`/api/git/changes/${created.id}`)
      .set(as(PRIYA))
      .expect(200);
    expect(body.diff.truncated).toBe(true);
    expect(Buffer.byteLength(body.diff.patch)).toBeLessThanOrEqual(4096);
    expect(body.diff.files).toEqual([{ path: 'big.txt', status: 'A' }]);
  });

  it('another team may neither open, merge nor close; nothing changes and the refusals are audited', async () => {
    const before = branches();
    const denied = await create(OMAR, wire('not-yours')).expect(403);
    expect(denied.body.error.message).toContain('group:default/checkout');
    expect(branches()).toEqual(before);
    const { body: created } = await create(PRIYA, wire('keep-out')).expect(201);
    const main = mainOf();
    await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set(as(OMAR))
      .expect(403);
    await request(backend.server)
      .post(`/api/git/changes/${created.id}/close`)
      .set(as(OMAR))
      .expect(403);
    expect(mainOf()).toBe(main);
    const { body } = await request(backend.server)
      .get(`/api/git/changes/${created.id}`)
      .expect(200);
    expect(body.status).toBe('open');
    expect(
      auditEvents.filter(e => e.outcome === 'failed').map(e => e.eventId),
    ).toEqual(
      expect.arrayContaining([
        'git-change-create',
        'git-change-merge',
        'git-change-close',
      ]),
    );
  });

  it('writes need a signed-in user: no token or a service token is refused, even in local mode', async () => {
    const refusedWithout = (res: request.Response) =>
      expect([401, 403]).toContain(res.status);
    refusedWithout(
      await request(backend.server)
        .post('/api/git/repos/checkout/promotions-service/changes')
        .send(wire('anon')),
    );
    const { body: created } = await create(
      PRIYA,
      wire('anon-merge', { files: { 'anon.txt': 'a\n' } }),
    ).expect(201);
    refusedWithout(
      await request(backend.server).post(
        `/api/git/changes/${created.id}/merge`,
      ),
    );
    await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set({ Authorization: mockCredentials.service.header() })
      .expect(403);
  });

  it('an owner merges by fast-forward; merged is final', async () => {
    const { body: created } = await create(PRIYA, wire('ff')).expect(201);
    const { body: merged } = await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set(as(PRIYA))
      .expect(200);
    expect(merged).toMatchObject({
      status: 'merged',
      mergedCommit: created.headCommit,
      decidedBy: PRIYA,
    });
    expect(mainOf()).toBe(created.headCommit);
    await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set(as(PRIYA))
      .expect(409);
    await request(backend.server)
      .post(`/api/git/changes/${created.id}/close`)
      .set(as(PRIYA))
      .expect(409);
    expect(auditEvents).toContainEqual(
      expect.objectContaining({
        eventId: 'git-change-merge',
        outcome: 'succeeded',
      }),
    );
  });

  it('a platform admin merges with a real merge commit when main moved on', async () => {
    const { body: created } = await create(
      PRIYA,
      wire('real-merge', { files: { 'docs/db.md': 'the database\n' } }),
    ).expect(201);
    const moved = await store.commitFiles(
      svc,
      mainOf(),
      { 'README.md': '# moved on\n' },
      { ...author, message: 'main moves' },
    );
    const { body: merged } = await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set(as(RAJ))
      .expect(200);
    expect(merged.status).toBe('merged');
    expect(mainOf()).toBe(merged.mergedCommit);
    expect(
      git(
        'checkout/promotions-service',
        'rev-list',
        '--parents',
        '-n',
        '1',
        merged.mergedCommit,
      )
        .split(' ')
        .slice(1),
    ).toEqual([moved, created.headCommit]);
    expect(
      git(
        'checkout/promotions-service',
        'log',
        '-1',
        '--format=%B',
        merged.mergedCommit,
      ),
    ).toContain(`Merged-by: ${RAJ}`);
  });

  it('a conflict is a 409 naming the files; main and the proposal stay as they were', async () => {
    const { body: created } = await create(
      PRIYA,
      wire('clash', { files: { 'README.md': '# mine\n' } }),
    ).expect(201);
    const moved = await store.commitFiles(
      svc,
      mainOf(),
      { 'README.md': '# theirs\n' },
      { ...author, message: 'main moves' },
    );
    const res = await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set(as(PRIYA))
      .expect(409);
    expect(res.body.error.message).toContain('README.md');
    expect(mainOf()).toBe(moved);
    expect(
      (
        await request(backend.server)
          .get(`/api/git/changes/${created.id}`)
          .expect(200)
      ).body.status,
    ).toBe('open');
  });

  it('the author or an owner closes; closed keeps the branch and cannot be merged', async () => {
    const { body: created } = await create(PRIYA, wire('close-me')).expect(201);
    const main = mainOf();
    const { body: closed } = await request(backend.server)
      .post(`/api/git/changes/${created.id}/close`)
      .set(as(PRIYA))
      .expect(200);
    expect(closed).toMatchObject({ status: 'closed', decidedBy: PRIYA });
    await request(backend.server)
      .post(`/api/git/changes/${created.id}/merge`)
      .set(as(PRIYA))
      .expect(409);
    expect(mainOf()).toBe(main);
    // the same slug again: its branch is taken
    await create(PRIYA, wire('close-me')).expect(409);
  });

  it('a repository no catalog entity claims is for platform admins only', async () => {
    await create(
      PRIYA,
      wire('gitops', { files: { 'apps/x.yaml': 'x: 1\n' } }),
      'platform/gitops',
    ).expect(403);
    await create(
      RAJ,
      wire('gitops', { files: { 'apps/x.yaml': 'x: 1\n' } }),
      'platform/gitops',
    ).expect(201);
  });

  it('a change that changes nothing is a 400, and makes no branch', async () => {
    const current = git(
      'checkout/promotions-service',
      'show',
      'refs/heads/main:README.md',
    );
    const res = await create(
      PRIYA,
      wire('no-op', { files: { 'README.md': `${current}\n` } }),
    ).expect(400);
    expect(res.body.error.message).toContain('Nothing to commit');
    expect(branches()).not.toContain('refs/heads/launchpad/no-op');
  });

  it('unknown repositories and proposals are 404s; an empty repository a 409', async () => {
    await create(PRIYA, wire('x'), 'checkout/nope').expect(404);
    await request(backend.server)
      .get('/api/git/repos/checkout/nope/changes')
      .expect(404);
    await request(backend.server)
      .get('/api/git/changes/6f1d2a3c-1111-4222-8333-944445555666')
      .expect(404);
    await request(backend.server)
      .post('/api/git/changes/6f1d2a3c-1111-4222-8333-944445555666/merge')
      .set(as(RAJ))
      .expect(404);
    await create(RAJ, wire('x'), 'checkout/empty').expect(409);
  });

  describe('hostile input, as a class: every answer a 4xx, no ref or file written', () => {
    const optionLike = [
      '--upload-pack=touch /tmp/pwned',
      '-x',
      '--output=/tmp/pwned',
      '-b',
    ];
    const slugs = [
      ...optionLike,
      '..',
      'a..b',
      'refs/heads/../x',
      '../../main',
      'x/../../main',
      'a\0b',
      'a\nb',
      'a'.repeat(300),
      'UPPER',
      'a b',
      'x.lock',
      'x@{1}',
      '',
    ];
    const paths = [
      ...optionLike,
      '../outside.txt',
      'a/../../outside.txt',
      '.git/config',
      'x/.git/hooks/post-checkout',
      '.GIT/config',
      'a\0b',
      'a\nb',
      `${'a/'.repeat(2100)}x`,
      '/',
      '',
    ];
    const bodies: Array<[string, unknown]> = [
      ...slugs.map(
        slug =>
          [`slug ${JSON.stringify(slug.slice(0, 40))}`, wire(slug)] as [
            string,
            unknown,
          ],
      ),
      ...paths.map(
        p =>
          [
            `path ${JSON.stringify(p.slice(0, 40))}`,
            wire('ok-slug', { files: { [p]: 'x' } }),
          ] as [string, unknown],
      ),
      ['no files', wire('ok-slug', { files: {} })],
      ['a file that is not text', wire('ok-slug', { files: { 'a.txt': 3 } })],
      ['a base that is not a commit id', wire('ok-slug', { base: 'main' })],
      ['a base that is an expression', wire('ok-slug', { base: 'main~1' })],
      [
        'a base that is not in the repository',
        wire('ok-slug', { base: 'a'.repeat(40) }),
      ],
      ['a title with a newline', wire('ok-slug', { title: 'a\nb' })],
      [
        'a title of 300 characters',
        wire('ok-slug', { title: 't'.repeat(300) }),
      ],
      ['an unknown field', { ...wire('ok-slug'), branch: 'main' }],
      ['a task id with spaces', wire('ok-slug', { createdByTask: 'a b' })],
      ['not an object', 'text'],
      ['an array', [wire('ok-slug')]],
    ];
    it.each(bodies)('refuses %s', async (_what, body) => {
      const before = branches();
      const main = mainOf();
      const res = await request(backend.server)
        .post('/api/git/repos/checkout/promotions-service/changes')
        .set(as(RAJ))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(branches()).toEqual(before);
      expect(mainOf()).toBe(main);
      expect(fs.existsSync('/tmp/pwned')).toBe(false);
      expect(
        fs.existsSync(path.join(root, 'repos', 'checkout', 'outside.txt')),
      ).toBe(false);
    });

    const enc = encodeURIComponent;
    const urls = [
      ...optionLike.map(o => `/api/git/repos/checkout/${enc(o)}/changes`),
      ...optionLike.map(
        o => `/api/git/repos/${enc(o)}/promotions-service/changes`,
      ),
      '/api/git/repos/checkout/..%2F..%2Fetc/changes',
      '/api/git/repos/checkout/promotions-service%00/changes',
      `/api/git/repos/checkout/${'a'.repeat(300)}/changes`,
      '/api/git/repos/checkout/promotions-service/changes?status=everything',
      '/api/git/repos/checkout/promotions-service/changes?status[]=open',
      '/api/git/repos/checkout/promotions-service/changes?branch=main',
      ...[
        '1',
        '..',
        "1' OR '1'='1",
        'a'.repeat(300),
        '%00',
        '6f1d2a3c-1111-4222-8333-94444555566z',
      ].map(id => `/api/git/changes/${enc(id)}`),
    ];
    it.each(urls)('refuses GET %s', async url => {
      const res = await request(backend.server).get(url).set(as(RAJ));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
    it.each(['1', '..', "1' OR '1'='1", '--upload-pack=x', 'a'.repeat(300)])(
      'refuses merge and close of the id %j',
      async id => {
        const main = mainOf();
        for (const action of ['merge', 'close']) {
          const res = await request(backend.server)
            .post(`/api/git/changes/${enc(id)}/${action}`)
            .set(as(RAJ));
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }
        expect(mainOf()).toBe(main);
      },
    );
  });

  it('still refuses every push over git, to main or to a proposal branch', async () => {
    await request(backend.server)
      .get(
        '/api/git/checkout/promotions-service.git/info/refs?service=git-receive-pack',
      )
      .expect(403);
    await request(backend.server)
      .post('/api/git/checkout/promotions-service.git/git-receive-pack')
      .expect(403);
    const clone = path.join(root, 'clone');
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^GIT_/.test(k)),
    );
    const gitEnv = {
      ...env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
    };
    const port = (backend.server.address() as { port: number }).port;
    await promisify(execFile)(
      'git',
      [
        'clone',
        '--quiet',
        `http://127.0.0.1:${port}/api/git/checkout/promotions-service.git`,
        clone,
      ],
      { env: gitEnv },
    );
    fs.writeFileSync(path.join(clone, 'README.md'), '# pushed\n');
    const main = mainOf();
    for (const target of [
      'HEAD:refs/heads/main',
      'HEAD:refs/heads/launchpad/wire-db',
    ]) {
      const push = await promisify(execFile)(
        'git',
        [
          '-c',
          'user.name=x',
          '-c',
          'user.email=x@x',
          'commit',
          '-qam',
          'direct',
          '--allow-empty',
        ],
        { cwd: clone, env: gitEnv },
      ).then(() =>
        promisify(execFile)('git', ['push', 'origin', target], {
          cwd: clone,
          env: gitEnv,
        }).then(
          () => 'pushed',
          () => 'refused',
        ),
      );
      expect(push).toBe('refused');
    }
    expect(mainOf()).toBe(main);
  });
});
