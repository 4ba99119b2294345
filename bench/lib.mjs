// Small helpers shared by the benchmark scripts.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/portal.mjs';

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

/** Resident memory (MB) of the largest process in a process group. */
export function largestRssMb(pgid) {
  const out = execFileSync('ps', ['-o', 'rss=,args=', '-g', String(pgid)], {
    encoding: 'utf-8',
  });
  const rss = out
    .trim()
    .split('\n')
    .map(line => Number(line.trim().split(/\s+/)[0]))
    .filter(n => !Number.isNaN(n));
  return Math.max(...rss) / 1024;
}

export const ms = n => `${n.toFixed(1)} ms`;

/**
 * The backend as `backstage-cli package start` runs it (same loader, same
 * config arguments), minus the file watch that restarts it whenever a source
 * file of the checkout changes: a restart in the middle of a timed run, or
 * of ingesting 10,000 entities, would measure nothing.
 */
export function startBackendUnwatched({ port, configs, env }) {
  const require = createRequire(
    path.join(repoRoot, 'packages/backend/package.json'),
  );
  const loader = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  const baseUrl = `http://localhost:${port}`;
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      loader,
      'src/index',
      ...['app-config.yaml', ...configs].flatMap(c => [
        '--config',
        path.resolve(repoRoot, c),
      ]),
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        ...env,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_app_baseUrl: baseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const alive = () =>
    spawnSync('ps', ['-o', 'stat=', '-g', String(child.pid)], {
      encoding: 'utf-8',
    })
      .stdout.split('\n')
      .some(l => l.trim() && !l.trim().startsWith('Z'));
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const deadline = Date.now() + 15_000;
    while (alive() && Date.now() < deadline)
      await new Promise(r => setTimeout(r, 100));
    if (alive()) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  };
  return { child, stop, baseUrl };
}

/** The demo company's teams, owners of the generated components. */
export const BENCH_TEAMS = [
  'checkout',
  'payments',
  'fulfilment',
  'team-catalog',
  'web-experience',
  'mobile',
  'data',
  'platform',
];

/**
 * Writes `count` generated components (svc-00000…, owned by the demo teams in
 * turn) to <dir>/components.yaml and returns the catalog config that reads
 * them with the demo company's org and golden paths, processed once an hour
 * (a bench measures queries, not reprocessing). `type(i)`: each component's
 * spec.type.
 * @param {string} dir
 * @param {number} count
 * @param {{ type?: (i: number) => string }} [options]
 */
export function syntheticCatalog(dir, count, { type = () => 'service' } = {}) {
  const docs = [];
  for (let i = 0; i < count; i++) {
    docs.push(
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `svc-${String(i).padStart(5, '0')}`,
          description: `Synthetic service ${i}`,
        },
        spec: {
          type: type(i),
          lifecycle: 'production',
          owner: `group:default/${BENCH_TEAMS[i % BENCH_TEAMS.length]}`,
        },
      }),
    );
  }
  const file = path.join(dir, 'components.yaml');
  fs.writeFileSync(file, docs.join('\n---\n'));
  return {
    // The generated file is bigger than the 1 MiB a catalog file may be by default.
    launchpad: { catalog: { maxFileBytes: 64 * 1024 * 1024 } },
    catalog: {
      locations: [
        { type: 'file', target: path.join(repoRoot, 'catalog/org.yaml') },
        { type: 'file', target: path.join(repoRoot, 'templates/all.yaml') },
        { type: 'file', target: file },
      ],
      processingInterval: { minutes: 60 },
    },
  };
}

/** Pids of every descendant of `root` (from /proc), not `root` itself. */
export function descendantPids(root) {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  const out = [];
  const stack = [Number(root)];
  while (stack.length) {
    for (const c of kids.get(stack.pop()) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** CPU seconds (user + system, from /proc/<pid>/stat) used so far by these processes. */
let ticksPerSecond;
export function cpuSeconds(pids) {
  ticksPerSecond ??=
    Number(
      execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf-8' }).trim(),
    ) || 100;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = st.slice(st.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): utime is field 14, stime field 15
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / ticksPerSecond;
}

/**
 * CPU seconds used so far by the process trees under `roots`: for every live
 * process its own time plus that of its children it has reaped (cutime,
 * cstime), so a process that exits (a Postgres connection, a git call)
 * keeps counting, in its parent.
 * @param {number[]} roots
 */
export function treeCpuSeconds(roots) {
  ticksPerSecond ??=
    Number(
      execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf-8' }).trim(),
    ) || 100;
  let ticks = 0;
  for (const pid of new Set(roots.flatMap(r => [r, ...descendantPids(r)]))) {
    try {
      const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* gone */
    }
  }
  return ticks / ticksPerSecond;
}

/**
 * Share of one core (%) that the process trees under `roots` use over
 * `seconds` (see treeCpuSeconds).
 * @param {() => number[]} rootsOf
 * @param {number} seconds
 */
export async function idleCpuPercent(rootsOf, seconds) {
  const before = treeCpuSeconds(rootsOf());
  const t0 = process.hrtime.bigint();
  await new Promise(r => setTimeout(r, seconds * 1000));
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  return (100 * (treeCpuSeconds(rootsOf()) - before)) / elapsed;
}

/** Pids under `root` named `name` whose parent is not (the roots of those trees, e.g. the postmaster). */
export function processRootsNamed(root, name) {
  const comm = pid => {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const ppid = pid => {
    try {
      const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  };
  return descendantPids(root).filter(
    p => comm(p) === name && comm(ppid(p)) !== name,
  );
}

/** The 1-minute load average (/proc/loadavg). */
export function loadAverage() {
  return fs
    .readFileSync('/proc/loadavg', 'utf8')
    .split(' ')
    .slice(0, 3)
    .join(' ');
}
