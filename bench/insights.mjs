// Platform insights at scale, on a real embedded Postgres. Prints, never asserts.
//   node bench/insights.mjs [events=100000]
// Generates a year of events for 60 services of 8 teams (golden path tasks
// and their repositories, CI results, deployments to dev and prod, incidents),
// inserts them through the plugin's store (batches of 1,000, deduplicated by
// key), then times the report the /insights page asks for, through the same
// service code the API calls: the last 30, 90 and 365 days, and filtered by
// team and by template. Ports: BENCH_POSTGRES_PORT (default 5595).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@internal/embedded-postgres';
import { repoRoot } from '../scripts/lib/portal.mjs';
import { ms, summarize } from './lib.mjs';

const EVENTS = Number(process.argv[2] ?? 100_000);
const pgPort = Number(process.env.BENCH_POSTGRES_PORT ?? 5595);
const RUNS = 30;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const require = createRequire(
  path.join(repoRoot, 'plugins/insights-backend/package.json'),
);
require('@backstage/cli/config/nodeTransform.cjs');
const { DatabaseEventStore } = require('./src/database/DatabaseEventStore.ts');
const {
  createInsightsService,
} = require('./src/services/createInsightsService.ts');
const knexFactory = require('knex');

const report = (name, value) => console.log(`${name.padEnd(58)} ${value}`);

// mulberry32: a seeded generator, so every run generates the same history.
let seed = 7;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = n => Math.floor(rand() * n);
const hex = n =>
  Array.from({ length: n }, () => pick(16).toString(16)).join('');

const TEAMS = Array.from({ length: 8 }, (_, i) => `group:default/team-${i}`);
const TEMPLATES = ['node-service', 'go-service', 'postgres-database'].map(
  t => `template:default/${t}`,
);
const SERVICES = 60;

/** A year of history, service by service, until `total` events. */
function* history(total, now) {
  let n = 0;
  let task = 0;
  const stepMs = (365 * DAY * SERVICES * 2.15) / total;
  while (n < total) {
    for (let s = 0; s < SERVICES && n < total; s++) {
      const service = `svc-${s}-${Math.floor(n / (SERVICES * 1500))}`;
      const team = TEAMS[s % TEAMS.length];
      const template = TEMPLATES[s % TEMPLATES.length];
      const start = now - 365 * DAY + pick(30) * DAY;
      const key = `task:${task++}`;
      const ok = rand() > 0.1;
      yield {
        key,
        type: 'task',
        service,
        team,
        template,
        templateVersion: `1.${pick(4)}.0`,
        outcome: ok ? 'completed' : 'failed',
        occurredAt: start,
        durationMs: 20_000 + pick(60_000),
      };
      n++;
      if (!ok) continue;
      yield {
        key: `repository:${task}`,
        type: 'repository',
        service,
        team,
        template,
        outcome: 'created',
        occurredAt: start + 60_000,
        detail: { taskKey: key },
      };
      n++;
      // commits spaced so that SERVICES services fill `total` over the year
      // (about 2.15 events a commit): CI each, green ones to dev, every 3rd to prod
      let prodCount = 0;
      for (
        let t = start + HOUR;
        t < now && n < total;
        t += stepMs * (0.5 + rand())
      ) {
        const sha = hex(40);
        const green = rand() > 0.15;
        yield {
          key: `github:${hex(32)}`,
          type: 'ci',
          service,
          outcome: green ? 'success' : 'failure',
          occurredAt: t + 10 * 60_000,
          durationMs: 600_000,
          revision: sha,
          commitAt: t,
        };
        n++;
        if (!green) continue;
        yield {
          key: `argocd:${service}:dev:${sha}`,
          type: 'deployment',
          service,
          environment: 'dev',
          outcome: 'healthy',
          occurredAt: t + 20 * 60_000,
          revision: sha,
        };
        n++;
        if (++prodCount % 3 !== 0) continue;
        const at = t + 4 * HOUR;
        yield {
          key: `argocd:${service}:prod:${sha}`,
          type: 'deployment',
          service,
          environment: 'prod',
          outcome: 'healthy',
          occurredAt: at,
          revision: sha,
        };
        n++;
        if (rand() < 0.1) {
          yield {
            key: `incident:${service}:${at}:d`,
            type: 'incident',
            service,
            environment: 'prod',
            outcome: 'degraded',
            occurredAt: at + HOUR,
          };
          yield {
            key: `incident:${service}:${at}:r`,
            type: 'incident',
            service,
            environment: 'prod',
            outcome: 'restored',
            occurredAt: at + HOUR + pick(6) * HOUR,
          };
          n += 2;
        }
      }
    }
  }
}

const dataDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-insights-'),
);
const pg = await startEmbeddedPostgres({ dataDir, port: pgPort });
const { host, port, user, password } = pg.connection;
const admin = knexFactory({
  client: 'pg',
  connection: { host, port, user, password, database: 'postgres' },
});
await admin.raw('DROP DATABASE IF EXISTS bench_insights');
await admin.raw('CREATE DATABASE bench_insights');
const knex = knexFactory({
  client: 'pg',
  connection: { host, port, user, password, database: 'bench_insights' },
  pool: { min: 1, max: 10 },
});
try {
  const store = await DatabaseEventStore.create({
    database: { getClient: async () => knex, migrations: {} },
  });
  const now = Date.now();
  const events = [...history(EVENTS, now)].slice(0, EVENTS);
  const byType = events.reduce(
    (c, e) => ({ ...c, [e.type]: (c[e.type] ?? 0) + 1 }),
    {},
  );
  report('generated events', `${events.length} ${JSON.stringify(byType)}`);

  let started = performance.now();
  const added = await store.add(events);
  const insertMs = performance.now() - started;
  report(
    'insert (batches of 1,000)',
    `${added} rows in ${ms(insertMs)} (${Math.round(
      added / (insertMs / 1000),
    )} rows/s)`,
  );
  started = performance.now();
  const again = await store.add(events.slice(0, 10_000));
  report(
    'the same 10,000 again (deduplicated)',
    `${again} added in ${ms(performance.now() - started)}`,
  );
  await knex.raw('ANALYZE insights_events');

  const service = createInsightsService({
    store,
    funnelEnvironment: 'dev',
    doraEnvironment: 'prod',
  });
  const cases = [
    ['report, last 30 days', { days: 30 }],
    ['report, last 90 days (the page default)', { days: 90 }],
    ['report, last 365 days', { days: 365 }],
    ['report, 90 days, one team', { days: 90, team: TEAMS[3] }],
    ['report, 90 days, one template', { days: 90, template: TEMPLATES[1] }],
  ];
  for (const [name, query] of cases) {
    const samples = [];
    let shape;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await service.report(query);
      samples.push(performance.now() - t);
      shape = `${r.funnel.length} funnel rows, ${r.dora.length} services`;
    }
    const s = summarize(samples);
    report(
      name,
      `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}  (${shape})`,
    );
  }
} finally {
  await knex.destroy();
  await admin.destroy();
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
