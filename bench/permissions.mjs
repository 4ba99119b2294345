// The permission policy's cost, through the real portal. Prints, never asserts.
//   node bench/permissions.mjs [components=5000] [requests=300]
// (a) Permission decisions over HTTP (POST /api/permission/authorize) as a
//     developer: one basic permission, one resource permission the catalog
//     resolves by ownership, and a batch of 50 mixed items: p50/p95.
// (b) Catalog list p95 (GET /api/catalog/entities, 100 components a page,
//     and by-query) with the portal's policy, then the same backend and
//     data with `permission.enabled: false` (Backstage's allow-all). Goal: the
//     policy costs <= 10 % of the allow-all p95.
// (c) The same lists in ONE backend, interleaved request by request: a
//     signed-in developer (every check through the policy) against a static
//     external-access token (a service principal: Backstage allows it without
//     asking any policy). On a busy machine (b) compares two runs minutes
//     apart; (c) sees the same noise on both sides.
// The catalog is the demo company's people and teams plus N generated
// components owned by its teams.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken } from '../e2e/lib/portalApi.mjs';
import { ensurePostgres, repoRoot, waitForReady } from '../scripts/lib/portal.mjs';
import { ms, startBackendUnwatched, summarize } from './lib.mjs';

const COMPONENTS = Number(process.argv[2] ?? 5000);
const REQUESTS = Number(process.argv[3] ?? 300);
const port = Number(process.env.BENCH_PORT ?? 7067);
const pgPort = Number(process.env.BENCH_POSTGRES_PORT ?? 54363);
const teams = ['checkout', 'payments', 'fulfilment', 'team-catalog', 'web-experience', 'mobile', 'data', 'platform'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-bench-permissions-'));
const docs = [];
for (let i = 0; i < COMPONENTS; i++) {
  docs.push(
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `svc-${String(i).padStart(5, '0')}`, description: `Synthetic service ${i}` },
      spec: { type: 'service', lifecycle: 'production', owner: `group:default/${teams[i % teams.length]}` },
    }),
  );
}
fs.writeFileSync(path.join(work, 'components.yaml'), docs.join('\n---\n'));
const catalogConfig = {
  // The generated file is bigger than the 1 MiB a catalog file may be by default.
  launchpad: { catalog: { maxFileBytes: 64 * 1024 * 1024 } },
  catalog: {
    locations: [
      { type: 'file', target: path.join(repoRoot, 'catalog/org.yaml') },
      { type: 'file', target: path.join(repoRoot, 'templates/all.yaml') },
      { type: 'file', target: path.join(work, 'components.yaml') },
    ],
    processingInterval: { minutes: 60 },
  },
  search: { collators: { catalog: { schedule: { frequency: { hours: 24 }, timeout: { minutes: 5 }, initialDelay: { hours: 24 } } } } },
  scorecards: { schedule: { frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { hours: 24 } }, evaluateOnChange: { enabled: false } },
};
const staticToken = randomBytes(24).toString('hex');
const policyConfig = path.join(work, 'app-config.policy.yaml');
fs.writeFileSync(
  policyConfig,
  JSON.stringify({
    ...catalogConfig,
    backend: { auth: { externalAccess: [{ type: 'static', options: { token: staticToken, subject: 'bench-no-policy' } }] } },
  }),
);
const allowAllConfig = path.join(work, 'app-config.allow-all.yaml');
fs.writeFileSync(allowAllConfig, JSON.stringify({ ...catalogConfig, permission: { enabled: false } }));

const prefix = `bpm${randomBytes(3).toString('hex')}_`;
const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-bench-permissions-pg-'));
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
  console.log(`${what}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`);
  return s;
}

