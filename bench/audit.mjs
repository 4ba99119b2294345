// The audit trail at scale, on a real embedded Postgres. Prints, never asserts.
//   node bench/audit.mjs [events=1000000]
// (a) Insert throughput: the generated events go in through the store's
//     appendBatch (hash chain under the advisory lock, 5,000 rows a
//     transaction), then single events through append (the auditor's path):
//     one at a time, and 2,000 at once (group commit).
// (b) Query p50/p95/max of GET /api/audit/events' filters through the same
//     store code the API calls (DatabaseAuditStore.query): unfiltered first
//     page, by actor, action, action+type, target, outcome + time range, and
//     a second page by cursor. Goal p95 <= 500 ms.
// (c) Verify over the whole chain, and one retention run.
// Ports: BENCH_POSTGRES_PORT (default 54362).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@internal/embedded-postgres';
import { repoRoot } from '../scripts/lib/portal.mjs';
import { ms, summarize } from './lib.mjs';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const pgPort = Number(process.env.BENCH_POSTGRES_PORT ?? 54362);
const RUNS = 60;
const DAY = 24 * 60 * 60 * 1000;

const require = createRequire(
  path.join(repoRoot, 'plugins/audit-backend/package.json'),
);
require('@backstage/cli/config/nodeTransform.cjs');
const { DatabaseAuditStore } = require('./src/database/DatabaseAuditStore.ts');
const { decodeCursor } = require('./src/database/cursor.ts');
const knexFactory = require('knex');

const report = (name, value) => console.log(`${name.padEnd(58)} ${value}`);

// --- a believable trail ------------------------------------------------------
const ACTIONS = [
  ['catalog', 'entity-mutate', 'refresh', 20],
  ['catalog', 'entity-mutate', 'delete', 3],
  ['catalog', 'location-mutate', 'create', 4],
  ['catalog', 'location-mutate', 'delete', 2],
  ['scaffolder', 'task', 'create', 8],
  ['scaffolder', 'task', 'cancel', 1],
  ['scaffolder', 'task', 'retry', 1],
  ['scaffolder', 'task', 'execution', 8],
  ['kubernetes', 'cluster-fetch', null, 10],
  ['auth', 'sign-in', null, 15],
  ['scorecards', 'evaluate', null, 5],
  ['kubernetes-environments', 'logs-read', null, 12],
  ['audit', 'events-read', null, 3],
  ['permission', 'policy-decision', null, 6],
  ['git-hosting', 'repo-create', null, 2],
];
const weights = ACTIONS.flatMap((a, i) => Array(a[3]).fill(i));
const USERS = 2000;
const SERVICES = [
  'plugin:catalog',
  'plugin:scaffolder',
  'plugin:scorecards',
  'external:ci',
];
const COMPONENTS = 20_000;

// mulberry32: a seeded generator, so every run generates the same trail.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = n => Math.floor(rand() * n);
const actorOf = () =>
  rand() < 0.9
    ? `user:default/user-${pick(USERS)}`
    : SERVICES[pick(SERVICES.length)];

function eventAt(time, i) {
  const [plugin, eventId, actionType] = ACTIONS[weights[pick(weights.length)]];
  const failed = rand() < 0.08;
  const target =
    plugin === 'scaffolder'
      ? `task:${(i * 2654435761) % 4294967296}`
      : eventId === 'location-mutate'
      ? `location:${pick(5000)}`
      : `component:default/service-${pick(COMPONENTS)}`;
  return {
    time,
    plugin,
    eventId,
    actionType,
    actor: actorOf(),
    actorDetails: {
      ip: `10.0.${pick(255)}.${pick(255)}`,
      userAgent: 'Mozilla/5.0',
    },
    target,
    requestId: `req-${i}`,
    requestMethod: 'POST',
    requestUrl: `/api/${plugin}/${eventId}`,
    outcome: failed ? 'failed' : 'succeeded',
    severity: 'medium',
    meta: {
      actionType,
      entityRef: target,
      changed: { 'spec.owner': ['group:default/a', 'group:default/b'] },
    },
    error: failed
      ? 'NotAllowedError: only the owners of this entity or platform admins may do this'
      : null,
  };
}

const dataDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-audit-'),
);
const pg = await startEmbeddedPostgres({ dataDir, port: pgPort });
const { host, port, user, password } = pg.connection;
const admin = knexFactory({
  client: 'pg',
  connection: { host, port, user, password, database: 'postgres' },
});
await admin.raw('DROP DATABASE IF EXISTS bench_audit');
await admin.raw('CREATE DATABASE bench_audit');
const knex = knexFactory({
  client: 'pg',
  connection: { host, port, user, password, database: 'bench_audit' },
  pool: { min: 1, max: 10 },
});

