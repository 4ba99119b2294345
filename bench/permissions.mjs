// The permission policy's cost, through the real portal. Prints, never asserts.
//   node bench/permissions.mjs [components=5000] [requests=300]
// (a) Permission decisions over HTTP (POST /api/permission/authorize) as a
//     developer: one basic permission, one resource permission the catalog
//     resolves by ownership, and a batch of 50 mixed items: p50/p95.
// (b) The policy's overhead on catalog lists (GET /api/catalog/entities, 100
//     components a page, and by-query): two fresh backends on the same Postgres
//     and catalog at the same time, one with the portal's policy and one with
//     `permission.enabled: false` (Backstage's allow-all), asked by the same
//     signed-in developer with the same token, request by request in turns.
//     Both sides see the same machine noise. Goal: p95 <= 10 % over allow-all.
// (c) For comparison, in the policy backend alone: the developer against a
//     static external-access token (a service principal, which Backstage lets
//     through without a policy and with a cheaper token check): sign-in
//     verification and policy together.
// The catalog is the demo company's people and teams plus N generated
// components owned by its teams.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken } from '../e2e/lib/portalApi.mjs';
import { ensurePostgres, waitForReady } from '../scripts/lib/portal.mjs';
import {
  BENCH_TEAMS,
  ms,
  startBackendUnwatched,
  summarize,
  syntheticCatalog,
} from './lib.mjs';

const COMPONENTS = Number(process.argv[2] ?? 5000);
const REQUESTS = Number(process.argv[3] ?? 300);
const port = Number(process.env.BENCH_PORT ?? 7067);
const pgPort = Number(process.env.BENCH_POSTGRES_PORT ?? 54363);

const work = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-permissions-'),
);
const catalogConfig = {
  ...syntheticCatalog(work, COMPONENTS),
  search: {
    collators: {
      catalog: {
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          initialDelay: { hours: 24 },
        },
      },
    },
  },
  scorecards: {
    schedule: {
      frequency: { hours: 24 },
      timeout: { minutes: 30 },
      initialDelay: { hours: 24 },
    },
    evaluateOnChange: { enabled: false },
  },
};
const staticToken = randomBytes(24).toString('hex');
const policyConfig = path.join(work, 'app-config.policy.yaml');
fs.writeFileSync(
  policyConfig,
  JSON.stringify({
    ...catalogConfig,
    backend: {
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: staticToken, subject: 'bench-no-policy' },
          },
        ],
      },
    },
  }),
);
const allowAllConfig = path.join(work, 'app-config.allow-all.yaml');
fs.writeFileSync(
  allowAllConfig,
  JSON.stringify({ ...catalogConfig, permission: { enabled: false } }),
);

const prefix = `bpm${randomBytes(3).toString('hex')}_`;
const pgDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-permissions-pg-'),
);
const postgres = await ensurePostgres({ dataDir: pgDir, port: pgPort });

const overhead = (a, b) => `${(((a - b) / b) * 100).toFixed(1)} %`;

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function sample(what, fn) {
  for (let i = 0; i < 10; i++) await fn(); // warm-up
  const samples = [];
  for (let i = 0; i < REQUESTS; i++) samples.push(await timed(fn));
  const s = summarize(samples);
  console.log(
    `${what}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`,
  );
  return s;
}

async function withBackend(config, fn, onPort = port) {
  const backend = startBackendUnwatched({
    port: onPort,
    configs: [config],
    env: { ...postgres.env, APP_CONFIG_backend_database_prefix: prefix },
  });
  const logs = [];
  backend.child.stdout.on(
    'data',
    c => logs.push(String(c)) > 200 && logs.shift(),
  );
  backend.child.stderr.on(
    'data',
    c => logs.push(String(c)) > 200 && logs.shift(),
  );
  try {
    await waitForReady(backend.baseUrl, { child: backend.child });
    return await fn(backend.baseUrl);
  } catch (error) {
    console.error(logs.join(''));
    throw error;
  } finally {
    await backend.stop();
  }
}

