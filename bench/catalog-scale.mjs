// The catalog at scale, measured as a new operator would (issue 12). Prints, never asserts.
//   node bench/catalog-scale.mjs [--n 10000] [--seed 42] [--idle 60] [--keep] [--config FILE] [--label TEXT] [--before-issue-12]
// Generates N entities with ../shared/bench/catalog-gen.py (same generator and seed as the
// reference figures), starts the portal's built backend (app-config.yaml as shipped, only the
// catalog locations replaced by the generated one) on a fresh embedded Postgres, runs
// ../shared/bench/catalog-bench.mjs (ingest, then 100 sequential requests per query shape, then
// RSS), then measures idle CPU: the share of one core the backend and Postgres use over
// --idle seconds (from /proc), and prints the issue's table row.
// --config FILE: one more app-config on top. --before-issue-12: the catalog's idle settings
// before issue 12 (processingInterval 1 minute, no file check, the scorecards watcher streaming
// every etag each poll), to run side by side with a second instance on other ports:
//   BENCH_PORT=7233 BENCH_POSTGRES_PORT=55233 node bench/catalog-scale.mjs --before-issue-12
// Ports: BENCH_PORT (7203), BENCH_POSTGRES_PORT (55213). The shared bench folder:
// BENCH_SHARED_DIR (default /work/shared/bench).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken } from '../e2e/lib/portalApi.mjs';
import {
  ensurePostgres,
  repoRoot,
  startBackend,
  stopAll,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { idleCpuPercent, loadAverage, processRootsNamed } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const N = Number(opt('n', 10_000));
const SEED = Number(opt('seed', 42));
const IDLE_S = Number(opt('idle', 60));
const keep = args.includes('--keep');
const extraConfig = opt('config', undefined);
const beforeIssue12 = args.includes('--before-issue-12');
const label = opt(
  'label',
  beforeIssue12 ? 'before issue 12 (settings)' : 'this portal',
);
const port = Number(process.env.BENCH_PORT ?? 7203);
const pgPort = Number(process.env.BENCH_POSTGRES_PORT ?? 55213);
const sharedDir = process.env.BENCH_SHARED_DIR ?? '/work/shared/bench';
const started = Date.now();
const log = m =>
  console.log(
    `[catalog-scale ${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`,
  );

const work = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-catalog-scale-'),
);
const catalogDir = path.join(work, 'catalog');
const loadBefore = loadAverage();
log(`load average before: ${loadBefore}; work dir ${work}`);
const gen = spawnSync(
  'python3',
  [
    path.join(sharedDir, 'catalog-gen.py'),
    '--n',
    String(N),
    '--out',
    catalogDir,
    '--seed',
    String(SEED),
  ],
  { encoding: 'utf-8' },
);
if (gen.status !== 0) throw new Error(`catalog-gen.py failed: ${gen.stderr}`);
const manifest = JSON.parse(
  fs.readFileSync(path.join(catalogDir, 'manifest.json'), 'utf-8'),
);
log(
  `generated ${N} entities (seed ${SEED}): ${JSON.stringify(manifest.counts)}`,
);

const configFile = path.join(work, 'app-config.bench.yaml');
const locationFile = path.join(catalogDir, 'location.yaml');
fs.writeFileSync(
  configFile,
  JSON.stringify({
    launchpad: {
      // The generated files hold ~500 entities each, more than the 1 MiB a catalog file may be by default.
      catalog: { maxFileBytes: 256 * 1024 * 1024, fileRoots: [catalogDir] },
    },
    // Only the generated catalog (an array in a later config replaces the earlier one).
    catalog: { locations: [{ type: 'file', target: locationFile }] },
  }),
);

const beforeFile = path.join(work, 'app-config.before-issue-12.yaml');
fs.writeFileSync(
  beforeFile,
  JSON.stringify({
    catalog: { processingInterval: { minutes: 1 } },
    launchpad: { catalog: { fileChangeCheck: { enabled: false } } },
    scorecards: { evaluateOnChange: { readCatalogDatabase: false } },
  }),
);
const extraConfigs = [
  ...(beforeIssue12 ? [beforeFile] : []),
  ...(extraConfig ? [path.resolve(extraConfig)] : []),
];

