/*
 * The guard in a test backend, in front of a stand-in for the Kubernetes
 * backend's routes (pluginId `kubernetes`, the same paths, echoing what
 * reaches it). The real @backstage/plugin-kubernetes-backend behind the
 * guard, against stand-in clusters, is tested in
 * packages/backend/src/kubernetes.test.ts (it needs a child process for its
 * ESM client).
 */
import { ConfigReader } from '@backstage/config';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import guard from './index';
import { readResourceTypeAllowList } from './resourceTypes';

const ARGO = {
  group: 'argoproj.io',
  apiVersion: 'v1alpha1',
  plural: 'applications',
};
const MONITORS = {
  group: 'monitoring.coreos.com',
  apiVersion: 'v1',
  plural: 'servicemonitors',
};
const OBJECTS = {
  items: [
    {
      cluster: { name: 'dev' },
      resources: [
        { type: 'pods', resources: [{ metadata: { name: 'p' } }] },
        { type: 'configmaps', resources: [{ data: { DB_PASSWORD: 'x' } }] },
        { type: 'secrets', resources: [{ data: { token: '***' } }] },
        { type: 'customresources', resources: [{ kind: 'Application' }] },
      ],
      errors: [],
    },
  ],
};

/** What the Kubernetes backend's routes would see: the body that reached them. */
const kubernetesStandIn = createBackendPlugin({
  pluginId: 'kubernetes',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.use(express.json());
        router.post('/resources/custom/query', (req, res) => {
          res.json({ reached: req.body.customResources });
        });
        router.post('/resources/workloads/query', (_req, res) => {
          res.json(OBJECTS);
        });
        router.post('/services/:serviceId', (_req, res) => {
          res.json(OBJECTS);
        });
        router.use('/proxy', (req, res) => {
          res.json({ proxied: req.url });
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('kubernetes launchpad-guard module', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let server: typeof backend.server;
  const auth = mockCredentials.user.header();

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            kubernetes: { customResources: [ARGO] },
            launchpad: {
              kubernetes: { customResourceAllowList: [MONITORS] },
              permissions: { admins: ['user:default/raj.patel'] },
            },
          },
        }),
        kubernetesStandIn,
        guard,
      ],
    });
    server = backend.server;
  });

  afterAll(() => backend?.stop());

  const query = (
    customResources: unknown,
    path = '/api/kubernetes/resources/custom/query',
  ) =>
    request(server)
      .post(path)
      .set('Authorization', auth)
      .send({ entityRef: 'component:default/x', customResources });

  it('lets the configured and the allow-listed types through', async () => {
    for (const type of [ARGO, MONITORS]) {
      const res = await query([type]);
      expect([res.status, res.body]).toEqual([200, { reached: [type] }]);
    }
    const both = await query([ARGO, MONITORS]);
    expect(both.status).toBe(200);
  });

  it('refuses every spelling of Secrets, ConfigMaps, tokens, RBAC and unlisted CRDs, naming the type', async () => {
    const refused: Array<[string, unknown, RegExp]> = [
      [
        'secrets, core group',
        { group: '', apiVersion: 'v1', plural: 'secrets' },
        /never served/,
      ],
      [
        'secrets, group core',
        { group: 'core', apiVersion: 'v1', plural: 'secrets' },
        /never served/,
      ],
      [
        'secrets, group v1',
        { group: 'v1', apiVersion: 'v1', plural: 'secrets' },
        /never served/,
      ],
      [
        'Secrets capitalised',
        { group: '', apiVersion: 'v1', plural: 'Secrets' },
        /never served/,
      ],
      [
        'secrets with a space',
        { group: '', apiVersion: 'v1', plural: 'secrets ' },
        /never served/,
      ],
      [
        'secrets URL-encoded',
        { group: '', apiVersion: 'v1', plural: '%73ecrets' },
        /never served/,
      ],
      [
        'secrets in a CRD group',
        { group: 'argoproj.io', apiVersion: 'v1alpha1', plural: 'secrets' },
        /secrets are never served/,
      ],
      [
        'secrets, group Core',
        { group: 'Core', apiVersion: 'v1', plural: 'secrets' },
        /never served/,
      ],
      [
        'secrets, group " "',
        { group: ' ', apiVersion: 'v1', plural: 'secrets' },
        /never served/,
      ],
      [
        'configmaps',
        { group: '', apiVersion: 'v1', plural: 'configmaps' },
        /never served/,
      ],
      [
        'configmaps in apps',
        { group: 'apps', apiVersion: 'v1', plural: 'configmaps' },
        /configmaps are never served/,
      ],
      [
        'serviceaccounts/token',
        { group: '', apiVersion: 'v1', plural: 'serviceaccounts/token' },
        /never served/,
      ],
      [
        'serviceaccounts',
        { group: '', apiVersion: 'v1', plural: 'serviceaccounts' },
        /never served/,
      ],
      [
        'pods (core)',
        { group: '', apiVersion: 'v1', plural: 'pods' },
        /never served/,
      ],
      [
        'roles',
        {
          group: 'rbac.authorization.k8s.io',
          apiVersion: 'v1',
          plural: 'roles',
        },
        /never served/,
      ],
      [
        'clusterrolebindings',
        {
          group: 'rbac.authorization.k8s.io',
          apiVersion: 'v1',
          plural: 'clusterrolebindings',
        },
        /never served/,
      ],
      [
        'a CRD not on the list',
        {
          group: 'external-secrets.io',
          apiVersion: 'v1beta1',
          plural: 'externalsecrets',
        },
        /not on the portal's allow-list \(argoproj\.io\/v1alpha1 applications, monitoring\.coreos\.com\/v1 servicemonitors\)/,
      ],
      [
        'Argo, other version',
        { ...ARGO, apiVersion: 'v1' },
        /not on the portal's allow-list/,
      ],
      [
        'Argo, capitalised',
        { ...ARGO, plural: 'Applications' },
        /not on the portal's allow-list/,
      ],
      [
        'Argo, trailing space',
        { ...ARGO, plural: 'applications ' },
        /not on the portal's allow-list/,
      ],
      [
        'Argo, path in plural',
        { ...ARGO, plural: 'applications/../../../api/v1/secrets' },
        /not on the portal's allow-list/,
      ],
      [
        'Argo, encoded slash',
        { ...ARGO, group: 'argoproj.io%2Fv1alpha1%2Fapplications%2F..' },
        /not on the portal's allow-list/,
      ],
    ];
    for (const [what, type, message] of refused) {
      // alone, and hidden behind an allowed type
      for (const list of [[type], [ARGO, type]]) {
        const res = await query(list);
        expect([
          what,
          res.status,
          res.body.error?.name,
          res.body.error?.message,
          res.body.reached,
        ]).toEqual([
          what,
          403,
          'NotAllowedError',
          expect.stringMatching(message),
          undefined,
        ]);
        expect(res.body.error.message).toContain('Resource type {');
        expect(res.body.error.stack).toBeUndefined();
      }
    }
  });

  it('answers malformed bodies with a 400 naming the field, never passing them on', async () => {
    const malformed: Array<[unknown, RegExp]> = [
      [undefined, /customResources/],
      ['secrets', /customResources must be an array/],
      [[], /at least one/],
      [
        [{ group: '', apiVersion: 'v1' }],
        /customResources\.0\.plural must be a string/,
      ],
      [[{ ...ARGO, objectType: 'secrets' }], /objectType/],
      [[{ ...ARGO, plural: ['secrets'] }], /plural must be a string/],
      [Array.from({ length: 21 }, () => ARGO), /at most 20/],
    ];
    for (const [customResources, message] of malformed) {
      const res = await query(customResources);
      expect([res.status, res.body.error?.message]).toEqual([
        400,
        expect.stringMatching(message),
      ]);
      expect(res.body.reached).toBeUndefined();
    }
    const auth400 = await request(server)
      .post('/api/kubernetes/resources/custom/query')
      .set('Authorization', auth)
      .send({ customResources: [ARGO], auth: 'x' });
    expect([auth400.status, auth400.body.error.message]).toEqual([
      400,
      'Invalid request body: auth must be an object',
    ]);
  });

  it('guards every path spelling the Kubernetes backend itself would match', async () => {
    const secrets = [{ group: '', apiVersion: 'v1', plural: 'secrets' }];
    for (const path of [
      '/api/kubernetes/resources/custom/query/',
      '/api/kubernetes/RESOURCES/Custom/Query',
      '/api/kubernetes/resources/custom/query?x=1',
    ]) {
      const res = await query(secrets, path);
      expect([path, res.status, res.body.reached]).toEqual([
        path,
        403,
        undefined,
      ]);
    }
  });

  it('leaves Secrets and ConfigMaps out of the objects of an entity, and refuses a body without one', async () => {
    for (const path of [
      '/api/kubernetes/resources/workloads/query',
      '/api/kubernetes/services/x',
      '/api/kubernetes/Services/x/',
    ]) {
      const res = await request(server)
        .post(path)
        .set('Authorization', auth)
        .send({
          entityRef: 'component:default/x',
          entity: { kind: 'Component', metadata: { name: 'x' } },
        });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.body.items[0].resources.map((r: any) => r.type)).toEqual([
        'pods',
        'customresources',
      ]);
    }
    for (const body of [
      {},
      { entity: 'component:default/x' },
      { entity: { kind: 'Component' } },
      { entity: { kind: 'Component', metadata: { name: 'x' } }, auth: [] },
    ]) {
      const res = await request(server)
        .post('/api/kubernetes/services/x')
        .set('Authorization', auth)
        .send(body);
      expect([JSON.stringify(body), res.status, res.body.error?.name]).toEqual([
        JSON.stringify(body),
        400,
        'InputError',
      ]);
    }
  });

  it('keeps the raw proxy to platform admins: anyone else gets the rule and whom to ask, on every path spelling', async () => {
    for (const path of [
      '/api/kubernetes/proxy/api/v1/secrets',
      '/api/kubernetes/PROXY/api/v1/namespaces/x/pods',
      '/api/kubernetes/proxy/',
      '/api/kubernetes/proxy',
    ]) {
      for (const method of ['get', 'post', 'delete'] as const) {
        const res = await request(server)
          [method](path)
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/priya.nair'),
          );
        expect({
          path,
          method,
          status: res.status,
          rule: res.body.decision?.rule,
          askWhom: res.body.decision?.askWhom,
        }).toEqual({
          path,
          method,
          status: 403,
          rule: 'platform-admins',
          askWhom: ['user:default/raj.patel'],
        });
        expect(res.body.error.message).toBe(
          'user:default/priya.nair may not kubernetes.proxy: rule "platform-admins" allows only platform admins. Ask user:default/raj.patel.',
        );
        expect(res.body.decision.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      }
    }
    const admin = await request(server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/raj.patel'),
      );
    expect(admin.body).toEqual({ proxied: '/api/v1/namespaces' });
    const service = await request(server)
      .get('/api/kubernetes/proxy/api/v1/namespaces')
      .set('Authorization', mockCredentials.service.header());
    expect(service.body).toEqual({ proxied: '/api/v1/namespaces' });
  });

  it('stops the start for an allow-list that names a type never served or a malformed one', () => {
    const bad: Array<[unknown, RegExp]> = [
      [
        {
          launchpad: {
            kubernetes: {
              customResourceAllowList: [
                { group: '', apiVersion: 'v1', plural: 'secrets' },
              ],
            },
          },
        },
        /customResourceAllowList\[0\].*cannot be allowed/,
      ],
      [
        {
          kubernetes: {
            customResources: [
              { group: 'core', apiVersion: 'v1', plural: 'configmaps' },
            ],
          },
        },
        /kubernetes\.customResources\[0\].*cannot be allowed/,
      ],
      [
        {
          launchpad: {
            kubernetes: {
              customResourceAllowList: [
                {
                  group: 'rbac.authorization.k8s.io',
                  apiVersion: 'v1',
                  plural: 'roles',
                },
              ],
            },
          },
        },
        /cannot be allowed/,
      ],
      [
        {
          launchpad: {
            kubernetes: {
              customResourceAllowList: [
                {
                  group: 'argoproj.io',
                  apiVersion: 'latest',
                  plural: 'applications',
                },
              ],
            },
          },
        },
        /is not a resource type/,
      ],
      [
        {
          launchpad: {
            kubernetes: {
              customResourceAllowList: [
                {
                  group: 'Argoproj.io',
                  apiVersion: 'v1',
                  plural: 'applications',
                },
              ],
            },
          },
        },
        /is not a resource type/,
      ],
      [
        {
          launchpad: {
            kubernetes: {
              customResourceAllowList: [
                { apiVersion: 'v1', plural: 'applications' },
              ],
            },
          },
        },
        /customResourceAllowList\[0\]\.group must be a string/,
      ],
      [
        { kubernetes: { objectTypes: ['pods', 'secrets'] } },
        /kubernetes\.objectTypes lists secrets/,
      ],
    ];
    for (const [data, message] of bad) {
      expect(() =>
        readResourceTypeAllowList(new ConfigReader(data as any)),
      ).toThrow(message);
    }
    expect(readResourceTypeAllowList(new ConfigReader({})).describe()).toBe(
      'nothing',
    );
  });
});