async function ok(res) {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function waitForComponents(baseUrl, token) {
  const started = Date.now();
  for (;;) {
    const body = await ok(
      await fetch(`${baseUrl}/api/catalog/entity-facets?facet=kind`, {
        headers: { Authorization: `Bearer ${token}` },
      }),
    );
    const count =
      body.facets.kind.find(f => f.value === 'Component')?.count ?? 0;
    if (count >= COMPONENTS) return (Date.now() - started) / 1000;
    if (Date.now() - started > 20 * 60_000)
      throw new Error(
        `only ${count} of ${COMPONENTS} components after 20 minutes`,
      );
    await new Promise(r => setTimeout(r, 2000));
  }
}

const LISTS = [
  [
    'GET /entities?filter=kind=component&limit=100',
    '/api/catalog/entities?filter=kind=component&limit=100',
  ],
  [
    'GET /entities/by-query?limit=100',
    '/api/catalog/entities/by-query?limit=100&filter=kind=component',
  ],
];

/** One request of each side in turns (each side first half the time): p50/p95 of both and the overhead of `a` over `b`. */
async function inTurns(label, a, b, { samples = REQUESTS, warmUp = 10 } = {}) {
  for (const [what, route] of LISTS) {
    const get = async ({ baseUrl, token }) =>
      ok(
        await fetch(`${baseUrl}${route}`, {
          headers: { Authorization: `Bearer ${token}` },
        }),
      );
    for (let i = 0; i < warmUp; i++) await Promise.all([get(a), get(b)]);
    const as = [];
    const bs = [];
    for (let i = 0; i < samples; i++) {
      if (i % 2) {
        as.push(await timed(() => get(a)));
        bs.push(await timed(() => get(b)));
      } else {
        bs.push(await timed(() => get(b)));
        as.push(await timed(() => get(a)));
      }
    }
    const sa = summarize(as);
    const sb = summarize(bs);
    console.log(
      `${label} ${what}: ${a.name} p50 ${ms(sa.p50)} p95 ${ms(sa.p95)}; ${
        b.name
      } p50 ${ms(sb.p50)} p95 ${ms(sb.p95)}; ` +
        `overhead p50 ${overhead(sa.p50, sb.p50)}, p95 ${overhead(
          sa.p95,
          sb.p95,
        )}`,
    );
  }
}

console.log(
  `Permission bench: ${COMPONENTS} components owned by ${BENCH_TEAMS.length} teams, ${REQUESTS} requests per figure`,
);
const developerToken = await withBackend(policyConfig, async baseUrl => {
  const ingest = await waitForComponents(baseUrl, await guestToken(baseUrl));
  console.log(`catalog ingested in ${ingest.toFixed(0)} s`);
  // the default persona, a developer of Checkout, signed in once the catalog knows her team
  const token = await guestToken(baseUrl);
  const authorize = items =>
    fetch(`${baseUrl}/api/permission/authorize`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ items }),
    }).then(ok);
  const basic = { type: 'basic', name: 'kubernetes.proxy', attributes: {} };
  const del = {
    type: 'resource',
    name: 'catalog.entity.delete',
    attributes: { action: 'delete' },
    resourceType: 'catalog-entity',
  };
  await sample('decision, basic permission (single)', () =>
    authorize([{ id: '1', permission: basic }]),
  );
  await sample('decision, resource permission by ownership (single)', () =>
    authorize([
      { id: '1', permission: del, resourceRef: 'component:default/svc-00001' },
    ]),
  );
  const batch = Array.from({ length: 50 }, (_, i) =>
    i % 2
      ? { id: String(i), permission: basic }
      : {
          id: String(i),
          permission: del,
          resourceRef: `component:default/svc-${String(i).padStart(5, '0')}`,
        },
  );
  await sample('decision, batch of 50 (25 basic + 25 by ownership)', () =>
    authorize(batch),
  );
  // (c) in the policy backend: the developer against a static token
  await inTurns(
    '(c) developer vs static token (sign-in check and policy),',
    { name: 'developer', baseUrl, token },
    { name: 'static token', baseUrl, token: staticToken },
  );
  return token;
});
// (b) two fresh backends side by side on the ingested catalog, started the
// same way, one with the policy and one allow-all, asked with the same token
await withBackend(policyConfig, async policyUrl =>
  withBackend(
    allowAllConfig,
    async allowAllUrl => {
      await waitForComponents(allowAllUrl, developerToken);
      await inTurns(
        '(b) policy vs allow-all (goal p95 <= 10 %),',
        { name: 'policy', baseUrl: policyUrl, token: developerToken },
        { name: 'allow-all', baseUrl: allowAllUrl, token: developerToken },
        { samples: 3 * REQUESTS, warmUp: 100 },
      );
    },
    port + 1,
  ),
);
await postgres.stop();
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(pgDir, { recursive: true, force: true });
