// The production runtime, on real processes: the backend built ahead of time
// and run with plain node, its graceful shutdown (readiness 503, requests in
// flight answered, a running golden path finished, exit 0), and `npm start`
// stopping the backend before Postgres and itself last.
//   node --test scripts/lib/
// Postgres: an embedded one on RUNTIME_TEST_POSTGRES_PORT (default 54351),
// or the server named by POSTGRES_HOST (as under scripts/test-all.mjs).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import YAML from 'yaml';
import { guestToken } from '../../e2e/lib/portalApi.mjs';
import {
  backendEntry,
  backendStaleReason,
  ensureBackendBuilt,
} from './backendBuild.mjs';
import {
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from './portal.mjs';
import {
  alive,
  childrenOf,
  freePort,
  portTaken,
  removePostgresData,
  slowRequest,
  until,
} from './testRuntime.mjs';

const pgPort = Number(process.env.RUNTIME_TEST_POSTGRES_PORT ?? 54351);
const scratch = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-runtime-test-'),
);
after(async () => {
  await removePostgresData(path.join(scratch, 'pg'));
  await removePostgresData(path.join(scratch, 'npm-start-pg'));
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Entity refs of the demo company, asked for by the slow requests. */
const refs = [
  'group:default/platform',
  'user:default/priya.nair',
  'component:default/payments-service',
];

describe('the backend build', () => {
  test('is up to date after a build and stale when one of its inputs changes', async () => {
    await ensureBackendBuilt();
    assert.equal(backendStaleReason(), null);
    const inputs = JSON.parse(
      fs.readFileSync(
        path.join(path.dirname(backendEntry), 'inputs.json'),
        'utf-8',
      ),
    );
    // Every workspace package the backend imports is compiled into the bundle.
    for (const dir of [
      'packages/backend/src/',
      'plugins/scorecards-backend/src/',
      'packages/backend-hardening/src/',
    ]) {
      assert.ok(
        inputs.some(f => f.startsWith(dir)),
        `${dir} is in the bundle`,
      );
    }
    assert.ok(
      !inputs.some(f => f.includes('node_modules')),
      'node_modules stay external',
    );
    // A source newer than the bundle (its content unchanged) makes it stale, naming it.
    const source = path.join(
      repoRoot,
      'plugins/scorecards-backend/src/index.ts',
    );
    const now = Date.now() / 1000;
    fs.utimesSync(backendEntry, now - 60, now - 60);
    fs.utimesSync(source, now - 30, now - 30);
    assert.equal(
      backendStaleReason(),
      'plugins/scorecards-backend/src/index.ts changed',
    );
    assert.equal(await ensureBackendBuilt({ log: () => {} }), true);
    assert.equal(backendStaleReason(), null);
    assert.equal(await ensureBackendBuilt({ log: () => {} }), false);
  });
});

describe('graceful shutdown of the built backend', () => {
  /** @type {{ env: Record<string, string>, stop: () => Promise<void> }} */
  let postgres;
  const prefix = `rt${randomBytes(3).toString('hex')}_`;
  before(async () => {
    postgres = await ensurePostgres({
      dataDir: path.join(scratch, 'pg'),
      port: pgPort,
      log: () => {},
    });
  });
  after(() => postgres?.stop());

  test('SIGTERM: readiness 503, requests in flight answered, a running golden path finished, exit 0', async () => {
    const production = YAML.parse(
      fs.readFileSync(
        path.join(repoRoot, 'app-config.production.yaml'),
        'utf-8',
      ),
    );
    // A golden path that runs long enough to be running when SIGTERM comes
    const templateFile = path.join(scratch, 'drain-probe.yaml');
    fs.writeFileSync(
      templateFile,
      YAML.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'drain-probe', title: 'Drain probe' },
        spec: {
          owner: 'group:default/platform',
          type: 'service',
          steps: [
            {
              id: 'wait',
              name: 'Wait',
              action: 'debug:wait',
              input: { seconds: 6 },
            },
            {
              id: 'done',
              name: 'Done',
              action: 'debug:log',
              input: { message: 'drain probe done' },
            },
          ],
        },
      }),
    );
    const config = path.join(scratch, 'drain.yaml');
    fs.writeFileSync(
      config,
      YAML.stringify({
        // The production drain settings, as shipped
        backend: { lifecycle: production.backend.lifecycle },
        scaffolder: {
          EXPERIMENTAL_gracefulShutdown:
            production.scaffolder.EXPERIMENTAL_gracefulShutdown,
        },
        catalog: {
          locations: [
            { type: 'file', target: path.join(repoRoot, 'catalog/all.yaml') },
            { type: 'file', target: templateFile },
          ],
        },
      }),
    );
    const port = await freePort();
    const backend = startBackend({
      port,
      configs: [config],
      env: {
        ...postgres.env,
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_gitHosting_root: path.join(scratch, 'git'),
      },
      stdio: 'pipe',
    });
    let log = '';
    backend.child.stdout?.on('data', d => (log += d));
    backend.child.stderr?.on('data', d => (log += d));
    const exited = new Promise(resolve =>
      backend.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      // Plain node on the bundle: no transpiler loaded at run time
      const cmdline = fs
        .readFileSync(`/proc/${backend.child.pid}/cmdline`, 'utf-8')
        .split('\0')
        .filter(Boolean);
      assert.deepEqual(cmdline.slice(0, 2), [process.execPath, backendEntry]);

      await waitForReady(backend.baseUrl, { child: backend.child });
      const token = await guestToken(backend.baseUrl);
      await until(
        'the drain-probe template and the demo company in the catalog',
        async () => {
          const res = await fetch(
            `${backend.baseUrl}/api/catalog/entities/by-refs`,
            {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${token}`,
              },
              body: JSON.stringify({
                entityRefs: [...refs, 'template:default/drain-probe'],
              }),
            },
          );
          return res.ok && (await res.json()).items.every(Boolean);
        },
      );

      const created = await fetch(
        `${backend.baseUrl}/api/scaffolder/v2/tasks`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            templateRef: 'template:default/drain-probe',
            values: {},
          }),
        },
      );
      assert.equal(created.status, 201, await created.clone().text());
      const { id: taskId } = await created.json();
      await until('the golden path running', async () => {
        const res = await fetch(
          `${backend.baseUrl}/api/scaffolder/v2/tasks/${taskId}`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        return (await res.json()).status === 'processing';
      });

      // Requests in flight: their bodies are half sent when SIGTERM comes
      const slow = refs.map(ref =>
        slowRequest(
          backend.baseUrl,
          '/api/catalog/entities/by-refs',
          { entityRefs: [ref] },
          token,
        ),
      );
      for (const request of slow) await request.start();

      process.kill(/** @type {number} */ (backend.child.pid), 'SIGTERM');
      const readiness = await until('readiness to answer 503', async () => {
        const res = await fetch(
          `${backend.baseUrl}/.backstage/health/v1/readiness`,
        );
        return res.status === 503 ? res.json() : undefined;
      });
      assert.equal(readiness.message, 'Backend is shutting down');
      // Liveness stays up while draining (a kubelet must not kill it now)
      assert.equal(
        (await fetch(`${backend.baseUrl}/.backstage/health/v1/liveness`))
          .status,
        200,
      );

      const answers = await Promise.all(slow.map(request => request.finish()));
      answers.forEach((answer, i) => {
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(
          answer.body.items[0]?.metadata?.name,
          refs[i].split('/')[1],
        );
      });

      assert.deepEqual(await exited, { code: 0, signal: null });
      assert.equal(await portTaken(port), false, 'the port is free');

      // The golden path ran to its end before the backend exited
      const client = new pg.Client({
        host: postgres.env.POSTGRES_HOST ?? process.env.POSTGRES_HOST,
        port: Number(postgres.env.POSTGRES_PORT ?? process.env.POSTGRES_PORT),
        user: postgres.env.POSTGRES_USER ?? process.env.POSTGRES_USER,
        password:
          postgres.env.POSTGRES_PASSWORD ?? process.env.POSTGRES_PASSWORD,
        database: `${prefix}scaffolder`,
      });
      await client.connect();
      try {
        const { rows } = await client.query(
          'select status from tasks where id = $1',
          [taskId],
        );
        assert.deepEqual(rows, [{ status: 'completed' }]);
      } finally {
        await client.end();
      }
    } catch (error) {
      console.error(log.split('\n').slice(-40).join('\n'));
      throw error;
    } finally {
      await backend.stop();
    }
  });
});

describe('npm start', () => {
  test('SIGTERM while busy: the backend is gone before Postgres stops, and npm start exits last', async () => {
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    const env = { ...process.env };
    // Its own embedded Postgres on a throwaway folder, whatever the caller uses
    for (const key of [
      'POSTGRES_HOST',
      'POSTGRES_PORT',
      'POSTGRES_USER',
      'POSTGRES_PASSWORD',
    ])
      delete env[key];
    Object.assign(env, {
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      EMBEDDED_POSTGRES_DATA_DIR: path.join(scratch, 'npm-start-pg'),
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_baseUrl: baseUrl,
      APP_CONFIG_app_baseUrl: baseUrl,
      APP_CONFIG_gitHosting_root: path.join(scratch, 'npm-start-git'),
    });
    const npm = spawn('npm', ['start', '--', '--no-demo-clusters'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    npm.stdout.on('data', d => (log += d));
    npm.stderr.on('data', d => (log += d));
    const npmExited = new Promise(resolve =>
      npm.once('exit', (code, signal) => resolve({ code, signal })),
    );
    /** @type {number | undefined} */
    let backendPid;
    /** @type {number | undefined} */
    let postgresPid;
    try {
      await until(
        'the portal ready',
        () => waitForReady(baseUrl, { timeoutMs: 1_000 }).then(() => true),
        300_000,
      );
      // npm → (exec) node scripts/start.mjs → the backend and Postgres
      const [start] = childrenOf(/** @type {number} */ (npm.pid));
      assert.ok(
        start?.args.includes('scripts/start.mjs'),
        `npm runs start.mjs itself: ${JSON.stringify(start)}`,
      );
      const children = childrenOf(start.pid);
      backendPid = children.find(c => c.args.includes(backendEntry))?.pid;
      postgresPid = children.find(c =>
        c.args.some(a => a.endsWith('/bin/postgres')),
      )?.pid;
      assert.ok(
        backendPid && postgresPid,
        `the backend and Postgres run: ${JSON.stringify(children)}`,
      );

      // Busy: requests in flight
      const token = await guestToken(baseUrl);
      const slow = refs.map(ref =>
        slowRequest(
          baseUrl,
          '/api/catalog/entities/by-refs',
          { entityRefs: [ref] },
          token,
        ),
      );
      for (const request of slow) await request.start();

      npm.kill('SIGTERM');
      // Watch the order: Postgres never gone under a running backend, npm
      // start never gone while the backend runs.
      const atNpmExit = npmExited.then(() => ({
        backend: alive(backendPid),
        postgres: alive(postgresPid),
      }));
      let npmDone = false;
      void npmExited.then(() => (npmDone = true));
      const answers = Promise.all(slow.map(request => request.finish()));
      let postgresGoneUnderBackend = false;
      while (!npmDone) {
        const backendUp = alive(backendPid);
        if (backendUp && !alive(postgresPid)) postgresGoneUnderBackend = true;
        await new Promise(r => setTimeout(r, 50));
      }
      assert.equal(
        postgresGoneUnderBackend,
        false,
        'Postgres stopped while the backend ran',
      );
      assert.deepEqual(await atNpmExit, { backend: false, postgres: false });
      assert.equal(alive(backendPid), false, 'no backend process remains');
      assert.equal(alive(postgresPid), false, 'no Postgres process remains');
      assert.equal(await portTaken(port), false, 'the portal port is free');
      assert.equal(await portTaken(pgPort), false, 'the Postgres port is free');
      assert.deepEqual(await npmExited, { code: 0, signal: null });
      // Each request in flight got an HTTP answer, not a reset connection
      // (that they are answered 200 is the drain test's, with the production settings)
      for (const answer of await answers)
        assert.ok(answer.status >= 200, JSON.stringify(answer));
    } catch (error) {
      console.error(log.split('\n').slice(-40).join('\n'));
      throw error;
    } finally {
      // Whatever went wrong, leave nothing behind
      if (npm.exitCode === null) npm.kill('SIGKILL');
      for (const pid of [backendPid, postgresPid]) {
        if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      }
    }
  });
});
