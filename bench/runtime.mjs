// The production runtime in figures. Prints, never asserts.
//   node bench/runtime.mjs [--runs 3] [--inflight 20]
// - boot: spawn -> readiness 200, and RSS of the backend process 10 s after,
//   for the built backend (plain node on packages/backend/dist/index.cjs)
//   and for today's dev start (`backstage-cli package start`'s loader,
//   transpiling at load); both on the same, already migrated databases
// - drain: SIGTERM -> exit of the built backend, idle and with N requests in
//   flight (bodies half sent at SIGTERM, finished once readiness says 503),
//   with the production drain settings (app-config.production.yaml)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { guestToken } from '../e2e/lib/portalApi.mjs';
import { ensureBackendBuilt } from '../scripts/lib/backendBuild.mjs';
import {
  ensureFrontendBuilt,
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import {
  freePort,
  removePostgresData,
  rssMb,
  slowRequest,
  until,
} from '../scripts/lib/testRuntime.mjs';
import { startBackendUnwatched, summarize } from './lib.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const runs = arg('--runs', 3);
const inflight = arg('--inflight', 20);
const scratch = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-runtime-'),
);
const prefix = `bench${randomBytes(3).toString('hex')}_`;
const sleep = ms => new Promise(r => setTimeout(r, ms));

ensureFrontendBuilt();
await ensureBackendBuilt();
const postgres = await ensurePostgres({
  dataDir: path.join(scratch, 'pg'),
  port: Number(process.env.RUNTIME_BENCH_POSTGRES_PORT ?? 54362),
});
const env = {
  ...postgres.env,
  APP_CONFIG_backend_database_prefix: prefix,
  APP_CONFIG_gitHosting_root: path.join(scratch, 'git'),
};

/**
 * Today's dev start: the backend as `backstage-cli package start` runs it
 * (same loader and flags; bench/lib.mjs), minus the CLI's file watch, which
 * restarts it whenever another source of the checkout changes.
 */
function startDev(port) {
  const backend = startBackendUnwatched({ port, configs: [], env });
  backend.child.stdout?.resume();
  backend.child.stderr?.resume();
  return { ...backend, backendPid: () => backend.child.pid };
}

function startBuilt(port, configs = []) {
  const backend = startBackend({ port, env, configs, stdio: 'pipe' });
  backend.child.stdout?.resume();
  backend.child.stderr?.resume();
  return { ...backend, backendPid: () => backend.child.pid };
}

async function boot(mode) {
  const port = await freePort();
  const started = performance.now();
  const backend = mode === 'built' ? startBuilt(port) : startDev(port);
  try {
    await waitForReady(backend.baseUrl, { timeoutMs: 300_000 });
    const bootMs = performance.now() - started;
    await sleep(10_000);
    const pid = backend.backendPid();
    return { bootMs, rss: pid ? rssMb(pid) : NaN };
  } finally {
    await backend.stop();
  }
}

// First boots migrate the databases; not measured.
console.log('[bench] warming up (migrations, first catalog pass)…');
await boot('built');
await boot('dev');

const samples = { built: { boot: [], rss: [] }, dev: { boot: [], rss: [] } };
for (let i = 0; i < runs; i++) {
  for (const mode of ['built', 'dev']) {
    const { bootMs, rss } = await boot(mode);
    samples[mode].boot.push(bootMs);
    samples[mode].rss.push(rss);
    console.log(
      `[bench] ${mode} run ${i + 1}: boot ${(bootMs / 1000).toFixed(
        1,
      )} s, RSS ${rss.toFixed(0)} MB`,
    );
  }
}

/** SIGTERM -> exit of the built backend with `n` requests in flight. */
async function drain(n) {
  const production = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.production.yaml'), 'utf-8'),
  );
  const config = path.join(scratch, 'drain.yaml');
  fs.writeFileSync(
    config,
    YAML.stringify({
      backend: { lifecycle: production.backend.lifecycle },
      scaffolder: {
        EXPERIMENTAL_gracefulShutdown:
          production.scaffolder.EXPERIMENTAL_gracefulShutdown,
      },
    }),
  );
  const port = await freePort();
  const backend = startBuilt(port, [config]);
  const exited = new Promise(resolve =>
    backend.child.once('exit', code => resolve(code)),
  );
  try {
    await waitForReady(backend.baseUrl, { timeoutMs: 300_000 });
    const token = await guestToken(backend.baseUrl);
    const requests = Array.from({ length: n }, () =>
      slowRequest(
        backend.baseUrl,
        '/api/catalog/entities/by-refs',
        { entityRefs: ['component:default/checkout-service'] },
        token,
      ),
    );
    for (const request of requests) await request.start();
    const sigterm = performance.now();
    process.kill(/** @type {number} */ (backend.child.pid), 'SIGTERM');
    await until(
      'readiness 503',
      async () =>
        (
          await fetch(`${backend.baseUrl}/.backstage/health/v1/readiness`)
        ).status === 503,
      30_000,
    );
    const notReadyMs = performance.now() - sigterm;
    const answers = await Promise.all(
      requests.map(r => r.finish().catch(() => ({ status: 0 }))),
    );
    const answeredMs = performance.now() - sigterm;
    const code = await exited;
    const exitMs = performance.now() - sigterm;
    const statuses = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    return { notReadyMs, answeredMs, exitMs, code, statuses };
  } finally {
    await backend.stop();
  }
}

const drains = [];
for (const n of [0, inflight]) {
  const result = await drain(n);
  drains.push({ n, ...result });
  console.log(`[bench] drain with ${n} in flight: ${JSON.stringify(result)}`);
}

await postgres.stop();
await removePostgresData(path.join(scratch, 'pg'));
fs.rmSync(scratch, { recursive: true, force: true });

const s = v => `${(v / 1000).toFixed(1)} s`;
const built = {
  boot: summarize(samples.built.boot),
  rss: summarize(samples.built.rss),
};
const dev = {
  boot: summarize(samples.dev.boot),
  rss: summarize(samples.dev.rss),
};
console.log(`\n=== runtime (${runs} runs each, ${os.cpus().length} CPUs)`);
console.log(
  `boot, spawn -> ready   built: p50 ${s(built.boot.p50)} (max ${s(
    built.boot.max,
  )})   dev start: p50 ${s(dev.boot.p50)} (max ${s(
    dev.boot.max,
  )})   goal built <= 5 s`,
);
console.log(
  `RSS 10 s after ready   built: p50 ${built.rss.p50.toFixed(
    0,
  )} MB   dev start: p50 ${dev.rss.p50.toFixed(0)} MB   built/dev ${(
    (100 * built.rss.p50) /
    dev.rss.p50
  ).toFixed(0)} %   goal <= 60 %`,
);
for (const d of drains) {
  console.log(
    `drain, ${String(d.n).padStart(2)} in flight  SIGTERM -> readiness 503 ${s(
      d.notReadyMs,
    )}, -> all answered ${s(d.answeredMs)} (${JSON.stringify(
      d.statuses,
    )}), -> exit ${s(d.exitMs)} (code ${d.code})`,
  );
}
