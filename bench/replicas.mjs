// Concurrent readers against two replicas of the built backend on one
// Postgres, with 10,000 entities in the catalog. Prints, never asserts.
//   node bench/replicas.mjs [--duration=300] [--concurrency=100] [--entities=10000] [--think=0]
// Readers are spread over both replicas (round robin, as a Service would)
// and loop over a mix a portal page makes: an entity by name, a page of the
// catalog list (by-query), the kind facets and a search query. --think=<ms>:
// each reader waits a random time around that mean between requests, as a
// person reads a page (0: back to back, which measures the replicas'
// capacity: 100 readers with no pause keep 100 requests queued). Prints
// p50/p95/p99, the error count and requests per second, per replica and
// overall (goal: p95 <= 200 ms, 0 errors).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken } from '../e2e/lib/portalApi.mjs';
import { startCluster } from '../scripts/replicas/cluster.mjs';
import { ms, percentile, syntheticCatalog } from './lib.mjs';

const arg = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const found = process.argv.find(a => a.startsWith(`--${name}=`));
  const value = found ? Number(found.split('=')[1]) : fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got ${found}`);
  return value;
};
const DURATION_S = arg('duration', 300);
const CONCURRENCY = arg('concurrency', 100);
const ENTITIES = arg('entities', 10_000);
const THINK_MS = process.argv.some(a => a.startsWith('--think='))
  ? Number(process.argv.find(a => a.startsWith('--think='))?.split('=')[1])
  : 0;
if (!Number.isFinite(THINK_MS) || THINK_MS < 0)
  throw new Error('--think must be a number of milliseconds >= 0');
const work = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-replicas-'),
);
const configFile = path.join(work, 'app-config.bench.yaml');
fs.writeFileSync(
  configFile,
  JSON.stringify({
    ...syntheticCatalog(work, ENTITIES, {
      type: i => (i % 5 ? 'service' : 'website'),
    }),
    // The search index is built once, soon after start
    search: {
      collators: {
        catalog: {
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 10 },
            initialDelay: { seconds: 5 },
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
    },
  }),
);

console.log(
  `Replica bench: 2 replicas, ${ENTITIES} components, ${CONCURRENCY} readers for ${DURATION_S} s, ` +
    (THINK_MS
      ? `each pausing ${THINK_MS} ms on average between requests`
      : 'back to back'),
);
const started = Date.now();
const cluster = await startCluster({
  count: 2,
  configs: [configFile],
  pgPort: Number(process.env.BENCH_POSTGRES_PORT ?? 54364),
});
console.log(
  `both replicas ready in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
try {
  const [a, b] = cluster.replicas;
  const token = await guestToken(a.baseUrl);
  const headers = { Authorization: `Bearer ${token}` };
  const ingestStart = Date.now();
  for (;;) {
    const res = await fetch(
      `${a.baseUrl}/api/catalog/entity-facets?facet=kind`,
      { headers },
    );
    const count = res.ok
      ? (await res.json()).facets.kind.find(
          (/** @type {any} */ f) => f.value === 'Component',
        )?.count ?? 0
      : 0;
    if (count >= ENTITIES) break;
    if (Date.now() - ingestStart > 30 * 60_000)
      throw new Error(
        `only ${count} of ${ENTITIES} components after 30 minutes`,
      );
    await new Promise(r => setTimeout(r, 2000));
  }
  console.log(
    `catalog ingested in ${((Date.now() - ingestStart) / 1000).toFixed(0)} s`,
  );

  const name = () =>
    `svc-${String(Math.floor(Math.random() * ENTITIES)).padStart(5, '0')}`;
  /** @type {Array<[string, () => string]>} */
  const routes = [
    [
      'entity by name',
      () => `/api/catalog/entities/by-name/component/default/${name()}`,
    ],
    [
      'list page (by-query, ordered)',
      () =>
        `/api/catalog/entities/by-query?limit=20&filter=kind=component,spec.type=service&orderField=metadata.name,asc`,
    ],
    ['kind facets', () => `/api/catalog/entity-facets?facet=kind`],
    ['search', () => `/api/search/query?term=${name()}`],
  ];
  /** @type {Record<string, number[]>} */
  const byRoute = Object.fromEntries(routes.map(([label]) => [label, []]));
  /** @type {Record<string, { latencies: number[], errors: number, examples: string[] }>} */
  const per = {
    [a.name]: { latencies: [], errors: 0, examples: [] },
    [b.name]: { latencies: [], errors: 0, examples: [] },
  };
  const deadline = Date.now() + DURATION_S * 1000;
  let next = 0;
  const reader = async () => {
    while (Date.now() < deadline) {
      const replica = cluster.replicas[next++ % 2];
      const [routeLabel, makeRoute] =
        routes[Math.floor(Math.random() * routes.length)];
      const route = makeRoute();
      const t0 = performance.now();
      let ok = false;
      let why = '';
      try {
        const res = await fetch(`${replica.baseUrl}${route}`, { headers });
        await res.arrayBuffer();
        ok = res.ok;
        why = `${res.status} ${route}`;
      } catch (error) {
        const cause = /** @type {any} */ (error).cause;
        why = `${error}${
          cause ? ` (${cause.code ?? cause.message})` : ''
        } ${route}`;
      }
      const stats = per[replica.name];
      stats.latencies.push(performance.now() - t0);
      byRoute[routeLabel].push(performance.now() - t0);
      if (!ok) {
        stats.errors++;
        if (stats.examples.length < 5) stats.examples.push(why);
      }
      // a person's pause: exponential around the mean (readers do not march in step)
      if (THINK_MS)
        await new Promise(r =>
          setTimeout(r, -Math.log(1 - Math.random()) * THINK_MS),
        );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, reader));

  const report = (
    /** @type {string} */ label,
    /** @type {number[]} */ latencies,
    /** @type {number} */ errors,
  ) => {
    const sorted = [...latencies].sort((x, y) => x - y);
    console.log(
      `${label}: ${sorted.length} requests (${(
        sorted.length / DURATION_S
      ).toFixed(0)}/s), ` +
        `p50 ${ms(percentile(sorted, 50))}, p95 ${ms(
          percentile(sorted, 95),
        )}, p99 ${ms(percentile(sorted, 99))}, ` +
        `max ${ms(sorted.at(-1) ?? NaN)}, errors ${errors}`,
    );
  };
  for (const [replica, stats] of Object.entries(per)) {
    report(`replica ${replica}`, stats.latencies, stats.errors);
    for (const example of stats.examples) console.log(`  error: ${example}`);
  }
  for (const [label, latencies] of Object.entries(byRoute))
    report(`  ${label}`, latencies, 0);
  report(
    'both replicas',
    Object.values(per).flatMap(s => s.latencies),
    Object.values(per).reduce((n, s) => n + s.errors, 0),
  );
  console.log('goal: p95 <= 200 ms, 0 errors');
} finally {
  await cluster.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