async function withBackend(config, fn) {
  const backend = startBackendUnwatched({
    port,
    configs: [config],
    env: { ...postgres.env, APP_CONFIG_backend_database_prefix: prefix },
  });
  const logs = [];
  backend.child.stdout.on('data', c => logs.push(String(c)) > 200 && logs.shift());
  backend.child.stderr.on('data', c => logs.push(String(c)) > 200 && logs.shift());
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
      await fetch(`${baseUrl}/api/catalog/entity-facets?facet=kind`, { headers: { Authorization: `Bearer ${token}` } }),
    );
    const count = body.facets.kind.find(f => f.value === 'Component')?.count ?? 0;
    if (count >= COMPONENTS) return (Date.now() - started) / 1000;
    if (Date.now() - started > 20 * 60_000) throw new Error(`only ${count} of ${COMPONENTS} components after 20 minutes`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

async function catalogLists(baseUrl, token, label) {
  const headers = { Authorization: `Bearer ${token}` };
  const list = await sample(`${label}: GET /entities?filter=kind=component&limit=100`, async () =>
    ok(await fetch(`${baseUrl}/api/catalog/entities?filter=kind=component&limit=100`, { headers })),
  );
  const byQuery = await sample(`${label}: GET /entities/by-query?limit=100`, async () =>
    ok(await fetch(`${baseUrl}/api/catalog/entities/by-query?limit=100&filter=kind=component`, { headers })),
  );
  return { list, byQuery };
}

/** (c): user (policy) and static token (no policy) requests alternating, each order half the time. */
async function interleaved(baseUrl, userToken) {
  for (const [what, url] of [
    ['GET /entities?filter=kind=component&limit=100', `${baseUrl}/api/catalog/entities?filter=kind=component&limit=100`],
    ['GET /entities/by-query?limit=100', `${baseUrl}/api/catalog/entities/by-query?limit=100&filter=kind=component`],
  ]) {
    const get = async token => ok(await fetch(url, { headers: { Authorization: `Bearer ${token}` } }));
    for (let i = 0; i < 10; i++) await Promise.all([get(userToken), get(staticToken)]).catch(() => {}); // warm-up
    const user = [];
    const service = [];
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 2) {
        user.push(await timed(() => get(userToken)));
        service.push(await timed(() => get(staticToken)));
      } else {
        service.push(await timed(() => get(staticToken)));
        user.push(await timed(() => get(userToken)));
      }
    }
    const u = summarize(user);
    const sv = summarize(service);
    console.log(
      `interleaved ${what}: developer (policy) p50 ${ms(u.p50)} p95 ${ms(u.p95)}; static token (no policy) p50 ${ms(sv.p50)} p95 ${ms(sv.p95)}; ` +
        `policy overhead p50 ${overhead(u.p50, sv.p50)}, p95 ${overhead(u.p95, sv.p95)} (goal <= 10 %)`,
    );
  }
}

console.log(`Permission bench: ${COMPONENTS} components owned by ${teams.length} teams, ${REQUESTS} requests per figure`);
const withPolicy = await withBackend(policyConfig, async baseUrl => {
  const ingest = await waitForComponents(baseUrl, await guestToken(baseUrl));
  console.log(`catalog ingested in ${ingest.toFixed(0)} s`);
  // the default persona, a developer of Checkout, signed in once the catalog knows her team
  const token = await guestToken(baseUrl);
  const authorize = items =>
    fetch(`${baseUrl}/api/permission/authorize`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ items }),
    }).then(ok);
  const basic = { type: 'basic', name: 'kubernetes.proxy', attributes: {} };
  const del = { type: 'resource', name: 'catalog.entity.delete', attributes: { action: 'delete' }, resourceType: 'catalog-entity' };
  await sample('decision, basic permission (single)', () => authorize([{ id: '1', permission: basic }]));
  await sample('decision, resource permission by ownership (single)', () =>
    authorize([{ id: '1', permission: del, resourceRef: 'component:default/svc-00001' }]),
  );
  const batch = Array.from({ length: 50 }, (_, i) =>
    i % 2
      ? { id: String(i), permission: basic }
      : { id: String(i), permission: del, resourceRef: `component:default/svc-${String(i).padStart(5, '0')}` },
  );
  await sample('decision, batch of 50 (25 basic + 25 by ownership)', () => authorize(batch));
  const lists = await catalogLists(baseUrl, token, 'policy');
  await interleaved(baseUrl, token);
  return lists;
});
const allowAll = await withBackend(allowAllConfig, async baseUrl =>
  catalogLists(baseUrl, await guestToken(baseUrl), 'allow-all'),
);
console.log(`policy overhead on catalog list p95: ${overhead(withPolicy.list.p95, allowAll.list.p95)} (goal <= 10 %)`);
console.log(`policy overhead on by-query p95: ${overhead(withPolicy.byQuery.p95, allowAll.byQuery.p95)} (goal <= 10 %)`);
await postgres.stop();
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(pgDir, { recursive: true, force: true });
