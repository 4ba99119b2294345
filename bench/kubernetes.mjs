// Figures for the Kubernetes tab. Prints, never asserts.
//   node bench/kubernetes.mjs [--requests N]
// Three STAND-IN clusters (dev, stage, prod; packages/kube-standin, no real
// Kubernetes runs here) with 500 pods each, and the real portal on the
// embedded Postgres with the demo catalog. Measures:
// - the tab's backend request (GET /api/kubernetes-environments/entities/...)
//   for one service (10 pods per cluster) across the 3 clusters: p50/p95/max
// - the same through Backstage's own endpoint it builds on, for comparison
// - the time to answer when one cluster does not respond (hangs), and when
//   it drops connections
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { guestToken, waitForCatalog } from '../e2e/lib/portalApi.mjs';
import { ms, summarize } from './lib.mjs';

const requests =
  Number(process.argv[process.argv.indexOf('--requests') + 1]) || 100;
const SERVICE = 'checkout-service';
const ENVS = ['dev', 'stage', 'prod'];
const PODS_PER_SERVICE = 10;
const PODS_PER_CLUSTER = 500;

const figures = [];
const report = (name, value) => {
  figures.push([name, value]);
  console.log(`${name}: ${value}`);
};

// --- stand-in clusters, in a child process (they are TypeScript) -----------
const clustersProcess = fork(
  path.join(repoRoot, 'packages/kube-standin/src/serve.ts'),
  [],
  {
    execArgv: [
      '--require',
      path.join(
        repoRoot,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
let nextId = 1;
function control(message) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = m => {
      if (m?.id !== id) return;
      clustersProcess.off('message', onMessage);
      if (m.type === 'error') reject(new Error(m.message));
      else resolve(m);
    };
    clustersProcess.on('message', onMessage);
    clustersProcess.send({ ...message, id });
  });
}

const demoIds = fs
  .readdirSync(path.join(repoRoot, 'catalog/components'))
  .flatMap(f => [
    ...fs
      .readFileSync(path.join(repoRoot, 'catalog/components', f), 'utf-8')
      .matchAll(/backstage\.io\/kubernetes-id: (\S+)/g),
  ])
  .map(m => m[1]);
const services = [...new Set(demoIds)];
for (let i = 0; services.length * PODS_PER_SERVICE < PODS_PER_CLUSTER; i++)
  services.push(`filler-${String(i).padStart(2, '0')}`);
const { clusters } = await control({
  type: 'start',
  clusters: ENVS.map(env => ({
    name: `bench-${env}`,
    options: {
      env,
      services,
      podsPerService: PODS_PER_SERVICE,
      seed: 'bench',
      manualSync: env === 'prod',
    },
  })),
});
report(
  'clusters',
  `${ENVS.length} stand-ins × ${services.length * PODS_PER_SERVICE} pods (${
    services.length
  } services × ${PODS_PER_SERVICE})`,
);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-bench-k8s-'));
const configFile = path.join(workDir, 'clusters.yaml');
fs.writeFileSync(
  configFile,
  JSON.stringify({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map((c, i) => ({
            name: c.name,
            environment: ENVS[i],
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
          })),
        },
      ],
    },
  }),
);

// --- the real portal --------------------------------------------------------
const pgDir = path.join(workDir, 'pg');
const pg = await ensurePostgres({
  dataDir: pgDir,
  port: Number(process.env.BENCH_POSTGRES_PORT ?? 54361),
});
const backend = startBackend({
  port: Number(process.env.BENCH_PORT ?? 7057),
  configs: [configFile],
  env: {
    ...pg.env,
    APP_CONFIG_backend_database_prefix: `benchk8s${randomBytes(3).toString(
      'hex',
    )}_`,
  },
  stdio: 'pipe',
});

async function time(url, token, init = {}) {
  const started = performance.now();
  const res = await fetch(url, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, body: JSON.parse(body) };
}

try {
  await waitForReady(backend.baseUrl, { child: backend.child });
  const token = await guestToken(backend.baseUrl);
  await waitForCatalog(backend.baseUrl, token);
  const tab = `${backend.baseUrl}/api/kubernetes-environments/entities/component/default/${SERVICE}`;
  const upstream = [
    `${backend.baseUrl}/api/kubernetes/resources/workloads/query`,
    token,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        entityRef: `component:default/${SERVICE}`,
        auth: {},
      }),
    },
  ];

  const first = await time(tab, token);
  const pods = first.body.environments.flatMap(e =>
    e.clusters.flatMap(c => c.pods),
  ).length;
  report(
    'service',
    `${SERVICE}: ${pods} pods across ${
      first.body.environments.length
    } environments, statuses ${first.body.comparison
      .map(r => `${r.environment}=${r.status}`)
      .join(' ')}`,
  );
  for (let i = 0; i < 5; i++) await time(tab, token); // warm-up

  const samples = [];
  for (let i = 0; i < requests; i++) samples.push((await time(tab, token)).ms);
  const s = summarize(samples);
  report(
    'Kubernetes tab request (3 clusters × 500 pods)',
    `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${
      s.n
    }, sequential; goal p95 ≤ 1000 ms)`,
  );

  const upstreamSamples = [];
  for (let i = 0; i < requests; i++)
    upstreamSamples.push((await time(...upstream)).ms);
  const u = summarize(upstreamSamples);
  report(
    "Backstage's workloads query it builds on",
    `p50 ${ms(u.p50)}, p95 ${ms(u.p95)}, max ${ms(u.max)} (n=${u.n})`,
  );

  // One cluster hangs: every answer costs the per-cluster timeout (5 s default).
  await control({ type: 'setLatency', name: 'bench-prod', ms: 120_000 });
  const hung = [];
  let hungBody;
  for (let i = 0; i < 5; i++) {
    const r = await time(tab, token);
    hung.push(r.ms);
    hungBody = r.body;
  }
  const h = summarize(hung);
  report(
    'answer with prod not responding',
    `p50 ${ms(h.p50)}, max ${ms(h.max)} (n=${
      h.n
    }); prod says: "${hungBody.environments[2].clusters[0].errors.join(
      '; ',
    )}"; dev and stage: ${hungBody.comparison
      .slice(0, 2)
      .map(r => r.status)
      .join(', ')}`,
  );
  await control({ type: 'setLatency', name: 'bench-prod', ms: 0 });

  // One cluster drops every connection.
  await control({ type: 'setDown', name: 'bench-prod', down: true });
  const down = [];
  let downBody;
  for (let i = 0; i < 20; i++) {
    const r = await time(tab, token);
    down.push(r.ms);
    downBody = r.body;
  }
  const d = summarize(down);
  report(
    'answer with prod dropping connections',
    `p50 ${ms(d.p50)}, p95 ${ms(d.p95)} (n=${d.n}); prod says: "${
      downBody.environments[2].clusters[0].errors[0]
    }"`,
  );
  await control({ type: 'setDown', name: 'bench-prod', down: false });
} finally {
  await backend.stop();
  await pg.stop();
  await control({ type: 'stop' }).catch(() => {});
  fs.rmSync(workDir, { recursive: true, force: true });
}

fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(repoRoot, 'bench/results/kubernetes.json'),
  JSON.stringify(
    { at: new Date().toISOString(), cores: os.cpus().length, figures },
    null,
    2,
  ),
);
console.log(
  `\ncores: ${os.cpus().length}; written to bench/results/kubernetes.json`,
);
