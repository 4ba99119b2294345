// Scorecards at scale, through the real portal. Prints, never asserts.
//   node bench/scorecards.mjs [entities=10000] [rollupEntities=100000]
// (a) Full evaluation of a synthetic catalog (default 10,000 services, one
//     scorecard of 20 checks): catalog -> fact sources -> engine -> Postgres,
//     timed around POST /api/scorecards/evaluate, then a second run in which
//     nothing changed. Goal: <= 10 s.
// (b) Team roll-up GET /api/scorecards/teams/:ns/:name p50/p95/max at 100,000
//     scored entities (a team, a department, the whole organisation). Goal
//     p95 <= 100 ms. The scores beyond the evaluated catalog are synthetic
//     rows: copies of the evaluated ones, inserted straight into the
//     scorecards tables (said so in the output).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { guestToken } from '../e2e/lib/portalApi.mjs';
import {
  ensurePostgres,
  repoRoot,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { largestRssMb, ms, startBackendUnwatched, summarize } from './lib.mjs';

const ENTITIES = Number(process.argv[2] ?? 10_000);
const ROLLUP_ENTITIES = Number(process.argv[3] ?? 100_000);
const DEPARTMENTS = 10;
const TEAMS_PER_DEPARTMENT = 10;
const port = Number(process.env.BENCH_PORT ?? 7047);
const pgPort = Number(process.env.BENCH_POSTGRES_PORT ?? 54351);

const figures = [];
const report = (name, value) => {
  figures.push([name, value]);
  console.log(`${name}: ${value}`);
};

// --- the synthetic company -------------------------------------------------
const teams = [];
for (let d = 0; d < DEPARTMENTS; d++) {
  for (let t = 0; t < TEAMS_PER_DEPARTMENT; t++)
    teams.push({ name: `team-${d}-${t}`, department: `dept-${d}` });
}

function catalogYaml() {
  const docs = [];
  const doc = (kind, metadata, spec, apiVersion = 'backstage.io/v1alpha1') =>
    docs.push(JSON.stringify({ apiVersion, kind, metadata, spec }));
  doc('Group', { name: 'northwind' }, { type: 'organization', children: [] });
  for (let d = 0; d < DEPARTMENTS; d++) {
    doc(
      'Group',
      { name: `dept-${d}` },
      { type: 'department', parent: 'northwind', children: [] },
    );
  }
  teams.forEach((team, i) => {
    doc(
      'Group',
      { name: team.name },
      { type: 'team', parent: team.department, children: [] },
    );
    // Every tenth team has nobody left in the catalog.
    const members = i % 10 === 9 ? 0 : 1 + (i % 3);
    for (let m = 0; m < members; m++)
      doc(
        'User',
        { name: `${team.name}-user-${m}` },
        { memberOf: [team.name] },
      );
  });
  for (let s = 0; s < 50; s++)
    doc('System', { name: `system-${s}` }, { owner: teams[s].name });
  doc(
    'Template',
    {
      name: 'node-service',
      annotations: { 'launchpad.io/template-version': '1.0.0' },
    },
    { owner: 'northwind', type: 'service', steps: [] },
    'scaffolder.backstage.io/v1beta3',
  );
  const lifecycles = [
    'production',
    'experimental',
    'deprecated',
    'production',
    'sunset',
  ];
  for (let i = 0; i < ENTITIES; i++) {
    const annotations = {};
    if (i % 5 < 2) annotations['backstage.io/techdocs-ref'] = 'dir:.';
    if (i % 2 === 0) {
      annotations['launchpad.io/template'] = 'template:default/node-service';
      annotations['launchpad.io/template-version'] =
        i % 4 === 0 ? '1.0.0' : '0.9.0';
    }
    const metadata = { name: `svc-${String(i).padStart(5, '0')}`, annotations };
    if (i % 5 !== 4) metadata.description = `Synthetic service ${i}`;
    const spec = {
      type: 'service',
      lifecycle: lifecycles[i % lifecycles.length],
      owner:
        i % 97 === 0
          ? 'group:default/ghosts'
          : `group:default/${teams[i % teams.length].name}`,
    };
    if (i % 5 < 3) spec.system = `system-${i % 50}`;
    doc('Component', metadata, spec);
  }
  // JSON is YAML; one document per entity.
  return docs.join('\n---\n');
}

const CHECKS = [
  ['owner-exists', 'bronze', 'catalog.ownerExists', 'equals', true],
  ['owned-by-team', 'bronze', 'catalog.ownerIsGroup', 'equals', true],
  ['owner-has-members', 'bronze', 'catalog.ownerActiveMembers', 'gte', 1],
  ['has-description', 'bronze', 'catalog.hasDescription', 'equals', true],
  [
    'lifecycle-known',
    'bronze',
    'catalog.lifecycle',
    'oneOf',
    ['experimental', 'production', 'deprecated'],
  ],
  ['has-owner', 'bronze', 'catalog.hasOwner', 'equals', true],
  ['is-service', 'bronze', 'catalog.type', 'equals', 'service'],
  ['not-deprecated', 'bronze', 'catalog.lifecycle', 'notEquals', 'deprecated'],
  ['part-of-system', 'silver', 'catalog.hasSystem', 'equals', true],
  ['system-named', 'silver', 'catalog.system', 'matches', '^system:default/'],
  ['has-techdocs', 'silver', 'catalog.hasTechDocs', 'equals', true],
  ['from-golden-path', 'silver', 'catalog.fromGoldenPath', 'equals', true],
  ['template-known', 'silver', 'catalog.template', 'exists', true],
  ['provides-api', 'silver', 'catalog.providesApis', 'gte', 1],
  ['two-members', 'silver', 'catalog.ownerActiveMembers', 'gte', 2],
  [
    'golden-path-current',
    'gold',
    'catalog.onCurrentTemplateVersion',
    'equals',
    true,
  ],
  ['template-v1', 'gold', 'catalog.templateVersion', 'matches', '^1\\.'],
  [
    'template-current-known',
    'gold',
    'catalog.templateCurrentVersion',
    'exists',
    true,
  ],
  ['ci-workflow', 'gold', 'repo.hasCiWorkflow', 'equals', true],
  ['codeowners', 'gold', 'repo.hasCodeowners', 'equals', true],
];

function definitionYaml() {
  const checks = CHECKS.map(([id, level, fact, operator, value]) =>
    JSON.stringify({
      id,
      title: id,
      level,
      fact,
      operator,
      value,
      howToFix: `Fix ${id}.`,
    }),
  );
  return `id: bench\ntitle: Bench\nappliesTo: { kind: Component, type: service }\nchecks:\n${checks
    .map(c => `  - ${c}`)
    .join('\n')}\n`;
}

// --- the portal -----------------------------------------------------------
const work = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-scorecards-'),
);
const definitionsDir = path.join(work, 'scorecards');
fs.mkdirSync(definitionsDir);
fs.writeFileSync(path.join(definitionsDir, 'bench.yaml'), definitionYaml());
fs.writeFileSync(path.join(work, 'catalog.yaml'), catalogYaml());
const configFile = path.join(work, 'app-config.bench.yaml');
fs.writeFileSync(
  configFile,
  JSON.stringify({
    // The generated file is bigger than the 1 MiB a catalog file may be by default.
    // The bench signs in as the default persona, who must be an admin to run evaluations.
    launchpad: {
      catalog: { maxFileBytes: 256 * 1024 * 1024 },
      permissions: { admins: ['user:default/priya.nair'] },
    },
    catalog: {
      locations: [{ type: 'file', target: path.join(work, 'catalog.yaml') }],
      // A quiet catalog while timing: no reprocessing rounds of 10,000 entities.
      processingInterval: { minutes: 60 },
    },
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
      definitionsDir,
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        initialDelay: { hours: 24 },
      },
      // Only the timed requests evaluate.
      evaluateOnChange: { enabled: false },
    },
  }),
);

