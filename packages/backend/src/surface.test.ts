/*
 * The backend's HTTP surface as a hostile client sees it, in production mode
 * (launchpad.localMode off), with the hardened root and plugin routers of
 * @internal/backend-hardening, Backstage's own plugins and ours, on the real
 * embedded Postgres.
 *
 * 1. Every route that takes an id in its path (or a query/body where an id or
 *    an object is expected) is called with a table of malformed values; every
 *    answer must be a 4xx, never a 5xx, carry no stack or server path, and
 *    the backend must still answer afterwards.
 * 2. Request bodies over launchpad.http.maxBodyBytes are answered 413 on
 *    every route, naming the size and the cap.
 * 3. A plugin's unexpected error is answered 500 with a log id only: no
 *    stack, no server path, no internals.
 *
 * Kubernetes' own backend is not in this backend (its client is ESM-only and
 * needs a separate process, see kubernetes.test.ts); the portal's
 * kubernetes-environments routes, which check their parameters first, are.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import unprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogCollator from '@backstage/plugin-search-backend-module-catalog';
import searchPg from '@backstage/plugin-search-backend-module-pg';
import {
  hardenedHttpRouterServiceFactory,
  hardenedRootHttpRouterServiceFactory,
} from '@internal/backend-hardening';
import gitHosting, {
  gitHostUrlReaderFactory,
} from '@internal/plugin-git-hosting-backend';
import kubernetesEnvironmentsPlugin from '@internal/plugin-kubernetes-environments-backend';
import launchpadPolicy from '@internal/plugin-permission-backend-module-launchpad-policy';
import launchpadActions from '@internal/plugin-scaffolder-backend-module-launchpad';
import scorecardsPlugin from '@internal/plugin-scorecards-backend';
import Router from 'express-promise-router';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';

jest.setTimeout(300_000);

const auth = mockCredentials.user.header();

/** A port nothing listens on (the backend needs it before it starts, for its base URL). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * One request with its path sent verbatim (no client-side normalising of
 * %ZZ, ..%2f and the like). An answer that has not ended 10 s after the
 * request (no headers, or a body that never ends) is recorded as status 0
 * with what arrived, which no check accepts.
 */
function send(
  port: number,
  method: string,
  rawPath: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise(resolve => {
    let status = 0;
    const chunks: Buffer[] = [];
    let deadline: NodeJS.Timeout | undefined = undefined;
    let req: http.ClientRequest | undefined = undefined;
    const finish = (answer: Answer) => {
      clearTimeout(deadline);
      req?.destroy();
      resolve(answer);
    };
    deadline = setTimeout(
      () =>
        finish({
          status: 0,
          text: `no complete answer in 10 s to ${method} ${rawPath.slice(
            0,
            120,
          )} (status ${status}): ${Buffer.concat(chunks)
            .toString('utf-8')
            .slice(0, 200)}`,
        }),
      10_000,
    );
    req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: rawPath,
        headers: { Authorization: auth, ...headers },
      },
      res => {
        status = res.statusCode!;
        // A server-sent event stream that opened is a 200 that never ends: its status is the answer.
        if (res.headers['content-type']?.startsWith('text/event-stream')) {
          finish({ status, text: '' });
          return;
        }
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          finish({ status, text: Buffer.concat(chunks).toString('utf-8') }),
        );
        res.on('error', error =>
          finish({ status: 0, text: `answer broken off: ${error.message}` }),
        );
      },
    );
    req.on('error', error =>
      finish({ status: 0, text: `no answer: ${error.message}` }),
    );
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** What no answer may carry: stack frames and server paths. */
const SERVER_DETAIL = new RegExp(
  [
    ...[
      process.cwd(),
      path.resolve(__dirname, '../../..'),
      os.homedir(),
      'node_modules',
    ].map(s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    '\\bat [\\w.<>]+ \\(',
    '\\.(ts|js):\\d+:\\d+',
    '"stack"',
  ].join('|'),
);

/** Malformed values for a path segment, as they appear in the URL. */
const MALFORMED = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  '123',
  '-1',
  '1e309',
  'NaN',
  'x'.repeat(10_000),
  '%00',
  'a%00b',
  '%ZZ',
  '%',
  '%C3%28',
  '%0d%0a',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..',
  '%2e%2e',
  encodeURIComponent('ünïcødé-名前-💥'),
  '-rf',
  '--upload-pack=touch%20%2Ftmp%2Fpwned',
  encodeURIComponent("' OR '1'='1"),
  encodeURIComponent('"; DROP TABLE entities; --'),
  encodeURIComponent('[1,2,3]'),
  encodeURIComponent('{"$ne":null}'),
  '__proto__',
  'constructor',
  encodeURIComponent('{a,b}{1..20000}'),
];

