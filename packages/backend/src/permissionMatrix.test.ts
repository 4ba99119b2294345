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
import { onBehalfOfAuthFactory } from './testing/onBehalfOfAuthFactory';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';

jest.setTimeout(240_000);

const repoRoot = path.resolve(__dirname, '../../..');

/** user -> the groups it is a member of, from the demo company's org file. */
function readMemberships(): Map<string, string[]> {
  const docs = yaml.parseAllDocuments(fs.readFileSync(path.join(repoRoot, 'catalog/org.yaml'), 'utf-8'));
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

/** Ownership refs as the catalog sign-in resolver gives them: the user and its groups. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...(memberships.get(userEntityRef) ?? [])] };
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
const matrix: Array<{ what: string; permission: object; resourceRef?: string; expected: string }> = [
  { what: 'delete checkout-service', permission: entityPermission('catalog.entity.delete', 'delete'), resourceRef: 'component:default/checkout-service', expected: 'YNNYNN' },
  { what: 'delete payments-service', permission: entityPermission('catalog.entity.delete', 'delete'), resourceRef: 'component:default/payments-service', expected: 'NYNYNN' },
  { what: 'delete the Checkout group', permission: entityPermission('catalog.entity.delete', 'delete'), resourceRef: 'group:default/checkout', expected: 'NNNYNN' },
  { what: 'refresh checkout-service', permission: entityPermission('catalog.entity.refresh', 'update'), resourceRef: 'component:default/checkout-service', expected: 'YNNYNN' },
  { what: 'refresh payments-service', permission: entityPermission('catalog.entity.refresh', 'update'), resourceRef: 'component:default/payments-service', expected: 'NYNYNN' },
  { what: "read checkout-service's pod logs", permission: entityPermission('launchpad.kubernetes.logs.read', 'read'), resourceRef: 'component:default/checkout-service', expected: 'YNNYNN' },
  { what: "read payments-service's pod logs", permission: entityPermission('launchpad.kubernetes.logs.read', 'read'), resourceRef: 'component:default/payments-service', expected: 'NYNYNN' },
  { what: 'read the PostgreSQL golden path', permission: entityPermission('catalog.entity.read', 'read'), resourceRef: 'template:default/postgres-database', expected: 'YYYYYY' },
  { what: 'read payments-service', permission: entityPermission('catalog.entity.read', 'read'), resourceRef: 'component:default/payments-service', expected: 'YYYYYY' },
  { what: 'manage unprocessed entities', permission: basicPermission('catalog.ingestion.manage', 'update'), expected: 'NNNYNN' },
  { what: 'use the raw Kubernetes proxy', permission: basicPermission('kubernetes.proxy'), expected: 'NNNYNN' },
  { what: 'dry-run a template', permission: basicPermission('scaffolder.template.dry-run'), expected: 'NNNYNY' },
  { what: 'open the template editor', permission: basicPermission('scaffolder.template.management'), expected: 'NNNYNY' },
  { what: 'run scorecard evaluations', permission: basicPermission('scorecards.evaluate', 'update'), expected: 'NNNYNN' },
  { what: 'read the audit trail', permission: basicPermission('audit.events.read', 'read'), expected: 'NNNYNN' },
  { what: 'create a task from a template', permission: basicPermission('scaffolder.task.create', 'create'), expected: 'YYYYYY' },
];

describe('permission matrix (real permission framework, portal policy, demo company)', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007', database: testDatabaseConfig(), reading: { allow: [] } },
            permission: { enabled: true },
            launchpad: {
              localMode: true,
              permissions: {
                admins: ['group:default/platform'],
                templateAuthors: ['user:default/kenji.watanabe'],
                repositoryOwners: [{ url: 'https://github.com/northwind/checkout-', owner: 'group:default/checkout' }],
              },
            },
            catalog: {
              allowedLocationTypes: ['url', 'file'],
              rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location', 'Domain', 'Group', 'User', 'Template'] }],
              locations: [
                { type: 'file', target: path.join(repoRoot, 'catalog/all.yaml') },
                { type: 'file', target: path.join(repoRoot, 'templates/all.yaml') },
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
        const refs = ['component:default/checkout-service', 'component:default/payments-service', 'template:default/postgres-database', 'group:default/checkout'];
        for (const ref of refs) {
          const [kind, rest] = ref.split(':');
          const res = await request(backend.server)
            .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
            .set('Authorization', admin);
          if (res.status !== 200 || !res.body.relations?.length) return undefined;
        }
        return true;
      },
      { timeoutMs: 120_000, describe: () => 'the demo company and the templates to be in the catalog' },
    );
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function authorize(role: Role, permission: object, resourceRef?: string) {
    const res = await request(backend.server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(roles[role]))
      .send({ items: [{ id: 'x', permission, ...(resourceRef ? { resourceRef } : {}) }] });
    expect(res.status).toBe(200);
    return res.body.items[0].result as 'ALLOW' | 'DENY';
  }

  const cases = matrix.flatMap(c =>
    roleOrder.map((role, i) => ({ ...c, role, allowed: c.expected[i] === 'Y' })),
  );

  it(`has at least 40 cases, with denials and allowances (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter(c => c.allowed).length).toBeGreaterThan(10);
    expect(cases.filter(c => !c.allowed).length).toBeGreaterThan(10);
  });

  it.each(cases)('$role may $what: $allowed', async ({ role, permission, resourceRef, allowed }) => {
    expect(await authorize(role, permission, resourceRef)).toBe(allowed ? 'ALLOW' : 'DENY');
  });

  it.each(cases)(
    'the explain endpoint agrees for $role / $what',
    async ({ role, permission, resourceRef, allowed }) => {
      const res = await request(backend.server)
        .post('/api/permission/launchpad/explain')
        .set('Authorization', mockCredentials.user.header(roles.platformAdmin))
        .send({ permission: (permission as { name: string }).name, resourceRef, user: roles[role] });
      expect(res.status).toBe(200);
      expect(res.body.result).toBe(allowed ? 'ALLOW' : 'DENY');
      expect(res.body.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      if (!allowed) {
        expect(res.body.message).toContain(`rule "${res.body.rule}"`);
        expect(res.body.askWhom.length).toBeGreaterThan(0);
      }
    },
  );

  it('names the owners to ask when a developer may not delete another team\u2019s service', async () => {
    const res = await request(backend.server)
      .post('/api/permission/launchpad/explain')
      .set('Authorization', mockCredentials.user.header(roles.checkoutDeveloper))
      .send({ permission: 'catalog.entity.delete', resourceRef: 'component:default/payments-service' });
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
      .send({ permission: 'catalog.entity.delete', resourceRef: 'component:default/no-such-service' });
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
      const payments = (await entity('component:default/payments-service')).body;
      const res = await request(backend.server)
        .delete(`/api/catalog/entities/by-uid/${payments.metadata.uid}`)
        .set('Authorization', mockCredentials.user.header(roles.checkoutDeveloper));
      expect(res.status).toBe(403);
      expect((await entity('component:default/payments-service')).status).toBe(200);
    });

    it("refreshes an entity for its owners only", async () => {
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
      const schema = (role: Role) =>
        request(backend.server)
          .get('/api/scaffolder/v2/templates/default/template/postgres-database/parameter-schema')
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
        if (status === 403) {
          expect(res.body.decision).toMatchObject({ rule: 'template-groups', askWhom: ['group:default/platform'] });
          expect(res.body.error.message).toContain('group:default/checkout, group:default/payments');
        }
      }
      const run = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(roles.webDeveloper))
        .send({ templateRef: 'template:default/postgres-database', values: {} });
      expect(run.status).toBe(403);
      const tasks = await request(backend.server)
        .get('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header(roles.platformAdmin));
      expect(tasks.body.tasks ?? []).toEqual([]);
      const open = await request(backend.server)
        .get('/api/scaffolder/v2/templates/default/template/node-service/parameter-schema')
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
          .send({ permission: 'scaffolder.task.create', resourceRef: 'template:default/postgres-database' });
        expect({ role, result: res.body.result }).toEqual({ role, result });
      }
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
      ['checkoutDeveloper', `${git}/checkout/cart-api/blob/main/catalog-info.yaml`, 201],
      ['checkoutDeveloper', 'https://github.com/northwind/checkout-api/blob/main/catalog-info.yaml', 201],
      ['platformAdmin', `${git}/payments/ledger/blob/main/catalog-info.yaml`, 201],
      ['platformAdmin', 'https://github.com/northwind/anything/blob/main/catalog-info.yaml', 201],
      ['paymentsDeveloper', `${git}/checkout/cart-web/blob/main/catalog-info.yaml`, 403],
      ['manager', `${git}/checkout/cart-jobs/blob/main/catalog-info.yaml`, 403],
      ['checkoutDeveloper', `${git}/payments/ledger-2/blob/main/catalog-info.yaml`, 403],
      ['checkoutDeveloper', 'https://github.com/northwind/payments-api/blob/main/catalog-info.yaml', 403],
      // the same class in disguise: dot segments, encodings, look-alike hosts, other orgs
      ['checkoutDeveloper', 'https://github.com/northwind/checkout-api/../../payments/blob/main/catalog-info.yaml', 403],
      ['checkoutDeveloper', 'https://github.com/northwind/checkout-x%2f..%2f..%2fpayments/blob/main/c.yaml', 403],
      ['checkoutDeveloper', 'https://github.com.evil.example/northwind/checkout-api/blob/main/c.yaml', 403],
      ['checkoutDeveloper', 'https://github.com@evil.example/northwind/checkout-api/blob/main/c.yaml', 403],
      ['checkoutDeveloper', 'https://github.com/northwind-evil/checkout-api/blob/main/c.yaml', 403],
      ['checkoutDeveloper', `${git}/checkout/../payments/ledger/blob/main/c.yaml`, 403],
      ['checkoutDeveloper', `${git}/%70ayments/ledger/blob/main/c.yaml`, 403],
      ['checkoutDeveloper', `http://localhost:7007/api/gitx/checkout/a/blob/main/c.yaml`, 403],
      ['checkoutDeveloper', 'ftp://github.com/northwind/checkout-api/c.yaml', 403],
      ['checkoutDeveloper', 'not a url', 403],
    ] as Array<[Role, string, number]>)('%s registering %s: %d', async (role, target, status) => {
      const res = await register(role, target);
      expect({ target, status: res.status }).toEqual({ target, status });
      if (status === 403) {
        expect(res.body.decision).toMatchObject({ result: 'DENY', rule: 'repository-owners', askWhom: ['group:default/platform'] });
        expect(res.body.error.message).toContain('rule "repository-owners"');
      }
    });

    it('answers a body that is not a location with the catalog\u2019s 400, not a refusal', async () => {
      for (const body of [{}, { type: 'url' }, { type: 1, target: 'x' }, { type: 'url', target: ['a'] }, 'text']) {
        const res = await request(backend.server)
          .post('/api/catalog/locations')
          .set('Authorization', mockCredentials.user.header(roles.checkoutDeveloper))
          .send(body as object);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });

    it('deletes and re-targets a location only for its owners', async () => {
      const created = await register('checkoutDeveloper', `${git}/checkout/basket/blob/main/catalog-info.yaml`);
      expect(created.status).toBe(201);
      const id = created.body.location.id;
      const asPayments = mockCredentials.user.header(roles.paymentsDeveloper);
      const retarget = await request(backend.server)
        .put(`/api/catalog/locations/${id}`)
        .set('Authorization', asPayments)
        .send({ type: 'url', target: `${git}/payments/basket/blob/main/catalog-info.yaml` });
      expect(retarget.status).toBe(403);
      const stolen = await request(backend.server)
        .put(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header(roles.checkoutDeveloper))
        .send({ type: 'url', target: `${git}/payments/basket/blob/main/catalog-info.yaml` });
      expect(stolen.status).toBe(403);
      const removed = await request(backend.server).delete(`/api/catalog/locations/${id}`).set('Authorization', asPayments);
      expect(removed.status).toBe(403);
      const still = await request(backend.server)
        .get(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header(roles.platformAdmin));
      expect(still.body.target).toBe(`${git}/checkout/basket/blob/main/catalog-info.yaml`);
      const own = await request(backend.server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', mockCredentials.user.header(roles.checkoutDeveloper));
      expect(own.status).toBe(204);
    });

    it('keeps file locations (the demo company is one) to admins once they exist', async () => {
      const admin = mockCredentials.user.header(roles.platformAdmin);
      const created = await request(backend.server)
        .post('/api/catalog/locations')
        .set('Authorization', admin)
        .send({ type: 'file', target: path.join(repoRoot, 'templates/all.yaml') });
      expect({ status: created.status, error: created.body.error?.message }).toEqual({ status: 201, error: undefined });
      const id = created.body.location.id;
      const asDeveloper = mockCredentials.user.header(roles.checkoutDeveloper);
      expect((await request(backend.server).delete(`/api/catalog/locations/${id}`).set('Authorization', asDeveloper)).status).toBe(403);
      expect((await request(backend.server).delete(`/api/catalog/locations/${id}`).set('Authorization', admin)).status).toBe(204);
    });

    it("explains the catalog's own 403 with the rule and the owners to ask", async () => {
      const res = await request(backend.server)
        .post('/api/catalog/refresh')
        .set('Authorization', mockCredentials.user.header(roles.paymentsDeveloper))
        .send({ entityRef: 'component:default/checkout-service' });
      expect(res.status).toBe(403);
      expect(res.body.decision).toMatchObject({
        result: 'DENY',
        rule: 'entity-owners',
        askWhom: ['group:default/checkout'],
      });
      expect(res.body.error.message).toContain('Ask group:default/checkout.');
    });
  });
});
