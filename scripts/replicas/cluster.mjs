// @ts-check
/**
 * Several built backends (plain node, separate processes and ports) on ONE
 * Postgres and ONE git host root, as two pods of the Helm chart run: for the
 * replica tests (scripts/replicas/*.test.mjs) and bench/replicas.mjs.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { apiCall, guestToken } from '../../e2e/lib/portalApi.mjs';
import {
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from '../lib/portal.mjs';
import { freePort, removePostgresData, until } from '../lib/testRuntime.mjs';

/**
 * @typedef {{ name: string, baseUrl: string, port: number, child: import('node:child_process').ChildProcess,
 *   logs: Array<Record<string, any>>, dead: boolean, stop: () => Promise<void>, kill: () => void }} Replica
 */

/**
 * Starts Postgres (the server named by POSTGRES_HOST, else an embedded one on
 * `pgPort`) and `count` backends sharing it (one database prefix) and one
 * git host root. Each replica's JSON log lines are kept in `logs`.
 * @param {{ count?: number, env?: Record<string, string>, configs?: string[], pgPort?: number, log?: (m: string) => void }} [options]
 */
export async function startCluster(options = {}) {
  const count = options.count ?? 2;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-replicas-'));
  const gitRoot = path.join(scratch, 'git');
  fs.mkdirSync(gitRoot);
  const postgres = await ensurePostgres({
    dataDir: path.join(scratch, 'pg'),
    port: options.pgPort ?? Number(process.env.REPLICAS_POSTGRES_PORT ?? 54356),
    log: options.log ?? (() => {}),
  });
  const prefix = `rep${randomBytes(3).toString('hex')}_`;
  const pgEnv = {
    POSTGRES_HOST: process.env.POSTGRES_HOST ?? '',
    POSTGRES_PORT: process.env.POSTGRES_PORT ?? '',
    POSTGRES_USER: process.env.POSTGRES_USER ?? '',
    POSTGRES_PASSWORD: process.env.POSTGRES_PASSWORD ?? '',
    ...postgres.env,
  };
  /** @type {Replica[]} */
  const replicas = [];
  // The one public URL of the portal, in front of every replica, as a
  // Kubernetes Service: URLs a replica hands out (clone and catalog-info
  // URLs of golden paths) must work when that replica is gone.
  const balancer = await startBalancer(replicas);
  const start = async (/** @type {string} */ name) => {
    const port = await freePort();
    const backend = startBackend({
      port,
      publicBaseUrl: balancer.url,
      stdio: 'pipe',
      configs: options.configs,
      env: {
        ...pgEnv,
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_gitHosting_root: gitRoot,
        ...options.env,
      },
    });
    /** @type {Replica} */
    const replica = {
      name,
      port,
      baseUrl: backend.baseUrl,
      child: backend.child,
      logs: [],
      dead: false,
      stop: () => backend.stop({ timeoutMs: 30_000 }),
      kill: () => {
        replica.dead = true;
        process.kill(-(/** @type {number} */ (backend.child.pid)), 'SIGKILL');
      },
    };
    // Each replica's raw log kept as a file too when asked (CI artifacts, debugging)
    const logFile = process.env.REPLICAS_LOG_DIR
      ? fs.createWriteStream(
          path.join(process.env.REPLICAS_LOG_DIR, `replica-${name}.log`),
          { flags: 'a' },
        )
      : undefined;
    for (const stream of [backend.child.stdout, backend.child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf-8');
      stream?.on('data', chunk => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          logFile?.write(`${line}\n`);
          /** @type {Record<string, any>} */
          let entry;
          try {
            entry = JSON.parse(line);
          } catch {
            entry = { message: line };
          }
          // The JSON log lines carry no time: the time they arrived here
          entry._at = Date.now();
          replica.logs.push(entry);
        }
      });
    }
    replicas.push(replica);
    return replica;
  };
  // One after the other: the first creates the databases and runs the
  // migrations, the second finds them done (as a rolling deployment does).
  try {
    for (let i = 0; i < count; i++) {
      const replica = await start(String.fromCharCode(65 + i));
      await waitForReady(replica.baseUrl, {
        child: replica.child,
        timeoutMs: 240_000,
      });
    }
  } catch (error) {
    for (const r of replicas) await r.stop().catch(() => {});
    await balancer.close();
    await postgres.stop();
    throw error;
  }

  const pools = new Map();
  /** A pool on one plugin's database (e.g. 'scaffolder'). */
  const db = (/** @type {string} */ plugin) => {
    if (!pools.has(plugin)) {
      pools.set(
        plugin,
        new pg.Pool({
          host: pgEnv.POSTGRES_HOST,
          port: Number(pgEnv.POSTGRES_PORT),
          user: pgEnv.POSTGRES_USER,
          password: pgEnv.POSTGRES_PASSWORD,
          database: `${prefix}${plugin}`,
          max: 2,
        }),
      );
    }
    return /** @type {pg.Pool} */ (pools.get(plugin));
  };

  return {
    replicas,
    /** The portal's public URL: round robin over the live replicas. */
    publicUrl: balancer.url,
    gitRoot,
    prefix,
    db,
    async stop() {
      for (const pool of pools.values()) await pool.end().catch(() => {});
      for (const r of replicas) await r.stop().catch(() => {});
      await balancer.close();
      // Drop this run's databases when the server outlives us (under test-all)
      if (process.env.POSTGRES_HOST) {
        const admin = new pg.Client({
          host: pgEnv.POSTGRES_HOST,
          port: Number(pgEnv.POSTGRES_PORT),
          user: pgEnv.POSTGRES_USER,
          password: pgEnv.POSTGRES_PASSWORD,
          database: 'postgres',
        });
        await admin.connect();
        const { rows } = await admin.query(
          'SELECT datname FROM pg_database WHERE datname LIKE $1',
          [`${prefix}%`],
        );
        for (const { datname } of rows)
          await admin
            .query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
            .catch(() => {});
        await admin.end();
      }
      await postgres.stop();
      await removePostgresData(path.join(scratch, 'pg'));
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** An API client for one replica with a local-mode persona's token. */
export async function apiFor(
  /** @type {string} */ baseUrl,
  /** @type {string} */ token,
) {
  /** @param {string} method @param {string} route @param {unknown} [body] */
  return (method, route, body) => apiCall(baseUrl, token, method, route, body);
}

/** A platform engineer's token (may create for any team), once the catalog knows the personas. */
export async function adminToken(/** @type {string} */ baseUrl) {
  await until(
    'the catalog to know the platform engineer',
    async () => {
      const token = await guestToken(baseUrl, 'platform-engineer');
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/template/default/node-service`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      return res.ok && token;
    },
    180_000,
  );
  return guestToken(baseUrl, 'platform-engineer');
}

export const goldenPathValues = JSON.parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates/node-service/examples/loyalty-service.json'),
    'utf-8',
  ),
);

/**
 * Submits the node-service golden path for `name` on one replica; resolves with the task id.
 * @param {(method: string, route: string, body?: unknown) => Promise<{ status: number, body: any }>} api
 * @param {string} name
 */
export async function submitGoldenPath(api, name) {
  const created = await api('POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/node-service',
    values: { ...goldenPathValues, name },
  });
  if (created.status !== 201)
    throw new Error(
      `task for ${name} not created: ${created.status} ${JSON.stringify(
        created.body,
      )}`,
    );
  return /** @type {string} */ (created.body.id);
}

/** The org (team) folder golden-path repositories land in. */
export const goldenPathOrg = String(goldenPathValues.owner).split('/').pop();

/** Repositories on the git host: `org/name.git` paths, and anything else under the root. */
export function gitHostContents(/** @type {string} */ gitRoot) {
  const repos = [];
  const other = [];
  for (const org of fs.existsSync(gitRoot) ? fs.readdirSync(gitRoot) : []) {
    for (const entry of fs.readdirSync(path.join(gitRoot, org))) {
      if (org !== '.staging' && entry.endsWith('.git'))
        repos.push(`${org}/${entry}`);
      else other.push(`${org}/${entry}`);
    }
  }
  return { repos: repos.sort(), other: other.sort() };
}

/**
 * A round-robin HTTP load balancer over the live replicas (those not killed);
 * a replica that refuses the connection is skipped for the next one.
 * @param {Replica[]} replicas
 */
async function startBalancer(replicas) {
  let next = 0;
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const live = replicas.filter(r => !r.dead);
    for (let attempt = 0; attempt < live.length; attempt++) {
      const target = live[next++ % live.length];
      const forwarded = await new Promise(resolve => {
        const upstream = http.request(
          {
            host: '127.0.0.1',
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          answer => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            resolve(true);
          },
        );
        upstream.once('error', error => {
          if (res.headersSent) res.destroy(error);
          resolve(res.headersSent);
        });
        upstream.end(body);
      });
      if (forwarded) return;
    }
    res
      .writeHead(502, { 'content-type': 'text/plain' })
      .end('no replica answered');
  });
  await new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(undefined)),
  );
  const { port } = /** @type {import('node:net').AddressInfo} */ (
    server.address()
  );
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