/**
 * Route shapes; {v} is replaced by each malformed value. Every answer must be
 * a 4xx, except where the third column says why a 2xx is right (a search that
 * matches nothing, an idempotent delete of nothing); never a 5xx.
 */
const PATH_ROUTES: Array<[string, string, string?]> = [
  // Catalog
  ['GET', '/api/catalog/entities/by-name/{v}/default/some-name'],
  ['GET', '/api/catalog/entities/by-name/component/{v}/some-name'],
  ['GET', '/api/catalog/entities/by-name/component/default/{v}'],
  ['GET', '/api/catalog/entities/by-name/component/default/{v}/ancestry'],
  ['GET', '/api/catalog/entities/by-uid/{v}'],
  [
    'DELETE',
    '/api/catalog/entities/by-uid/{v}',
    'deleting an entity that does not exist is a no-op',
  ],
  ['GET', '/api/catalog/locations/{v}'],
  ['DELETE', '/api/catalog/locations/{v}'],
  ['GET', '/api/catalog/locations/by-entity/component/default/{v}'],
  [
    'GET',
    '/api/catalog/entity-facets?facet={v}',
    'a facet no entity has is empty',
  ],
  [
    'GET',
    '/api/catalog/entities?filter={v}',
    'a filter that matches nothing lists nothing',
  ],
  ['GET', '/api/catalog/entities?fields={v}', 'unknown fields select nothing'],
  ['GET', '/api/catalog/entities/by-query?cursor={v}'],
  [
    'GET',
    '/api/catalog/entities/by-query?limit={v}&orderField={v}',
    'an unknown order field orders by nothing',
  ],
  ['GET', '/api/catalog/entities/unprocessed/{v}'],
  [
    'DELETE',
    '/api/catalog/entities/unprocessed/delete/{v}',
    'deleting an unprocessed entity that does not exist is a no-op',
  ],
  // Scaffolder
  ['GET', '/api/scaffolder/v2/tasks/{v}'],
  ['GET', '/api/scaffolder/v2/tasks/{v}/events'],
  ['GET', '/api/scaffolder/v2/tasks/{v}/eventstream'],
  ['POST', '/api/scaffolder/v2/tasks/{v}/cancel'],
  ['POST', '/api/scaffolder/v2/tasks/{v}/retry'],
  [
    'GET',
    '/api/scaffolder/v2/tasks?createdBy={v}&status={v}&limit={v}',
    'a filter that matches nothing lists nothing',
  ],
  [
    'GET',
    '/api/scaffolder/v2/templates/{v}/template/some-template/parameter-schema',
  ],
  [
    'GET',
    '/api/scaffolder/v2/templates/default/{v}/some-template/parameter-schema',
  ],
  ['GET', '/api/scaffolder/v2/templates/default/template/{v}/parameter-schema'],
  ['POST', '/api/scaffolder/v2/autocomplete/{v}/{v}'],
  // Kubernetes per environment
  ['GET', '/api/kubernetes-environments/entities/{v}/default/some-name'],
  ['GET', '/api/kubernetes-environments/entities/component/default/{v}'],
  [
    'GET',
    '/api/kubernetes-environments/entities/component/default/{v}/logs?cluster={v}&pod={v}',
  ],
  // Scorecards
  ['GET', '/api/scorecards/entities/{v}/default/some-name'],
  [
    'GET',
    '/api/scorecards/entities/component/default/{v}/history?scorecard={v}&limit={v}',
  ],
  ['GET', '/api/scorecards/teams/default/{v}'],
  ['GET', '/api/scorecards/teams/default/{v}/trend?days={v}'],
  ['GET', '/api/scorecards/initiatives/{v}'],
  ['GET', '/api/scorecards/orphans?kind={v}&problem={v}'],
  // Git host
  ['GET', '/api/git/{v}/some-repo'],
  ['GET', '/api/git/checkout/{v}'],
  ['GET', '/api/git/repos/{v}/some-repo'],
  ['GET', '/api/git/checkout/{v}.git/info/refs?service=git-upload-pack'],
  ['GET', '/api/git/checkout/some-repo.git/info/refs?service={v}'],
  ['GET', '/api/git/checkout/some-repo/raw/main/{v}'],
  ['GET', '/api/git/checkout/some-repo/raw/{v}/README.md'],
  // Search
  [
    'GET',
    '/api/search/query?term={v}&types[0]={v}&pageCursor={v}',
    'a search that matches nothing finds nothing',
  ],
  [
    'GET',
    '/api/search/query?filters[{v}]={v}&pageLimit={v}',
    'a search that matches nothing finds nothing',
  ],
  // Auth
  ['GET', '/api/auth/{v}/start?env=development'],
  ['GET', '/api/auth/guest/refresh?env={v}', 'the guest provider ignores env'],
  ['POST', '/api/auth/{v}/handler/frame'],
  ['GET', '/api/auth/.well-known/{v}'],
];

