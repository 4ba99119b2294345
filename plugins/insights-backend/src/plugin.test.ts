/*
 * The insights plugin in a test backend on the embedded Postgres: the
 * webhook receivers (signature, malformed payloads, duplicates, size cap)
 * and who may read the report, all through HTTP.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import request from 'supertest';
import { insightsPlugin } from './plugin';
import { signGithubBody } from './webhooks/verifyGithubSignature';

jest.setTimeout(60_000);

const SECRET = 'test-webhook-secret';
const ARGO_TOKEN = 'test-argocd-token';
const MAX_BODY = 16 * 1024;

const ADMIN = 'user:default/raj.patel';
const MANAGER = 'user:default/david.reyes';
const DEVELOPER = 'user:default/priya.nair';
const GROUPS: Record<string, string[]> = {
  [ADMIN]: ['group:default/platform'],
  [MANAGER]: ['group:default/engineering'],
  [DEVELOPER]: ['group:default/checkout'],
};

/** Each test user's ownership refs: themselves and their groups. */
const userInfoByUser = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  }),
});

function workflowRun(overrides: Record<string, unknown> = {}) {
  return {
    action: 'completed',
    workflow_run: {
      id: 42,
      name: 'ci',
      head_branch: 'main',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'success',
      run_started_at: '2026-11-30T10:00:00Z',
      created_at: '2026-11-30T10:00:00Z',
      updated_at: '2026-11-30T10:05:00Z',
      head_commit: { timestamp: '2026-11-30T09:55:00Z' },
      ...overrides,
    },
    repository: {
      name: 'orders-service',
      full_name: 'checkout/orders-service',
    },
  };
}

let backend: TestBackend;
let deliveries = 0;

function postGithub(
  body: string | Buffer,
  headers: Record<string, string | undefined> = {},
) {
  const r = request(backend.server)
    .post('/api/insights/webhooks/github')
    .set('Content-Type', 'application/json');
  const all: Record<string, string | undefined> = {
    'X-GitHub-Event': 'workflow_run',
    'X-GitHub-Delivery': `delivery-${++deliveries}`,
    'X-Hub-Signature-256': signGithubBody(SECRET, body),
    ...headers,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) r.set(k, v);
  return r.send(body);
}

async function report(as = mockCredentials.user.header(ADMIN), query = '') {
  return request(backend.server)
    .get(`/api/insights/report${query}`)
    .set('Authorization', as);
}

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      insightsPlugin,
      userInfoByUser,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: testDatabaseConfig() },
          launchpad: { permissions: { admins: ['group:default/platform'] } },
          insights: {
            viewers: ['group:default/engineering'],
            pollSeconds: 3600,
            webhooks: {
              maxBodyBytes: MAX_BODY,
              github: { secret: SECRET },
              argocd: { token: ARGO_TOKEN },
            },
          },
        },
      }),
    ],
  });
}, 180_000);

afterAll(async () => {
  await backend?.stop();
});