const prefix = `bsc${randomBytes(3).toString('hex')}_`;
const pgDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-scorecards-pg-'),
);
const postgres = await ensurePostgres({ dataDir: pgDir, port: pgPort });
const backend = startBackendUnwatched({
  port,
  configs: [configFile],
  env: { ...postgres.env, APP_CONFIG_backend_database_prefix: prefix },
});
const logs = [];
const keep = chunk => {
  logs.push(chunk.toString());
  if (logs.length > 200) logs.shift();
};
backend.child.stdout.on('data', keep);
backend.child.stderr.on('data', keep);

/** A phase cut short by a lost connection is run again once the backend answers (never needed so far). */
let restarts = 0;
async function surviveRestarts(what, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const text = `${error?.message} ${error?.cause?.code ?? ''} ${
        error?.cause?.message ?? ''
      }`;
      if (
        attempt >= 5 ||
        !/fetch failed|ECONNREFUSED|ECONNRESET|socket|other side closed|terminated/i.test(
          text,
        )
      )
        throw error;
      restarts++;
      console.log(
        `  lost the backend during ${what}; waiting and running it again`,
      );
      await new Promise(r => setTimeout(r, 3000));
      await waitForReady(backend.baseUrl, { child: backend.child });
    }
  }
}

async function call(token, method, route, body) {
  const res = await fetch(`${backend.baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, body: json ?? text };
}

async function latency(token, route, n = 200) {
  for (let i = 0; i < 10; i++) await call(token, 'GET', route);
  const samples = [];
  let status;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${backend.baseUrl}${route}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    samples.push(performance.now() - t);
    status = res.status;
  }
  return { ...summarize(samples), status };
}

/** Copies every evaluated score `copies` times under new entity refs, keeping owners; keeps derived tables in step. */
async function insertSyntheticScores(copies) {
  const { POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD } = {
    ...process.env,
    ...postgres.env,
  };
  const client = new pg.Client({
    host: POSTGRES_HOST,
    port: Number(POSTGRES_PORT),
    user: POSTGRES_USER,
    password: POSTGRES_PASSWORD,
    database: `${prefix}scorecards`,
  });
  await client.connect();
  try {
    const columns = async table =>
      (
        await client.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
          [table],
        )
      ).rows.map(r => r.column_name);
    const tables = (
      await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'scorecard%'`,
      )
    ).rows.map(r => r.table_name);
    const notes = [];
    await client.query('BEGIN');
    for (const table of ['scorecard_latest_scores', 'scorecard_scores']) {
      const cols = (await columns(table)).filter(c => c !== 'id');
      const select = cols
        .map(c => (c === 'entity_ref' ? `entity_ref || '-copy-' || k` : c))
        .join(', ');
      await client.query(
        `INSERT INTO ${table} (${cols.join(
          ', ',
        )}) SELECT ${select} FROM ${table}, generate_series(1, $1) AS k`,
        [copies],
      );
    }
    if (tables.includes('scorecard_owner_checks')) {
      // Each owner now owns (copies + 1) times as many entities with the same results.
      await client.query(
        `UPDATE scorecard_owner_checks SET failed = failed * $1, unknown = unknown * $1`,
        [copies + 1],
      );
      notes.push('scorecard_owner_checks scaled');
    }
    const other = tables.filter(
      t =>
        ![
          'scorecard_latest_scores',
          'scorecard_scores',
          'scorecard_owner_checks',
        ].includes(t) && !t.includes('knex'),
    );
    if (other.length) notes.push(`not touched: ${other.join(', ')}`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM scorecard_latest_scores',
    );
    return { latest: rows[0].n, notes };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