const pg = await ensurePostgres({
  dataDir: path.join(work, 'postgres'),
  port: pgPort,
  log: () => {},
});
const backendLog = fs.openSync(path.join(work, 'backend.log'), 'a');
const backend = startBackend({
  port,
  configs: [configFile, ...extraConfigs],
  env: pg.env,
  stdio: 'pipe',
});
backend.child.stdout?.on('data', c => fs.writeSync(backendLog, c));
backend.child.stderr?.on('data', c => fs.writeSync(backendLog, c));
const backendPid = /** @type {number} */ (backend.child.pid);

let exitCode = 0;
try {
  await waitForReady(backend.baseUrl, {
    child: backend.child,
    timeoutMs: 300_000,
  });
  const token = await guestToken(backend.baseUrl);
  const out = path.join(work, 'catalog-bench.json');
  log(`backend ready; running catalog-bench.mjs (expected ${N + 2} entities)`);
  const bench = spawn(
    process.execPath,
    [
      path.join(sharedDir, 'catalog-bench.mjs'),
      'all',
      '--base-url',
      backend.baseUrl,
      '--expected',
      String(N + 2),
      '--pid',
      String(backendPid),
      '--token',
      token,
      '--cap-min',
      String(Math.max(25, (N / 1000) * 2)),
      '--label',
      `launchpad ${N}`,
      '--out',
      out,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const benchCode = await new Promise(r => bench.once('exit', r));
  if (benchCode !== 0)
    throw new Error(`catalog-bench.mjs exited with ${benchCode}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf-8'));

  log(`measuring idle CPU over ${IDLE_S} s (load average ${loadAverage()})`);
  const [backendCpu, postgresCpu] = await Promise.all([
    idleCpuPercent(() => [backendPid], IDLE_S),
    // The postmaster (a child of this process) and its backends
    idleCpuPercent(() => processRootsNamed(process.pid, 'postgres'), IDLE_S),
  ]);
  const loadAfter = loadAverage();

  // Correctness at scale: every generated entity present, with its relations.
  const facets = await (
    await fetch(`${backend.baseUrl}/api/catalog/entity-facets?facet=kind`, {
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json();
  const byKind = Object.fromEntries(
    (facets.facets?.kind ?? []).map(f => [f.value, f.count]),
  );

  const lat = Object.fromEntries(result.latency.endpoints.map(e => [e.id, e]));
  const cell = id =>
    lat[id] ? `${Math.round(lat[id].p50)} / ${Math.round(lat[id].p95)}` : 'n/a';
  const rss = result.rss?.largest;
  const row = [
    `${label}, ${N / 1000}k, ${new Date().toISOString().slice(0, 16)}Z`,
    cell('list-components'),
    cell('list-components-ordered'),
    cell('by-name'),
    cell('facet-owner'),
    cell('fulltext-ui-fields'),
    rss ? `${Math.round(rss.rssMB)} / ${Math.round(rss.peakRssMB)} MB` : 'n/a',
    result.ingest.done
      ? `${result.ingest.ingestSeconds} s`
      : `NOT DONE ${result.ingest.lastTotal}/${N + 2}`,
    `${backendCpu.toFixed(1)} % (+ Postgres ${postgresCpu.toFixed(1)} %)`,
  ];
  console.log('');
  console.log(
    `| ${
      N / 1000
    }k entities, p50 / p95 ms | list | ordered list | by-name | owner facet | UI text search | RSS after / peak | ingest | idle CPU (1 core, ${IDLE_S} s) |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(`| ${row.join(' | ')} |`);
  console.log('');
  console.log(
    `entities by kind: ${JSON.stringify(byKind)} (generated: ${JSON.stringify(
      manifest.counts,
    )})`,
  );
  const kept = path.join(os.tmpdir(), `catalog-scale-${N}-${Date.now()}.json`);
  fs.copyFileSync(out, kept);
  console.log(
    `load average (1/5/15 min): before ${loadBefore}; after ${loadAfter}`,
  );
  console.log(
    `duration: ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s; catalog-bench result: ${kept}`,
  );
} catch (error) {
  console.error(`[catalog-scale] ${error.stack ?? error}`);
  console.error(`backend log: ${path.join(work, 'backend.log')}`);
  exitCode = 1;
} finally {
  await stopAll();
  if (!keep && exitCode === 0)
    fs.rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
