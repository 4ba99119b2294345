// @ts-check
/**
 * Shared by `npm start`, the e2e runner and the benchmarks: make sure the
 * frontend is built, provide Postgres, and run the backend that serves both.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectionEnv, startEmbeddedPostgres } from '@internal/embedded-postgres';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Frontend sources: the app and every frontend plugin of ours. */
function frontendSourceDirs() {
  const dirs = [path.join(repoRoot, 'packages/app')];
  const pluginsDir = path.join(repoRoot, 'plugins');
  for (const name of fs.existsSync(pluginsDir) ? fs.readdirSync(pluginsDir) : []) {
    const pkgFile = path.join(pluginsDir, name, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const role = JSON.parse(fs.readFileSync(pkgFile, 'utf-8')).backstage?.role;
    if (['frontend-plugin', 'frontend-plugin-module', 'web-library', 'common-library'].includes(role)) {
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
  if (result.status !== 0) throw new Error('The frontend build failed (see above).');
  return true;
}

/**
 * Postgres for the backend: an external server when POSTGRES_HOST is set,
 * else the embedded one with its data in <dataDir>.
 * @param {{ dataDir?: string, port?: number, log?: (m: string) => void }} [options]
 */
export async function ensurePostgres(options = {}) {
  const log = options.log ?? console.log;
  if (process.env.POSTGRES_HOST) {
    log(`[launchpad] using the external Postgres at ${process.env.POSTGRES_HOST}`);
    return { env: {}, stop: async () => {} };
  }
  const pg = await startEmbeddedPostgres({
    dataDir: options.dataDir ?? path.join(repoRoot, 'data/postgres'),
    port: options.port ?? Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329),
    verbose: Boolean(process.env.EMBEDDED_POSTGRES_VERBOSE),
    log,
  });
  return { env: connectionEnv(pg.connection), stop: pg.stop, dataDir: pg.dataDir };
}

/**
 * Whether any process of a process group is still running (zombies do not count).
 * @param {number} pgid
 */
function groupAlive(pgid) {
  const res = spawnSync('ps', ['-o', 'stat=', '-g', String(pgid)], { encoding: 'utf-8' });
  return res.stdout.split('\n').some(stat => stat.trim() && !stat.trim().startsWith('Z'));
}

/**
 * Starts the backend (which serves the built frontend) as a child process, in
 * its own process group. `port` (for tests and benchmarks) overrides the
 * configured port and base URLs; without it app-config decides.
 * `publicBaseUrl` keeps the URLs the portal hands out (e.g. git clone URLs)
 * at another address than the port it listens on, so generated files are the
 * same as on a portal at http://localhost:7007.
 * @param {{ env?: Record<string,string>, port?: number, publicBaseUrl?: string, configs?: string[], stdio?: 'inherit' | 'pipe' }} [options]
 */
export function startBackend(options = {}) {
  const port = options.port ?? 7007;
  const publicBaseUrl = options.publicBaseUrl ?? `http://localhost:${port}`;
  const portEnv = options.port
    ? {
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: publicBaseUrl,
        APP_CONFIG_app_baseUrl: publicBaseUrl,
      }
    : {};
  const configArgs = ['app-config.yaml', ...(options.configs ?? [])].flatMap(c => [
    '--config',
    path.resolve(repoRoot, c),
  ]);
  const child = spawn(
    'npx',
    ['backstage-cli', 'package', 'start', ...configArgs],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        ...options.env,
        ...portEnv,
      },
      stdio: options.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      detached: true,
    },
  );
  // Stops the whole group (npx, backstage-cli, the backend itself) and waits
  // until every process of it is gone, so Postgres is never stopped under it.
  const stop = async () => {
    const pgid = /** @type {number} */ (child.pid);
    if (!groupAlive(pgid)) return;
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {}
    const deadline = Date.now() + 15_000;
    while (groupAlive(pgid) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 100));
    }
    if (groupAlive(pgid)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
    }
  };
  return { child, stop, baseUrl: `http://localhost:${port}` };
}

/**
 * Starts the demo clusters: three stand-ins for Kubernetes API servers (dev,
 * stage, prod; see packages/kube-standin/src/demo.ts) serving workloads for
 * the demo catalog's components. Resolves once they listen, with the
 * app-config file that points the portal at them.
 * @param {{ configFile: string, catalogDir?: string }} options
 */
export async function startDemoClusters({ configFile, catalogDir = path.join(repoRoot, 'catalog') }) {
  fs.rmSync(configFile, { force: true });
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(repoRoot, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
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
    child.once('exit', code => reject(new Error(`the demo clusters exited with ${code} before they were ready`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { configFile, stop };
}

/**
 * Waits until the backend answers its readiness check.
 * @param {string} baseUrl
 * @param {{ timeoutMs?: number, child?: import('node:child_process').ChildProcess }} [options]
 */
export async function waitForReady(baseUrl, { timeoutMs = 180_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`The backend exited with code ${child.exitCode} before it was ready`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {}
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`The backend at ${baseUrl} was not ready within ${timeoutMs} ms`);
}