try {
  console.log(
    `machine: ${os.cpus().length} cores (${
      os.cpus()[0]?.model ?? 'unknown'
    }), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  report(
    'machine',
    `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  const started = performance.now();
  await waitForReady(backend.baseUrl, { child: backend.child });
  const token = await guestToken(backend.baseUrl);

  // The catalog has every synthetic service, with its owner relation and the teams' members.
  console.log(`waiting for ${ENTITIES} services in the catalog…`);
  for (;;) {
    if (backend.child.exitCode !== null) throw new Error('the backend exited');
    const res = await surviveRestarts('catalog ingestion', () =>
      call(token, 'GET', '/api/catalog/entity-facets?facet=kind'),
    );
    const count = kind =>
      res.body?.facets?.kind?.find(f => f.value === kind)?.count ?? 0;
    if (
      count('Component') >= ENTITIES &&
      count('Group') >= 1 + DEPARTMENTS + teams.length
    ) {
      const { last, team } = await surviveRestarts(
        'catalog ingestion',
        async () => ({
          last: await call(
            token,
            'GET',
            `/api/catalog/entities/by-name/component/default/svc-${String(
              ENTITIES - 1,
            ).padStart(5, '0')}`,
          ),
          team: await call(
            token,
            'GET',
            '/api/catalog/entities/by-name/group/default/team-0-0',
          ),
        }),
      );
      if (
        last.body?.relations?.length &&
        team.body?.relations?.some(r => r.type === 'hasMember')
      )
        break;
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  report(
    'catalog ingestion',
    `${((performance.now() - started) / 1000).toFixed(
      0,
    )} s from start until ${ENTITIES} services are in the catalog`,
  );

  // (a) full evaluation
  const runs = [];
  for (const label of [
    'first run (every score new)',
    'second run (nothing changed)',
  ]) {
    const { res, wall } = await surviveRestarts(`the ${label}`, async () => {
      const t = performance.now();
      const res = await call(token, 'POST', '/api/scorecards/evaluate', {});
      return { res, wall: performance.now() - t };
    });
    if (res.status !== 200)
      throw new Error(`evaluate: ${res.status} ${JSON.stringify(res.body)}`);
    runs.push(res.body);
    report(
      `full evaluation, ${label}`,
      `${(wall / 1000).toFixed(2)} s over HTTP (evaluator ${(
        res.body.durationMs / 1000
      ).toFixed(2)} s): ` +
        `${res.body.entities} entities x ${CHECKS.length} checks, ${res.body.evaluated} scores, ${res.body.changed} new history rows`,
    );
  }
  report(
    'backend RSS after evaluations',
    `${largestRssMb(backend.child.pid).toFixed(0)} MB`,
  );

  // (b) team roll-up at 100,000 scored entities
  const copies = Math.max(
    0,
    Math.ceil(ROLLUP_ENTITIES / runs[0].evaluated) - 1,
  );
  const synthetic = await insertSyntheticScores(copies);
  report(
    'scores for the roll-up',
    `${synthetic.latest} current scores: ${runs[0].evaluated} evaluated + ${
      synthetic.latest - runs[0].evaluated
    } SYNTHETIC rows ` +
      `(copies of the evaluated ones inserted straight into scorecard_latest_scores / scorecard_scores` +
      `${synthetic.notes.length ? `; ${synthetic.notes.join('; ')}` : ''}); ${
        teams.length
      } teams in ${DEPARTMENTS} departments, all in the catalog`,
  );
  const perTeam = Math.round(synthetic.latest / teams.length);
  for (const [group, what] of [
    ['team-3-4', `a team (~${perTeam} entities)`],
    [
      'dept-3',
      `a department of ${TEAMS_PER_DEPARTMENT} teams (~${
        perTeam * TEAMS_PER_DEPARTMENT
      } entities)`,
    ],
    ['northwind', `the organisation (${synthetic.latest} entities)`],
  ]) {
    const route = `/api/scorecards/teams/default/${group}`;
    const { first, s } = await surviveRestarts(
      `the roll-up of ${group}`,
      async () => ({
        first: await call(token, 'GET', route),
        s: await latency(token, route),
      }),
    );
    const entities = first.body?.scorecards?.[0]?.entities;
    const bytes = JSON.stringify(first.body).length;
    report(
      `team roll-up, ${what}`,
      `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${
        s.n
      } sequential GET ${route}, HTTP ${s.status}` +
        `${
          entities !== undefined ? `, response counts ${entities} entities` : ''
        }, ${(bytes / 1024).toFixed(0)} KiB)`,
    );
    // The daily trend is its own request (the team page loads it beside the roll-up).
    const trend = await surviveRestarts(`the trend of ${group}`, () =>
      latency(token, `${route}/trend`, 50),
    );
    report(
      `  its 90-day trend (GET ${route}/trend)`,
      `p50 ${ms(trend.p50)}, p95 ${ms(trend.p95)}, max ${ms(trend.max)} (${
        trend.n
      } requests, HTTP ${trend.status})`,
    );
  }
  report(
    'backend RSS after roll-ups',
    `${largestRssMb(backend.child.pid).toFixed(0)} MB`,
  );
  if (restarts)
    report(
      'connections lost during the run',
      `${restarts} (the phases they cut short were run again)`,
    );
} catch (error) {
  console.error(logs.slice(-40).join(''));
  throw error;
} finally {
  await backend.stop();
  await postgres.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(pgDir, { recursive: true, force: true });
}

fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(repoRoot, 'bench/results/scorecards.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(
        0,
      )} GiB`,
      figures,
    },
    null,
    2,
  ),
);