try {
  const store = await DatabaseAuditStore.create({ knex });
  console.log(`\n=== audit trail: ${EVENTS.toLocaleString('en-US')} events\n`);

  // (a) insert throughput
  const start = Date.now() - 365 * DAY;
  const step = (365 * DAY) / EVENTS;
  const BATCH = 5000;
  let t0 = performance.now();
  for (let i = 0; i < EVENTS; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(EVENTS, i + BATCH); j++)
      rows.push(eventAt(new Date(start + j * step), j));
    await store.appendBatch(rows);
    if ((i / BATCH) % 40 === 0 && i > 0)
      process.stdout.write(`  ${i.toLocaleString('en-US')} rows\r`);
  }
  const bulkSeconds = (performance.now() - t0) / 1000;
  report(
    'insert, appendBatch of 5,000 (rows/s)',
    `${Math.round(EVENTS / bulkSeconds).toLocaleString(
      'en-US',
    )} (${bulkSeconds.toFixed(1)} s)`,
  );
  await knex.raw('ANALYZE audit_events');
  const shape = await knex.raw(
    'SELECT count(DISTINCT actor) AS actors, count(DISTINCT target) AS targets, count(DISTINCT action) AS actions FROM audit_events',
  );
  const { actors, targets, actions } = shape.rows[0];
  report(
    'generated trail',
    `${actors} actors, ${targets} targets, ${actions} actions over 365 days`,
  );

  const SINGLE = 1000;
  t0 = performance.now();
  const latencies = [];
  for (let i = 0; i < SINGLE; i++) {
    const s = performance.now();
    await store.append(eventAt(new Date(), EVENTS + i));
    latencies.push(performance.now() - s);
  }
  const one = summarize(latencies);
  report(
    'insert, append one at a time (rows/s)',
    `${Math.round(SINGLE / ((performance.now() - t0) / 1000))} (p50 ${ms(
      one.p50,
    )}, p95 ${ms(one.p95)})`,
  );

  const CONCURRENT = 2000;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      store.append(eventAt(new Date(), EVENTS + SINGLE + i)),
    ),
  );
  report(
    'insert, 2,000 concurrent appends, group commit (rows/s)',
    Math.round(CONCURRENT / ((performance.now() - t0) / 1000)),
  );

  // (b) queries
  const now = Date.now();
  const randomWindow = days => {
    const to = now - pick(330) * DAY;
    return { from: new Date(to - days * DAY), to: new Date(to) };
  };
  const actionFilter = () => {
    const [plugin, eventId] = ACTIONS[pick(ACTIONS.length)];
    return { action: `${plugin}.${eventId}` };
  };
  const cases = [
    ['unfiltered, first page', () => ({})],
    ['by actor', () => ({ actor: actorOf() })],
    ['by action', actionFilter],
    [
      'by action + type',
      () => {
        const [plugin, eventId, actionType] = ACTIONS[pick(4)];
        return { action: `${plugin}.${eventId}`, actionType };
      },
    ],
    [
      'by target',
      () => ({ target: `component:default/service-${pick(COMPONENTS)}` }),
    ],
    [
      'by outcome=failed + 7-day window',
      () => ({ outcome: 'failed', ...randomWindow(7) }),
    ],
    [
      'by outcome=succeeded + 30-day window',
      () => ({ outcome: 'succeeded', ...randomWindow(30) }),
    ],
    [
      'by actor + 30-day window',
      () => ({ actor: actorOf(), ...randomWindow(30) }),
    ],
    [
      'by action + outcome=failed + 7-day window',
      () => ({ ...actionFilter(), outcome: 'failed', ...randomWindow(7) }),
    ],
    ['by actor + action', () => ({ actor: actorOf(), ...actionFilter() })],
    [
      'by target that matches nothing',
      () => ({ target: `component:default/nothing-${pick(1e6)}` }),
    ],
  ];
  const p95s = [];
  for (const [name, make] of cases) {
    const samples = [];
    let rows = 0;
    for (let r = 0; r < RUNS; r++) {
      const query = { limit: 50, ...make() };
      const s = performance.now();
      const page = await store.query(query);
      samples.push(performance.now() - s);
      rows += page.items.length;
    }
    const sum = summarize(samples);
    p95s.push(sum.p95);
    report(
      `query ${name} (avg ${Math.round(rows / RUNS)} rows)`,
      `p50 ${ms(sum.p50)}  p95 ${ms(sum.p95)}  max ${ms(sum.max)}`,
    );
  }
  {
    const samples = [];
    for (let r = 0; r < RUNS; r++) {
      const filter = { limit: 50, ...actionFilter() };
      const first = await store.query(filter);
      const s = performance.now();
      await store.query({ ...filter, after: decodeCursor(first.nextCursor) });
      samples.push(performance.now() - s);
    }
    const sum = summarize(samples);
    p95s.push(sum.p95);
    report(
      'query by action, second page by cursor',
      `p50 ${ms(sum.p50)}  p95 ${ms(sum.p95)}  max ${ms(sum.max)}`,
    );
  }
  const worst = Math.max(...p95s);
  report(
    'worst query p95 (goal <= 500 ms)',
    `${ms(worst)} ${worst <= 500 ? 'within goal' : 'OVER GOAL'}`,
  );

  // (c) verify and retention
  t0 = performance.now();
  const verified = await store.verify();
  const verifySeconds = (performance.now() - t0) / 1000;
  report(
    'verify the whole chain',
    `${
      verified.ok ? 'intact' : 'BROKEN'
    }, ${verified.checkedRows.toLocaleString(
      'en-US',
    )} rows in ${verifySeconds.toFixed(1)} s (${Math.round(
      verified.checkedRows / verifySeconds,
    ).toLocaleString('en-US')} rows/s)`,
  );
  t0 = performance.now();
  const pruned = await store.prune(new Date(now - 335 * DAY));
  report(
    'retention: prune the oldest 30 days',
    `${pruned.prunedRows.toLocaleString('en-US')} rows in ${(
      (performance.now() - t0) /
      1000
    ).toFixed(1)} s`,
  );
  const after = await store.verify();
  report(
    'verify after retention',
    `${after.ok ? 'intact' : 'BROKEN'} from row ${after.firstId}`,
  );
  const size = await knex.raw(
    `SELECT pg_size_pretty(pg_total_relation_size('audit_events')) AS size`,
  );
  report('table size with indexes', size.rows[0].size);
} finally {
  await knex.destroy();
  await admin.raw('DROP DATABASE IF EXISTS bench_audit').catch(() => {});
  await admin.destroy();
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