/** Routes that read a JSON body, and the bodies of the table that are valid for them (answered 2xx). */
const JSON_ROUTES: Array<[string, string, string[]]> = [
  ['POST', '/api/catalog/entities/by-refs', []],
  ['POST', '/api/catalog/refresh', []],
  ['POST', '/api/catalog/locations', []],
  ['POST', '/api/catalog/locations?dryRun=true', []],
  ['POST', '/api/catalog/validate-entity', []],
  ['POST', '/api/catalog/analyze-location', []],
  ['POST', '/api/scaffolder/v2/tasks', []],
  ['POST', '/api/scaffolder/v2/dry-run', []],
  ['POST', '/api/permission/authorize', []],
  // An empty body or {} asks for every scorecard over every entity.
  ['POST', '/api/scorecards/evaluate', ['', '{}']],
];

/** Bodies where an object of a known shape is expected. */
const MALFORMED_BODIES = [
  '',
  'null',
  '[]',
  '[1,2,3]',
  '"a string"',
  '42',
  '{',
  '{"a":',
  '{}',
  '{"items":"not-an-array"}',
  '{"items":[{"id":"x","permission":"nope"}]}',
  '{"items":[null]}',
  '{"entityRefs":"component:default/x"}',
  '{"entityRefs":[1,{},null]}',
  '{"entityRefs":["%00"],"fields":[{}]}',
  '{"entityRef":["a"]}',
  '{"entityRef":"\\u0000"}',
  '{"type":"url","target":["x"]}',
  '{"entityRefs":["component:default/a\\u0000b"]}',
  '{"entityRef":"component:default/a\\u0000b"}',
  '{"type":"url","target":"http://example.com/\\u0000.yaml"}',
  '{"type":"file","target":"/etc/passwd"}',
  '{"location":{"type":"url","target":{"$ne":1}}}',
  '{"templateRef":"template:default/%ZZ","values":[]}',
  '{"templateRef":["a"],"values":"x"}',
  '{"template":"x","values":{},"directoryContents":"x"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  JSON.stringify({ deep: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) }),
];

