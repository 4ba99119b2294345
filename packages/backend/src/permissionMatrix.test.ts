/*
 * The permission matrix: every role of the demo company against every
 * write (and the restricted reads), decided by the REAL permission framework:
 * the permission backend with the portal's policy, the catalog applying its
 * own conditional rules (isEntityOwner, isEntityKind, hasSpec) to the real
 * entities of the demo company, on the embedded Postgres that `npm test`
 * starts. Denials and allowances are both asserted, and the explain endpoint
 * must say the same as the framework for every case. The matrix goes through
 * the permission backend (POST /authorize); the catalog's own routes below go
 * through the in-process permissions service the portal installs.
 *
 * Stand-ins, and why: sign-in is not part of this test (see the auth
 * module's tests), so users carry test tokens; the user's ownership refs come
 * from the demo company's org file (the user and the groups it is a member
 * of), exactly what the catalog sign-in resolver gives a signed-in user.
 */
import {
  coreServices,
  createServiceFactory,
  type BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGuard from '@internal/plugin-scaffolder-backend-module-launchpad-guard';
import launchpadPolicy, {
  launchpadPermissionsServiceFactory,
} from '@internal/plugin-permission-backend-module-launchpad-policy';
import catalogGuard from '@internal/plugin-catalog-backend-module-launchpad-guard';
import localFiles from '@internal/plugin-catalog-backend-module-local-files';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import { onBehalfOfAuthFactory } from './__testUtils__/onBehalfOfAuthFactory';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';

jest.setTimeout(240_000);

const repoRoot = path.resolve(__dirname, '../../..');

/** user -> the groups it is a member of, from the demo company's org file. */
function readMemberships(): Map<string, string[]> {
  const docs = yaml.parseAllDocuments(
    fs.readFileSync(path.join(repoRoot, 'catalog/org.yaml'), 'utf-8'),
  );
  const out = new Map<string, string[]>();
  for (const doc of docs) {
    const e = doc.toJSON();
    if (e?.kind === 'User') {
      out.set(
        `user:default/${e.metadata.name}`,
        (e.spec.memberOf ?? []).map((g: string) => `group:default/${g}`),
      );
    }
  }
  return out;
}
const memberships = readMemberships();

/** The reason phrase of an answer's status line (supertest keeps the raw response in `res`). */
const reasonPhrase = (res: request.Response) =>
  (res as unknown as { res: { statusMessage?: string } }).res.statusMessage;

/** Ownership refs as the catalog sign-in resolver gives them: the user and its groups. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
      return {
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(memberships.get(userEntityRef) ?? []),
        ],
      };
    },
  }),
});

/** The roles of the matrix, each a real person of the demo company. */
const roles = {
  checkoutDeveloper: 'user:default/priya.nair', // checkout
  paymentsDeveloper: 'user:default/sofia.rossi', // payments
  webDeveloper: 'user:default/ben.carter', // web-experience: no database budget
  platformAdmin: 'user:default/raj.patel', // platform: launchpad.permissions.admins
  manager: 'user:default/david.reyes', // engineering (department head)
  templateAuthor: 'user:default/kenji.watanabe', // data, in launchpad.permissions.templateAuthors
} as const;
type Role = keyof typeof roles;
const roleOrder: Role[] = [
  'checkoutDeveloper',
  'paymentsDeveloper',
  'webDeveloper',
  'platformAdmin',
  'manager',
  'templateAuthor',
];

const entityPermission = (name: string, action: string) => ({
  type: 'resource',
  name,
  attributes: { action },
  resourceType: 'catalog-entity',
});
const basicPermission = (name: string, action?: string) => ({
  type: 'basic',
  name,
  attributes: action ? { action } : {},
});

/**
 * Each case and who may, in roleOrder:
 * checkoutDev, paymentsDev, webDev, admin, manager, templateAuthor (Y = allowed).
 */
const matrix: Array<{
  what: string;
  permission: object;
  resourceRef?: string;
  expected: string;
}> = [
  {
    what: 'delete checkout-service',
    permission: entityPermission('catalog.entity.delete', 'delete'),
    resourceRef: 'component:default/checkout-service',
    expected: 'YNNYNN',
  },
  {
    what: 'delete payments-service',
    permission: entityPermission('catalog.entity.delete', 'delete'),
    resourceRef: 'component:default/payments-service',
    expected: 'NYNYNN',
  },
  {
    what: 'delete the Checkout group',
    permission: entityPermission('catalog.entity.delete', 'delete'),
    resourceRef: 'group:default/checkout',
    expected: 'NNNYNN',
  },
  {
    what: 'refresh checkout-service',
    permission: entityPermission('catalog.entity.refresh', 'update'),
    resourceRef: 'component:default/checkout-service',
    expected: 'YNNYNN',
  },
  {
    what: 'refresh payments-service',
    permission: entityPermission('catalog.entity.refresh', 'update'),
    resourceRef: 'component:default/payments-service',
    expected: 'NYNYNN',
  },
  {
    what: "read checkout-service's pod logs",
    permission: entityPermission('launchpad.kubernetes.logs.read', 'read'),
    resourceRef: 'component:default/checkout-service',
    expected: 'YNNYNN',
  },
  {
    what: "read payments-service's pod logs",
    permission: entityPermission('launchpad.kubernetes.logs.read', 'read'),
    resourceRef: 'component:default/payments-service',
    expected: 'NYNYNN',
  },
  {
    what: 'read the PostgreSQL golden path',
    permission: entityPermission('catalog.entity.read', 'read'),
    resourceRef: 'template:default/postgres-database',
    expected: 'YYYYYY',
  },
  {
    what: 'read payments-service',
    permission: entityPermission('catalog.entity.read', 'read'),
    resourceRef: 'component:default/payments-service',
    expected: 'YYYYYY',
  },
  {
    what: 'manage unprocessed entities',
    permission: basicPermission('catalog.ingestion.manage', 'update'),
    expected: 'NNNYNN',
  },
  {
    what: 'read unprocessed entities (file paths, processor errors)',
    permission: basicPermission('catalog.entities.unprocessed.read', 'read'),
    expected: 'NNNYNN',
  },
  {
    what: 'delete an unprocessed entity',
    permission: basicPermission(
      'catalog.entities.unprocessed.delete',
      'delete',
    ),
    expected: 'NNNYNN',
  },
  {
    what: 'use the raw Kubernetes proxy',
    permission: basicPermission('kubernetes.proxy'),
    expected: 'NNNYNN',
  },
  {
    what: 'dry-run a template',
    permission: basicPermission('scaffolder.template.dry-run'),
    expected: 'NNNYNY',
  },
  {
    what: 'open the template editor',
    permission: basicPermission('scaffolder.template.management'),
    expected: 'NNNYNY',
  },
  {
    what: 'run scorecard evaluations',
    permission: basicPermission('scorecards.evaluate', 'update'),
    expected: 'NNNYNN',
  },
  {
    what: 'merge a change proposal on checkout-service',
    permission: entityPermission('launchpad.git.changes.manage', 'update'),
    resourceRef: 'component:default/checkout-service',
    expected: 'YNNYNN',
  },
  {
    what: 'read the audit trail',
    permission: basicPermission('audit.events.read', 'read'),
    expected: 'NNNYNN',
  },
  {
    what: 'create a task from a template',
    permission: basicPermission('scaffolder.task.create', 'create'),
    expected: 'YYYYYY',
  },
];

describe('permission matrix (real permission framework, portal policy, demo company)', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: testDatabaseConfig(),
              reading: { allow: [] },
            },
            permission: { enabled: true },
            // Tasks stay open (no workers): the task tests read them, nothing runs them.
            scaffolder: { concurrentTasksLimit: 0 },
            launchpad: {
              localMode: true,
              permissions: {
                admins: ['group:default/platform'],
                templateAuthors: ['user:default/kenji.watanabe'],
                repositoryOwners: [
                  {
                    url: 'https://github.com/northwind/checkout-',
                    owner: 'group:default/checkout',
                  },
                ],
              },
            },
            catalog: {
              allowedLocationTypes: ['url', 'file'],
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                    'Template',
                  ],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog/all.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'templates/all.yaml'),
                },
              ],
            },
          },
        }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        // as the portal runs: users' checks decided in each plugin's process by the same policy
        launchpadPermissionsServiceFactory,
        permissionsRegistryServiceFactory,
        onBehalfOfAuthFactory,
        userInfoFactory,
        permissionPlugin,
        launchpadPolicy,
        catalogPlugin,
        catalogGuard,
        localFiles,
        scaffolderEntityModel,
        scaffolderPlugin,
        scaffolderGuard,
      ],
    });
    const admin = mockCredentials.user.header(roles.platformAdmin);
    await waitFor(
      async () => {
        const refs = [
          'component:default/checkout-service',
          'component:default/payments-service',
          'template:default/postgres-database',
          'group:default/checkout',
        ];
        for (const ref of refs) {
          const [kind, rest] = ref.split(':');
          const res = await request(backend.server)
            .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
            .set('Authorization', admin);
          if (res.status !== 200 || !res.body.relations?.length)
            return undefined;
        }
        return true;
      },
      {
        timeoutMs: 120_000,
        describe: () =>
          'the demo company and the templates to be in the catalog',
      },
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function authorize(
    role: Role,
    permission: object,
    resourceRef?: string,
  ) {
    const res = await request(backend.server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(roles[role]))
      .send({
        items: [
          { id: 'x', permission, ...(resourceRef ? { resourceRef } : {}) },
        ],
      });
    expect(res.status).toBe(200);
    return res.body.items[0].result as 'ALLOW' | 'DENY';
  }

  const cases = matrix.flatMap(c =>
    roleOrder.map((role, i) => ({
      ...c,
      role,
      allowed: c.expected[i] === 'Y',
    })),
  );

  it(`has at least 40 cases, with denials and allowances (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter(c => c.allowed).length).toBeGreaterThan(10);
    expect(cases.filter(c => !c.allowed).length).toBeGreaterThan(10);
  });

  it.each(cases)(
    '$role may $what: $allowed',
    async ({ role, permission, resourceRef, allowed }) => {
      expect(await authorize(role, permission, resourceRef)).toBe(
        allowed ? 'ALLOW' : 'DENY',
      );
    },
  );

  it.each(cases)(
    'the explain endpoint agrees for $role / $what',
    async ({ role, permission, resourceRef, allowed }) => {
      const res = await request(backend.server)
        .post('/api/permission/launchpad/explain')
        .set('Authorization', mockCredentials.user.header(roles.platformAdmin))
        .send({
          permission: (permission as { name: string }).name,
          resourceRef,
          user: roles[role],
        });
      expect(res.status).toBe(200);
      expect(res.body.result).toBe(allowed ? 'ALLOW' : 'DENY');
      expect(res.body.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      // a denial names its rule and whom to ask
      const denial = {
        message: expect.stringContaining(`rule "${res.body.rule}"`),
        askWhom: expect.arrayContaining([expect.anything()]),
      };
      expect(res.body).toMatchObject(allowed ? {} : denial);
    },
  );

  it('names the owners to ask when a developer may not delete another team\u2019s service', async () => {
    const res = await request(backend.server)
      .post('/api/permission/launchpad/explain')
      .set(
        'Authorization',
        mockCredentials.user.header(roles.checkoutDeveloper),
      )
      .send({
        permission: 'catalog.entity.delete',
        resourceRef: 'component:default/payments-service',
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: 'DENY',
      rule: 'entity-owners',
      askWhom: ['group:default/payments'],
    });
    expect(res.body.message).toBe(
      'user:default/priya.nair may not catalog.entity.delete on component:default/payments-service: rule "entity-owners" allows only the entity\'s owners (the user or one of their groups) and platform admins. Ask group:default/payments.',
    );
  });

  it('lets only admins ask about another user, and refuses bad explain requests with a 400', async () => {
    const asDeveloper = mockCredentials.user.header(roles.checkoutDeveloper);
    const other = await request(backend.server)
      .post('/api/permission/launchpad/explain')
      .set('Authorization', asDeveloper)
      .send({ permission: 'kubernetes.proxy', user: roles.platformAdmin });
    expect(other.status).toBe(403);
    for (const body of [
      {},
      { permission: 'no.such.permission' },
      { permission: 'kubernetes.proxy', resourceRef: 'not a ref::' },
      { permission: 'kubernetes.proxy', extra: 1 },
      { permission: ['kubernetes.proxy'] },
    ]) {
      const res = await request(backend.server)
        .post('/api/permission/launchpad/explain')
        .set('Authorization', asDeveloper)
        .send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const missing = await request(backend.server)
      .post('/api/permission/launchpad/explain')
      .set('Authorization', asDeveloper)
      .send({
        permission: 'catalog.entity.delete',
        resourceRef: 'component:default/no-such-service',
      });
    expect(missing.status).toBe(404);
  });

  describe('enforced on the catalog\u2019s own routes', () => {
    async function entity(ref: string, role: Role = 'platformAdmin') {
      const [kind, rest] = ref.split(':');
      return request(backend.server)
        .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
        .set('Authorization', mockCredentials.user.header(roles[role]));
    }

    it("refuses to delete another team's entity and keeps it", async () => {
      const payments = (await entity('component:default/payments-service'))
        .body;
      const res = await request(backend.server)
        .delete(`/api/catalog/entities/by-uid/${payments.metadata.uid}`)
        .set(
          'Authorization',
          mockCredentials.user.header(roles.checkoutDeveloper),
        );
      expect(res.status).toBe(403);
      expect((await entity('component:default/payments-service')).status).toBe(
        200,
      );
    });

    it('refreshes an entity for its owners only', async () => {
      for (const [role, status] of [
        ['checkoutDeveloper', 200],
        ['paymentsDeveloper', 403],
        ['manager', 403],
        ['platformAdmin', 200],
      ] as const) {
        const res = await request(backend.server)
          .post('/api/catalog/refresh')
          .set('Authorization', mockCredentials.user.header(roles[role]))
          .send({ entityRef: 'component:default/checkout-service' });
        expect({ role, status: res.status }).toEqual({ role, status });
      }
    });

    it('keeps a golden path with allowedGroups to those groups: its form, dry-runs and runs', async () => {
      const denied: request.Response[] = [];
      const schema = (role: Role) =>
        request(backend.server)
          .get(
            '/api/scaffolder/v2/templates/default/template/postgres-database/parameter-schema',
          )
          .set('Authorization', mockCredentials.user.header(roles[role]));
      for (const [role, status] of [
        ['checkoutDeveloper', 200],
        ['paymentsDeveloper', 200],
        ['templateAuthor', 200], // data has a database budget
        ['platformAdmin', 200],
        ['webDeveloper', 403],
        ['manager', 403],
      ] as const) {
        const res = await schema(role);
        expect({ role, status: res.status }).toEqual({ role, status });
        if (status === 403) denied.push(res);
      }
      expect(denied).toHaveLength(2);
      for (const res of denied) {
        expect(res.body.decision).toMatchObject({
          rule: 'template-groups',
          askWhom: ['group:default/platform'],
        });
        expect(res.body.error.message).toContain(
          'group:default/checkout, group:default/payments',
        );
        expect(reasonPhrase(res)).toBe(res.body.error.message);
      }
      const run = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(roles.webDeveloper))
        .send({
          templateRef: 'template:default/postgres-database',
          values: {},
        });
      expect(run.status).toBe(403);
      const tasks = await request(backend.server)
        .get('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(roles.platformAdmin));
      expect(tasks.body.tasks ?? []).toEqual([]);
      const open = await request(backend.server)
        .get(
          '/api/scaffolder/v2/templates/default/template/node-service/parameter-schema',
        )
        .set('Authorization', mockCredentials.user.header(roles.webDeveloper));
      expect(open.status).toBe(200);
    });

    it('the explain endpoint says the same for running the golden path', async () => {
      for (const [role, result] of [
        ['webDeveloper', 'DENY'],
        ['checkoutDeveloper', 'ALLOW'],
      ] as const) {
        const res = await request(backend.server)
          .post('/api/permission/launchpad/explain')
          .set('Authorization', mockCredentials.user.header(roles[role]))
          .send({
            permission: 'scaffolder.task.create',
            resourceRef: 'template:default/postgres-database',
          });
        expect({ role, result: res.body.result }).toEqual({ role, result });
      }
    });
  });

  describe('tasks: read by the initiator, the team they were created for, and admins; cancelled by the initiator', () => {
    const nodeValues = (owner: string) => ({
      name: `svc-${Math.random().toString(36).slice(2, 8)}`,
      description: 'A service for the task tests',
      owner,
      system: 'system:default/storefront',
      lifecycle: 'experimental',
    });
    async function createTask(role: Role, owner: string) {
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(roles[role]))
        .send({
          templateRef: 'template:default/node-service',
          values: nodeValues(owner),
        });
      expect({
        owner,
        status: res.status,
        body: res.status === 201 ? undefined : res.body,
      }).toEqual({ owner, status: 201, body: undefined });
      return res.body.id as string;
    }
    const read = (role: Role, route: string) =>
      request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${route}`)
        .set('Authorization', mockCredentials.user.header(roles[role]));

    // marcus.chen is priya.nair's teammate in checkout; sofia.rossi is in payments
    const teammate = 'user:default/marcus.chen';
    const asTeammate = () => mockCredentials.user.header(teammate);

    it('lets the owning team read a teammate\u2019s task, its log and its event stream; others get the rule', async () => {
      const id = await createTask(
        'checkoutDeveloper',
        'group:default/checkout',
      );
      for (const [role, status] of [
        ['checkoutDeveloper', 200], // the initiator
        ['platformAdmin', 200],
        ['paymentsDeveloper', 403],
        ['manager', 403],
      ] as const) {
        const res = await read(role, id);
        expect({ role, status: res.status }).toEqual({ role, status });
        const task = {
          id,
          createdBy: roles.checkoutDeveloper,
          status: 'open',
        };
        const denial = {
          decision: {
            result: 'DENY',
            rule: 'task-readers',
            askWhom: [roles.checkoutDeveloper, 'group:default/checkout'],
          },
          error: { message: expect.stringContaining('rule "task-readers"') },
        };
        expect(res.body).toMatchObject(status === 200 ? task : denial);
      }
      // the teammate: the task, its log, its event stream
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', asTeammate());
      expect({
        status: task.status,
        id: task.body.id,
        owner: task.body.spec?.parameters?.owner,
      }).toEqual({
        status: 200,
        id,
        owner: 'group:default/checkout',
      });
      // an event to see: the initiator cancels it (no workers here, so nothing else writes events)
      const cancelled = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
        .set(
          'Authorization',
          mockCredentials.user.header(roles.checkoutDeveloper),
        );
      expect(cancelled.status).toBe(200);
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/events`)
        .set('Authorization', asTeammate());
      expect({
        status: events.status,
        types: events.body.map?.((e: { type: string }) => e.type),
      }).toEqual({
        status: 200,
        types: ['cancelled'],
      });
      // the event stream stays open: read its first chunk, then hang up
      const { port } = backend.server.address() as AddressInfo;
      const stream = await new Promise<{
        status?: number;
        type?: string;
        first: string;
      }>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: `/api/scaffolder/v2/tasks/${id}/eventstream`,
            headers: { Authorization: asTeammate() },
          },
          res => {
            res.once('data', chunk => {
              resolve({
                status: res.statusCode,
                type: res.headers['content-type'],
                first: String(chunk),
              });
              req.destroy();
            });
          },
        );
        req.setTimeout(30_000, () =>
          req.destroy(new Error('the event stream sent nothing in 30 s')),
        );
        req.on('error', error =>
          /socket hang up|ECONNRESET|aborted/.test(String(error))
            ? undefined
            : reject(error),
        );
      });
      expect(stream).toEqual({
        status: 200,
        type: expect.stringMatching(/^text\/event-stream/),
        first: expect.stringMatching(/^event: cancelled\ndata: /),
      });
      // the stream of another team's task is refused, explained
      const other = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}/eventstream`)
        .set(
          'Authorization',
          mockCredentials.user.header(roles.paymentsDeveloper),
        );
      expect({ status: other.status, rule: other.body.decision?.rule }).toEqual(
        { status: 403, rule: 'task-readers' },
      );
    });

    it('reads by ownership only for the exact owner: look-alike owners are refused', async () => {
      for (const owner of [
        'group:default/checkout-x',
        'group:default/checkou',
        'group:other/checkout',
        'group:default/payments',
      ]) {
        const id = await createTask('platformAdmin', owner);
        const res = await read('checkoutDeveloper', id);
        expect({
          owner,
          status: res.status,
          rule: res.body.decision?.rule,
        }).toEqual({ owner, status: 403, rule: 'task-readers' });
      }
      // the exact owner reads it
      const id = await createTask('platformAdmin', 'group:default/checkout');
      expect((await read('checkoutDeveloper', id)).status).toBe(200);
    });

    it('lets only the initiator (and admins) cancel; the team gets the explained 403 and the task stays open', async () => {
      const id = await createTask(
        'checkoutDeveloper',
        'group:default/checkout',
      );
      const byTeammate = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
        .set('Authorization', asTeammate());
      expect({
        status: byTeammate.status,
        rule: byTeammate.body.decision?.rule,
        askWhom: byTeammate.body.decision?.askWhom,
      }).toEqual({
        status: 403,
        rule: 'task-initiator',
        askWhom: [roles.checkoutDeveloper],
      });
      expect((await read('checkoutDeveloper', id)).body.status).toBe('open');
      const byInitiator = await request(backend.server)
        .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
        .set(
          'Authorization',
          mockCredentials.user.header(roles.checkoutDeveloper),
        );
      expect(byInitiator.status).toBe(200);
    });

    it('lists the tasks a user started and their teams\u2019 tasks (admins: all), paged and filtered as the scaffolder pages them', async () => {
      const checkoutTask = await createTask(
        'checkoutDeveloper',
        'group:default/checkout',
      );
      const secondTask = await createTask(
        'checkoutDeveloper',
        'group:default/checkout',
      );
      const paymentsTask = await createTask(
        'paymentsDeveloper',
        'group:default/payments',
      );
      const list = async (who: string, query = '') => {
        const res = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks${query}`)
          .set('Authorization', mockCredentials.user.header(who));
        expect({ who, query, status: res.status }).toEqual({
          who,
          query,
          status: 200,
        });
        return {
          ids: res.body.tasks.map((t: { id: string }) => t.id) as string[],
          total: res.body.totalTasks as number,
          tasks: res.body.tasks,
        };
      };
      const { ids: byInitiator } = await list(roles.checkoutDeveloper);
      expect(byInitiator).toEqual(
        expect.arrayContaining([checkoutTask, secondTask]),
      );
      expect(byInitiator).not.toContain(paymentsTask);
      const { ids: byAdmin } = await list(roles.platformAdmin);
      expect(byAdmin).toEqual(
        expect.arrayContaining([checkoutTask, secondTask, paymentsTask]),
      );
      // the teammate sees the team's tasks, not another team's
      const byTeammate = await list(teammate);
      expect(byTeammate.ids).toEqual(
        expect.arrayContaining([checkoutTask, secondTask]),
      );
      expect(byTeammate.ids).not.toContain(paymentsTask);
      expect(
        byTeammate.tasks.every(
          (t: { spec?: unknown; secrets?: unknown }) =>
            t.spec && t.secrets === undefined,
        ),
      ).toBe(true);
      // a manager outside both teams sees neither
      const byManager = (await list(roles.manager)).ids;
      expect(
        [checkoutTask, secondTask, paymentsTask].filter(id =>
          byManager.includes(id),
        ),
      ).toEqual([]);
      // newest first by default, one page at a time, the total counts every readable task
      const page1 = await list(teammate, '?limit=1&offset=0');
      const page2 = await list(teammate, '?limit=1&offset=1');
      expect({
        page1: page1.ids.length,
        page2: page2.ids.length,
        total: page1.total,
      }).toEqual({ page1: 1, page2: 1, total: byTeammate.total });
      expect(page1.ids[0]).not.toEqual(page2.ids[0]);
      expect(byTeammate.ids.slice(0, 2)).toEqual([page1.ids[0], page2.ids[0]]);
      // the "Owned" view (createdBy) narrows the teammate's list to tasks that person started
      const started = await list(
        teammate,
        `?createdBy=${encodeURIComponent(roles.checkoutDeveloper)}`,
      );
      expect(started.ids).toEqual(
        expect.arrayContaining([checkoutTask, secondTask]),
      );
      expect(started.ids).not.toContain(paymentsTask);
      expect(
        (
          await list(
            teammate,
            `?createdBy=${encodeURIComponent(roles.paymentsDeveloper)}`,
          )
        ).ids,
      ).not.toContain(paymentsTask);
      expect((await list(teammate, '?status=open')).ids).toEqual(
        expect.arrayContaining([checkoutTask, secondTask]),
      );
      expect((await list(teammate, '?status=completed')).ids).not.toContain(
        checkoutTask,
      ); // tasks stay open here
      // a query the guard does not read is the scaffolder's: its 400, no list
      const bad = await request(backend.server)
        .get('/api/scaffolder/v2/tasks?order=sideways:created_at')
        .set('Authorization', mockCredentials.user.header(teammate));
      expect(bad.status).toBe(400);
    });

    it('keeps dry-runs to template authors, with the rule in the 403', async () => {
      const res = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .set(
          'Authorization',
          mockCredentials.user.header(roles.checkoutDeveloper),
        )
        .send({ template: {}, values: {}, directoryContents: [] });
      expect({
        status: res.status,
        rule: res.body.decision?.rule,
        askWhom: res.body.decision?.askWhom,
      }).toEqual({
        status: 403,
        rule: 'template-authors',
        askWhom: ['group:default/platform'],
      });
    });
  });

  describe('locations: platform admins, or a team for the repositories it owns', () => {
    const git = 'http://localhost:7007/api/git';
    async function register(role: Role, target: string) {
      return request(backend.server)
        .post('/api/catalog/locations')
        .set('Authorization', mockCredentials.user.header(roles[role]))
        .send({ type: 'url', target });
    }

    it.each([
      [
        'checkoutDeveloper',
        `${git}/checkout/cart-api/blob/main/catalog-info.yaml`,
        201,
      ],
      [
        'checkoutDeveloper',
        'https://github.com/northwind/checkout-api/blob/main/catalog-info.yaml',
        201,
      ],
      [
        'platformAdmin',
        `${git}/payments/ledger/blob/main/catalog-info.yaml`,
        201,
      ],
      [
        'platformAdmin',
        'https://github.com/northwind/anything/blob/main/catalog-info.yaml',
        201,
      ],
      [
        'paymentsDeveloper',
        `${git}/checkout/cart-web/blob/main/catalog-info.yaml`,
        403,
      ],
      ['manager', `${git}/checkout/cart-jobs/blob/main/catalog-info.yaml`, 403],
      [
        'checkoutDeveloper',
        `${git}/payments/ledger-2/blob/main/catalog-info.yaml`,
        403,
      ],
      [
        'checkoutDeveloper',
        'https://github.com/northwind/payments-api/blob/main/catalog-info.yaml',
        403,
      ],
      // the same class in disguise: dot segments, encodings, look-alike hosts, other orgs
      [
        'checkoutDeveloper',
        'https://github.com/northwind/checkout-api/../../payments/blob/main/catalog-info.yaml',
        403,
      ],
      [
        'checkoutDeveloper',
        'https://github.com/northwind/checkout-x%2f..%2f..%2fpayments/blob/main/c.yaml',
        403,
      ],
      [
        'checkoutDeveloper',
        'https://github.com.evil.example/northwind/checkout-api/blob/main/c.yaml',
        403,
      ],
      [
        'checkoutDeveloper',
        'https://github.com@evil.example/northwind/checkout-api/blob/main/c.yaml',
        403,
      ],
      [
        'checkoutDeveloper',
        'https://github.com/northwind-evil/checkout-api/blob/main/c.yaml',
        403,
      ],
      [
        'checkoutDeveloper',
        `${git}/checkout/../payments/ledger/blob/main/c.yaml`,
        403,
      ],
      ['checkoutDeveloper', `${git}/%70ayments/ledger/blob/main/c.yaml`, 403],
      [
        'checkoutDeveloper',
        `http://localhost:7007/api/gitx/checkout/a/blob/main/c.yaml`,
        403,
      ],
      [
        'checkoutDeveloper',
        'ftp://github.com/northwind/checkout-api/c.yaml',
        403,
      ],
      ['checkoutDeveloper', 'not a url', 403],
    ] as Array<[Role, string, number]>)(
      '%s registering %s: %d',
      async (role, target, status) => {
        const res = await register(role, target);
        expect({ target, status: res.status }).toEqual({ target, status });
        const denial = {
          decision: {
            result: 'DENY',
            rule: 'repository-owners',
            askWhom: ['group:default/platform'],
          },
          error: {
            message: expect.stringContaining('rule "repository-owners"'),
          },
        };
        expect(res.body).toMatchObject(status === 403 ? denial : {});
      },
    );

    it('answers a body that is not a location with the catalog\u2019s 400, not a refusal', async () => {
      for (const body of [
        {},
        { type: 'url' },
        { type: 1, target: 'x' },
        { type: 'url', target: ['a'] },
        'text',
      ]) {
        const res = await request(backend.server)
          .post('/api/catalog/locations')
          .set(
            'Authorization',
            mockCredentials.user.header(roles.checkoutDeveloper),
          )
          .send(body as object);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });

    it('deletes and re-targets a location only for its owners', async () => {
      const created = await register(
        'checkoutDeveloper',
        `${git}/checkout/basket/blob/main/catalog-info.yaml`,
      );
      expect(created.status).toBe(201);
      const id = created.body.location.id;
      const asPayments = mockCredentials.user.header(roles.paymentsDeveloper);
      const retarget = await request(backend.server)
        .put(`/api/catalog/locations/${id}`)
        .set('Authorization', asPayments)
        .send({
          type: 'url',
          target: `${git}/payments/basket/blob/main/catalog-info.yaml`,
        });
      expect(retarget.status).toBe(403);
      const stolen = await request(backend.server)
        .put(`/api/catalog/locations/${id}`)
        .set(
          'Authorization',
          mockCredentials.user.header(roles.checkoutDeveloper),
        )
        .send({
          type: 'url',
          target: `${git}/payments/basket/blob/main/catalog-info.yaml`,
        });
      expect(stolen.status).toBe(403);
      const removed = await request(backend.server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', asPayments);
      expect(removed.status).toBe(403);
      const still = await request(backend.server)
        .get(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header(roles.platformAdmin));
      expect(still.body.target).toBe(
        `${git}/checkout/basket/blob/main/catalog-info.yaml`,
      );
      const own = await request(backend.server)
        .delete(`/api/catalog/locations/${id}`)
        .set(
          'Authorization',
          mockCredentials.user.header(roles.checkoutDeveloper),
        );
      expect(own.status).toBe(204);
    });

    it('keeps file locations (the demo company is one) to admins once they exist', async () => {
      const admin = mockCredentials.user.header(roles.platformAdmin);
      const created = await request(backend.server)
        .post('/api/catalog/locations')
        .set('Authorization', admin)
        .send({
          type: 'file',
          target: path.join(repoRoot, 'templates/all.yaml'),
        });
      expect({
        status: created.status,
        error: created.body.error?.message,
      }).toEqual({ status: 201, error: undefined });
      const id = created.body.location.id;
      const asDeveloper = mockCredentials.user.header(roles.checkoutDeveloper);
      expect(
        (
          await request(backend.server)
            .delete(`/api/catalog/locations/${id}`)
            .set('Authorization', asDeveloper)
        ).status,
      ).toBe(403);
      expect(
        (
          await request(backend.server)
            .delete(`/api/catalog/locations/${id}`)
            .set('Authorization', admin)
        ).status,
      ).toBe(204);
    });

    it("explains the catalog's own 403 with the rule and the owners to ask", async () => {
      const res = await request(backend.server)
        .post('/api/catalog/refresh')
        .set(
          'Authorization',
          mockCredentials.user.header(roles.paymentsDeveloper),
        )
        .send({ entityRef: 'component:default/checkout-service' });
      expect(res.status).toBe(403);
      expect(res.body.decision).toMatchObject({
        result: 'DENY',
        rule: 'entity-owners',
        askWhom: ['group:default/checkout'],
      });
      expect(res.body.error.message).toContain('Ask group:default/checkout.');
      // ... and the status line carries the sentence, which Backstage's clients show as the error
      expect(reasonPhrase(res)).toBe(res.body.error.message);
    });
  });
});
