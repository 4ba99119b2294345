// Figures for the portal foundation. Prints, never asserts.
//   node bench/foundation.mjs [--skip-install]
// - fresh install: `npm install` in a fresh clone with an empty npm cache
// - start to ready: backend spawn -> readiness 200 -> demo catalog loaded
// - backend RSS after start and after the query load
// - catalog by-query p50/p95 over HTTP
// - initial JS of the built app, gzip
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ensureFrontendBuilt,
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { guestToken, waitForCatalog } from '../e2e/lib/portalApi.mjs';
import { largestRssMb, ms, summarize } from './lib.mjs';

const figures = [];
const report = (name, value) => {
  figures.push([name, value]);
  console.log(`${name}: ${value}`);
};

function freshInstall() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-install-'));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-npm-cache-'));
  try {
    execFileSync('git', ['clone', '--quiet', repoRoot, dir]);
    const started = performance.now();
    const res = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--cache', cache],
      {
        cwd: dir,
        stdio: 'ignore',
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (res.status !== 0) return `failed (exit ${res.status})`;
    const size = execFileSync('du', ['-sm', path.join(dir, 'node_modules')], {
      encoding: 'utf-8',
    }).split('\t')[0];
    return `${seconds.toFixed(
      0,
    )} s (empty npm cache, committed lockfile; node_modules ${size} MB)`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

function initialJsGzip() {
  const dist = path.join(repoRoot, 'packages/app/dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf-8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+\.js)"/g)].map(
    m => m[1],
  );
  let raw = 0;
  let gz = 0;
  for (const src of scripts) {
    const file = fs.readFileSync(path.join(dist, src.replace(/^\//, '')));
    raw += file.length;
    gz += gzipSync(file, { level: 9 }).length;
  }
  const all = fs
    .readdirSync(path.join(dist, 'static'))
    .filter(f => f.endsWith('.js'));
  return `${(gz / 1024).toFixed(0)} KiB gzip (${(raw / 1024).toFixed(
    0,
  )} KiB raw, ${scripts.length} scripts loaded up front; ${
    all.length
  } chunks in all, the rest lazy)`;
}

if (!process.argv.includes('--skip-install')) {
  console.log('measuring a fresh install (a few minutes)…');
  report('fresh install', freshInstall());
}

ensureFrontendBuilt();
report('initial JS', initialJsGzip());

const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-bench-pg-'));
const pg = await ensurePostgres({ dataDir: pgDir, port: 54332 });
const port = 7027;
const started = performance.now();
const backend = startBackend({
  port,
  env: {
    ...pg.env,
    APP_CONFIG_backend_database_prefix: `bench${randomBytes(3).toString(
      'hex',
    )}_`,
  },
  stdio: 'pipe',
});
backend.child.stdout.resume();
backend.child.stderr.resume();
try {
  await waitForReady(backend.baseUrl, { child: backend.child });
  const ready = performance.now() - started;
  const token = await guestToken(backend.baseUrl);
  await waitForCatalog(backend.baseUrl, token);
  const loaded = performance.now() - started;
  report(
    'start to ready',
    `${(ready / 1000).toFixed(1)} s (readiness 200), ${(loaded / 1000).toFixed(
      1,
    )} s until the demo catalog is loaded`,
  );
  report(
    'backend RSS after start',
    `${largestRssMb(backend.child.pid).toFixed(0)} MB`,
  );

  const queries = [
    '/api/catalog/entities/by-query?filter=kind=component&limit=20',
    '/api/catalog/entities/by-query?filter=kind=component,spec.type=service&orderField=metadata.name,asc&limit=20',
    '/api/catalog/entities/by-query?filter=kind=user&limit=50',
    '/api/catalog/entities/by-query?fullTextFilterTerm=payment&limit=20',
  ];
  const headers = { Authorization: `Bearer ${token}` };
  for (let i = 0; i < 20; i++)
    await fetch(`${backend.baseUrl}${queries[i % queries.length]}`, {
      headers,
    }).then(r => r.arrayBuffer());
  const samples = [];
  for (let i = 0; i < 400; i++) {
    const t = performance.now();
    const res = await fetch(
      `${backend.baseUrl}${queries[i % queries.length]}`,
      { headers },
    );
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`query failed: ${res.status}`);
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  report(
    'catalog by-query over HTTP',
    `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${
      s.n
    } sequential requests, 4 query shapes, demo catalog)`,
  );
  report(
    'backend RSS after queries',
    `${largestRssMb(backend.child.pid).toFixed(0)} MB`,
  );
} finally {
  await backend.stop();
  await pg.stop();
  fs.rmSync(pgDir, { recursive: true, force: true });
}

fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(repoRoot, 'bench/results/foundation.json'),
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