describe('GitHub webhook', () => {
  const body = JSON.stringify(workflowRun());

  it('accepts a signed completed workflow_run and stores it once per delivery', async () => {
    const before = (await report()).body.events.ci;
    const first = await postGithub(body, { 'X-GitHub-Delivery': 'dup-1' });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true, duplicate: false });
    for (let i = 0; i < 3; i++) {
      const again = await postGithub(body, { 'X-GitHub-Delivery': 'dup-1' });
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ accepted: true, duplicate: true });
    }
    expect((await report()).body.events.ci).toBe(before + 1);
  });

  it.each([
    ['no signature', { 'X-Hub-Signature-256': undefined }],
    ['an empty signature', { 'X-Hub-Signature-256': '' }],
    [
      'signed with another secret',
      { 'X-Hub-Signature-256': signGithubBody('other', body) },
    ],
    [
      'signature of another body',
      { 'X-Hub-Signature-256': signGithubBody(SECRET, `${body} `) },
    ],
    [
      'sha1 instead of sha256',
      { 'X-Hub-Signature-256': `sha1=${'0'.repeat(40)}` },
    ],
    [
      'no algorithm prefix',
      { 'X-Hub-Signature-256': signGithubBody(SECRET, body).slice(7) },
    ],
    [
      'a truncated signature',
      { 'X-Hub-Signature-256': signGithubBody(SECRET, body).slice(0, -2) },
    ],
    [
      'a signature that is too long',
      { 'X-Hub-Signature-256': `${signGithubBody(SECRET, body)}00` },
    ],
    [
      'a non-hex signature',
      { 'X-Hub-Signature-256': `sha256=${'z'.repeat(64)}` },
    ],
    [
      'a signature with one bit flipped',
      {
        'X-Hub-Signature-256': signGithubBody(SECRET, body).replace(/.$/, c =>
          c === '0' ? '1' : '0',
        ),
      },
    ],
    ['the secret itself as signature', { 'X-Hub-Signature-256': SECRET }],
    [
      'a bearer token instead',
      { 'X-Hub-Signature-256': undefined, Authorization: `Bearer ${SECRET}` },
    ],
  ])('refuses %s with 401 and stores nothing', async (_name, headers) => {
    const before = (await report()).body.events.ci;
    const res = await postGithub(body, headers);
    expect(res.status).toBe(401);
    expect((await report()).body.events.ci).toBe(before);
  });

  const malformed: Array<[string, string, Record<string, string>?]> = [
    ['not JSON', '{"action": "completed",'],
    ['a JSON array', '[]'],
    ['a JSON string', '"completed"'],
    ['null', 'null'],
    [
      'no workflow_run',
      JSON.stringify({
        action: 'completed',
        repository: workflowRun().repository,
      }),
    ],
    [
      'no repository',
      JSON.stringify({ ...workflowRun(), repository: undefined }),
    ],
    [
      'a repository name with a slash',
      JSON.stringify({
        ...workflowRun(),
        repository: { name: '../etc', full_name: 'x' },
      }),
    ],
    [
      'a head_sha that is not a sha',
      JSON.stringify(
        workflowRun({ head_sha: "'; drop table insights_events; --" }),
      ),
    ],
    [
      'an unknown conclusion',
      JSON.stringify(workflowRun({ conclusion: 'maybe' })),
    ],
    [
      'updated_at not a time',
      JSON.stringify(workflowRun({ updated_at: 'yesterday' })),
    ],
    ['an id that is a string', JSON.stringify(workflowRun({ id: '42' }))],
    [
      'completed without a conclusion',
      JSON.stringify(workflowRun({ conclusion: null })),
    ],
    [
      'a check_suite without check_suite',
      JSON.stringify(workflowRun()),
      { 'X-GitHub-Event': 'check_suite' },
    ],
    [
      'a delivery id with a newline-free injection',
      JSON.stringify(workflowRun()),
      { 'X-GitHub-Delivery': 'a/../../b' },
    ],
    [
      'an empty delivery id',
      JSON.stringify(workflowRun()),
      { 'X-GitHub-Delivery': '' },
    ],
    [
      'an event name with spaces',
      JSON.stringify(workflowRun()),
      { 'X-GitHub-Event': 'workflow run' },
    ],
    ['no event name', JSON.stringify(workflowRun()), { 'X-GitHub-Event': '' }],
  ];
  // Every row three values: a two-value row would hand the test Jest's done callback.
  it.each(malformed.map(([n, p, h]) => [n, p, h ?? {}] as const))(
    'refuses a signed payload with %s: 400',
    async (_name, payload, headers) => {
      const before = (await report()).body.events.ci;
      const res = await postGithub(payload, headers);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect((await report()).body.events.ci).toBe(before);
    },
  );

  it('refuses a body over the cap with 413, signed or not', async () => {
    const big = JSON.stringify({
      ...workflowRun(),
      padding: 'x'.repeat(MAX_BODY),
    });
    expect((await postGithub(big)).status).toBe(413);
    expect(
      (await postGithub(big, { 'X-Hub-Signature-256': undefined })).status,
    ).toBe(413);
  });

  it.each([
    ['ping', JSON.stringify({ zen: 'Keep it logically awesome.' })],
    ['push', JSON.stringify({ ref: 'refs/heads/main' })],
  ])(
    'acknowledges a signed %s event without storing it',
    async (event, payload) => {
      const res = await postGithub(payload, { 'X-GitHub-Event': event });
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(false);
    },
  );

  it('acknowledges a run that is not completed without storing it', async () => {
    const res = await postGithub(
      JSON.stringify(
        workflowRun({ status: 'in_progress', conclusion: null }),
      ).replace('"completed"', '"in_progress"'),
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: false });
  });

  it('accepts a completed check_suite', async () => {
    const suite = {
      action: 'completed',
      check_suite: {
        id: 7,
        head_branch: 'main',
        head_sha: 'b'.repeat(40),
        status: 'completed',
        conclusion: 'failure',
        updated_at: '2026-11-30T11:00:00Z',
      },
      repository: {
        name: 'orders-service',
        full_name: 'checkout/orders-service',
      },
    };
    const res = await postGithub(JSON.stringify(suite), {
      'X-GitHub-Event': 'check_suite',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, duplicate: false });
  });
});