describe('the hardened HTTP surface (production mode)', () => {
  let backend: ReturnType<typeof createBackend>;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-surface-'));
    port = await freePort();
    /** A plugin whose routes fail the way server code does: with server paths and internals. */
    const failingPlugin = createBackendPlugin({
      pluginId: 'failing',
      register(reg) {
        reg.registerInit({
          deps: { httpRouter: coreServices.httpRouter },
          async init({ httpRouter }) {
            const router = Router();
            router.get('/fs', async () => {
              await fs.promises.readFile(path.join(dir, 'no-such-file.yaml'));
            });
            router.get('/type', async () => {
              (undefined as any).property.access();
            });
            router.get('/message', async () => {
              throw new Error(
                `connect to ${path.join(
                  process.cwd(),
                  'secret.sock',
                )} failed\n    at Object.<anonymous> (${__filename}:1:1)`,
              );
            });
            router.get('/decode/:value', async req => {
              decodeURIComponent(String(req.query.q));
            });
            httpRouter.use(router);
            httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          },
        });
      },
    });
    // Backstage's real default services (createBackend), as packages/backend
    // runs them, with the hardened routers; only sign-in is the test backend's
    // mock (mockCredentials tokens). startTestBackend cannot be used: it
    // insists on its own root router.
    backend = createBackend();
    const features = [
      hardenedRootHttpRouterServiceFactory,
      hardenedHttpRouterServiceFactory,
      mockServices.auth.factory(),
      mockServices.httpAuth.factory(),
      // Authorization is not what this test is about (see the permission
      // matrix test): decisions are allow-all; the permission backend's own
      // /authorize route is still swept.
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootLogger.factory({ level: 'error' }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: `http://localhost:${port}` },
          backend: {
            baseUrl: `http://localhost:${port}`,
            listen: { port, host: '127.0.0.1' },
            database: testDatabaseConfig(),
            reading: { allow: [] },
          },
          launchpad: { localMode: false },
          permission: { enabled: true },
          gitHosting: { root: path.join(dir, 'git') },
          auth: {
            environment: 'development',
            providers: {
              guest: {
                dangerouslyAllowOutsideDevelopment: true,
                userEntityRef: 'user:default/priya.nair',
              },
            },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'API',
                  'Location',
                  'Template',
                  'Group',
                  'User',
                  'System',
                  'Resource',
                ],
              },
            ],
          },
          scorecards: {
            definitionsDir: path.resolve(__dirname, '../../../scorecards'),
          },
        },
      }),
      authPlugin,
      guestProvider,
      catalogPlugin,
      scaffolderEntityModel,
      unprocessedEntities,
      scaffolderPlugin,
      launchpadActions,
      gitHosting,
      gitHostUrlReaderFactory,
      permissionPlugin,
      launchpadPolicy,
      searchPlugin,
      searchPg,
      searchCatalogCollator,
      kubernetesEnvironmentsPlugin,
      scorecardsPlugin,
      failingPlugin,
    ];
    for (const feature of features) backend.add(feature);
    await backend.start();
    let last: Answer | undefined;
    await waitFor(
      async () => {
        last = await send(port, 'GET', '/api/catalog/entities?limit=1');
        return last.status === 200 ? true : undefined;
      },
      {
        timeoutMs: 30_000,
        describe: () =>
          `the catalog never answered 200: ${last?.status} ${last?.text.slice(
            0,
            500,
          )}`,
      },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The answers that break the rules: not a 4xx (or 2xx where that is right), or carrying server details. */
  function problems(
    answers: Array<{ request: string; answer: Answer; ok2xx?: boolean }>,
    ok2xx = false,
  ) {
    return answers
      .filter(({ answer, ok2xx: okHere }) => {
        const allowed =
          answer.status >= 400 && answer.status < 500
            ? true
            : (ok2xx || okHere) && answer.status >= 200 && answer.status < 300;
        return !allowed || SERVER_DETAIL.test(answer.text);
      })
      .map(
        ({ request, answer }) =>
          `${request.slice(0, 160)} -> ${answer.status} ${answer.text.slice(
            0,
            300,
          )}`,
      );
  }

  // One object per row: rows of two and three values under one three-parameter
  // function would make Jest take the third parameter for a `done` callback.
  const pathCases = PATH_ROUTES.map(([method, shape, why]) => ({
    method,
    shape,
    ok2xx: why !== undefined,
  }));
  it.each(pathCases)(
    '$method $shape: every malformed value is a 4xx without server details',
    async ({ method, shape, ok2xx }) => {
      const answers = [];
      for (const value of MALFORMED) {
        const rawPath = shape.replaceAll('{v}', value);
        answers.push({
          request: `${method} ${rawPath}`,
          answer: await send(port, method, rawPath),
        });
      }
      expect(problems(answers, ok2xx)).toEqual([]);
      expect(
        (await send(port, 'GET', '/api/catalog/entities?limit=1')).status,
      ).toBe(200);
    },
  );

  it.each(JSON_ROUTES)(
    '%s %s: every malformed JSON body is a 4xx without server details',
    async (method, route, valid) => {
      const answers = [];
      for (const body of MALFORMED_BODIES) {
        answers.push({
          ok2xx: valid.includes(body),
          request: `${method} ${route} ${body.slice(0, 80)}`,
          answer: await send(port, method, route, body, {
            'Content-Type': 'application/json',
          }),
        });
      }
      expect(problems(answers)).toEqual([]);
      expect(({} as any).polluted).toBeUndefined();
      expect(
        (await send(port, 'GET', '/api/catalog/entities?limit=1')).status,
      ).toBe(200);
    },
  );

  it('answers bodies over the cap with 413 on every route, before the route reads them', async () => {
    const oversized = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    const answers = [];
    for (const [method, route] of [
      ...JSON_ROUTES,
      ['POST', '/api/auth/guest/refresh'],
    ]) {
      const answer = await send(port, method, route, oversized, {
        'Content-Type': 'application/json',
      });
      answers.push({
        route,
        status: answer.status,
        message: JSON.parse(answer.text).error?.message,
      });
    }
    for (const [contentType, route] of [
      ['text/plain', '/api/catalog/locations'],
      ['application/x-www-form-urlencoded', '/api/auth/guest/handler/frame'],
      ['application/octet-stream', '/api/scaffolder/v2/dry-run'],
    ]) {
      const answer = await send(
        port,
        'POST',
        route,
        Buffer.alloc(2 * 1024 * 1024, 'a'),
        { 'Content-Type': contentType },
      );
      answers.push({
        route,
        status: answer.status,
        message: JSON.parse(answer.text).error?.message,
      });
    }
    expect(answers).toEqual(
      answers.map(({ route }) => ({
        route,
        status: 413,
        message: expect.stringMatching(
          /^The request body is [\d,]+ bytes; this server accepts at most 1,048,576 bytes per request$/,
        ),
      })),
    );
    // Under the cap a route works as before; a plugin's own, lower parser limit still holds under ours (the
    // catalog's): 10,000 refs (~400 kB) are refused by the route itself, without server details.
    const refs = Array.from(
      { length: 10_000 },
      (_, i) => `component:default/service-number-${i}`,
    );
    const underCap = await send(
      port,
      'POST',
      '/api/catalog/entities/by-refs',
      JSON.stringify({ entityRefs: refs.slice(0, 2_000) }),
      {
        'Content-Type': 'application/json',
      },
    );
    expect(underCap.status).toBe(200);
    expect(JSON.parse(underCap.text).items).toHaveLength(2_000);
    const overPluginLimit = await send(
      port,
      'POST',
      '/api/catalog/entities/by-refs',
      JSON.stringify({ entityRefs: refs }),
      {
        'Content-Type': 'application/json',
      },
    );
    // (refused by the catalog's own limits: its body parser's 413, or its request validation's 400)
    expect([400, 413]).toContain(overPluginLimit.status);
    expect(overPluginLimit.text).not.toMatch(SERVER_DETAIL);
    expect(JSON.parse(overPluginLimit.text).error.message).toEqual(
      expect.any(String),
    );
  });

  it.each([
    ['/api/failing/fs', 'a file system error naming a server path'],
    ['/api/failing/type', 'a TypeError from server code'],
    [
      '/api/failing/message',
      'an error whose message carries a path and a stack frame',
    ],
  ])('answers %s (%s) 500 with a log id only', async route => {
    const answer = await send(port, 'GET', route);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        name: 'Error',
        message: expect.stringMatching(
          /^An internal error occurred; the server log has the details under logId=[0-9a-f]{20}$/,
        ),
      },
      request: { method: 'GET', url: route },
      response: { statusCode: 500 },
    });
  });

  it('answers a malformed percent-encoding that server code decodes with a 400', async () => {
    const answer = await send(
      port,
      'GET',
      '/api/failing/decode/x?q=%25E0%25A4%25A',
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.message).toMatch(
      /^Malformed percent-encoding in the request/,
    );
  });
});