describe('Argo CD webhook', () => {
  const at = new Date(Date.now() - 3600_000).toISOString();
  const notification = JSON.stringify({
    trigger: 'on-deployed',
    app: 'orders-service-prod',
    service: 'orders-service',
    environment: 'prod',
    revision: 'c'.repeat(40),
    at,
  });
  const post = (body: string, token?: string, authorization?: string) => {
    const r = request(backend.server)
      .post('/api/insights/webhooks/argocd')
      .set('Content-Type', 'application/json');
    if (token !== undefined) r.set('X-Insights-Token', token);
    if (authorization !== undefined) r.set('Authorization', authorization);
    return r.send(body);
  };

  it('counts a deployment once however often it is notified', async () => {
    for (let i = 0; i < 3; i++)
      expect((await post(notification, ARGO_TOKEN)).status).toBe(202);
    const { body } = await report();
    expect(body.dora).toEqual([
      expect.objectContaining({ service: 'orders-service', deployments: 1 }),
    ]);
  });

  it.each([
    ['no token', undefined, undefined],
    ['an empty token', '', undefined],
    ['a wrong token', 'nope', undefined],
    ['the token with Bearer', `Bearer ${ARGO_TOKEN}`, undefined],
    ['a longer token', `${ARGO_TOKEN}x`, undefined],
    ['a shorter token', ARGO_TOKEN.slice(0, -1), undefined],
    ['a user token instead', undefined, mockCredentials.user.header(ADMIN)],
  ])('refuses %s with 401', async (_name, token, authorization) => {
    expect((await post(notification, token, authorization)).status).toBe(401);
  });

  it.each([
    ['an unknown trigger', { trigger: 'on-whatever' }],
    ['an upper-case service', { service: 'Orders' }],
    ['an extra field', { extra: 1 }],
    ['no time', { at: undefined }],
    ['a revision that is not a sha', { revision: 'main' }],
  ])('refuses %s with 400', async (_name, change) => {
    const body = JSON.stringify({ ...JSON.parse(notification), ...change });
    expect((await post(body, ARGO_TOKEN)).status).toBe(400);
  });
});

describe('GET /report', () => {
  /** What each answer's body holds: the explained denial, or the report. */
  const BODY_BY_STATUS: Record<number, object> = {
    200: { funnel: expect.anything(), dora: expect.anything() },
    403: {
      decision: {
        rule: 'platform-admins-and-managers',
        askWhom: ['group:default/platform'],
      },
      error: { message: expect.stringMatching(/may not insights\.read/) },
    },
  };
  it.each([
    ['a platform admin', mockCredentials.user.header(ADMIN), 200],
    ['a manager', mockCredentials.user.header(MANAGER), 200],
    ['a service', mockCredentials.service.header(), 200],
    ['a developer', mockCredentials.user.header(DEVELOPER), 403],
    [
      'a user of no group',
      mockCredentials.user.header('user:default/nobody'),
      403,
    ],
  ])('%s gets %s', async (_name, as, status) => {
    const res = await report(as);
    expect(res.status).toBe(status);
    // the expected body per status: the explained denial, or the report
    expect(res.body).toMatchObject(BODY_BY_STATUS[status]);
  });

  it('refuses an anonymous caller', async () => {
    // 401 from the real backend's auth middleware; the test backend's mock answers 403
    const res = await request(backend.server).get('/api/insights/report');
    expect([401, 403]).toContain(res.status);
    expect(res.body).not.toHaveProperty('funnel');
  });

  it.each([
    '?days=0',
    '?days=731',
    '?days=abc',
    '?days=1.5',
    '?team=checkout',
    '?team=user:default/priya',
    '?template=node-service',
    '?template=template:default/x%00y',
    '?unknown=1',
  ])('refuses the query %s with 400', async query => {
    const res = await report(undefined, query);
    expect(res.status).toBe(400);
  });
});
