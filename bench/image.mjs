// The portal's image with podman on this machine: image size, build time
// (cold: no layer cache and an empty npm cache mount would be colder still, so
// "cold" here is --no-cache with npm's downloads kept; warm: nothing changed),
// and container start to ready (read-only, production config, external
// Postgres). Prints, never asserts.
//   node bench/image.mjs [--skip-cold] [--skip-host]
// "host": npm test's build, the build stage's output made on this machine
// (frontend and backend builds reused when current) and the deploy and runtime
// stages built with no layer cache, npm reading this machine's npm cache.
// Base images are built once and reused (docker/test/lib.mjs); their build is
// not part of the figures. Postgres: embedded, on IMAGE_TEST_POSTGRES_PORT (default 54353).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@internal/embedded-postgres';
import { spawnOidcTestProvider } from '@internal/oidc-test-provider/spawn';
import {
  buildImage,
  ensureBaseImages,
  freePort,
  imageSize,
  podman,
  prepareHostBuild,
  uniqueName,
  waitForReady,
} from '../docker/test/lib.mjs';

const TAG = 'localhost/launchpad:bench';
const starts = 3;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-bench-image-'));
const { nodeImage } = ensureBaseImages();

const figures = [];
if (!process.argv.includes('--skip-cold')) {
  const cold = await buildImage({
    tag: TAG,
    nodeImage,
    logFile: path.join(work, 'cold.log'),
    noCache: true,
  });
  figures.push(
    `build, no layer cache (npm downloads cached): ${cold.seconds.toFixed(
      0,
    )} s`,
  );
}
if (!process.argv.includes('--skip-host')) {
  const prepared = await prepareHostBuild(path.join(work, 'host-build'));
  const host = await buildImage({
    tag: `${TAG}-host`,
    nodeImage,
    logFile: path.join(work, 'host.log'),
    noCache: true,
    hostBuild: path.join(work, 'host-build'),
  });
  figures.push(
    `build as npm test builds it: build stage's output made here ${prepared.seconds.toFixed(
      0,
    )} s, then deploy and runtime stages with no layer cache ${host.seconds.toFixed(
      0,
    )} s; size ${(imageSize(`${TAG}-host`) / 1e6).toFixed(0)} MB`,
  );
  podman(['rmi', `${TAG}-host`], { allowFail: true });
}
const warm = await buildImage({
  tag: TAG,
  nodeImage,
  logFile: path.join(work, 'warm.log'),
});
figures.push(
  `build, nothing changed (layer cache): ${warm.seconds.toFixed(1)} s`,
);
figures.push(
  `image size: ${(imageSize(TAG) / 1e6).toFixed(
    0,
  )} MB (uncompressed, on a Debian bookworm + Node ${process.version} base)`,
);

const pg = await startEmbeddedPostgres({
  dataDir: path.join(work, 'postgres'),
  port: Number(process.env.IMAGE_TEST_POSTGRES_PORT ?? 54353),
});
const port = await freePort();
const baseUrl = `http://localhost:${port}`;
const client = {
  client_id: 'launchpad',
  client_secret: randomBytes(24).toString('hex'),
  redirect_uris: [`${baseUrl}/api/auth/oidc/handler/frame`],
};
const oidc = await spawnOidcTestProvider({ clients: [client] });
const prefix = `bimg${randomBytes(3).toString('hex')}_`;
try {
  for (let i = 0; i < starts; i++) {
    const name = uniqueName('launchpad-bench');
    const env = {
      POSTGRES_HOST: pg.connection.host,
      POSTGRES_PORT: String(pg.connection.port),
      POSTGRES_USER: pg.connection.user,
      POSTGRES_PASSWORD: pg.connection.password,
      // the same prefix every time: the first start migrates, the others find the schema in place
      APP_CONFIG_backend_database_prefix: prefix,
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_baseUrl: baseUrl,
      APP_CONFIG_app_baseUrl: baseUrl,
      AUTH_SESSION_SECRET: randomBytes(24).toString('hex'),
      OIDC_TITLE: 'Northwind SSO',
      OIDC_METADATA_URL: `${oidc.issuer}/.well-known/openid-configuration`,
      OIDC_CLIENT_ID: client.client_id,
      OIDC_CLIENT_SECRET: client.client_secret,
    };
    const started = performance.now();
    podman([
      'run',
      '--detach',
      '--name',
      name,
      '--read-only',
      '--network',
      'host',
      '--tmpfs',
      '/data',
      ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      TAG,
    ]);
    try {
      await waitForReady(baseUrl, {
        isAlive: () =>
          podman([
            'container',
            'inspect',
            '--format',
            '{{.State.Running}}',
            name,
          ]).stdout.trim() === 'true',
      });
      const ready = (performance.now() - started) / 1000;
      const stopStarted = performance.now();
      podman(['stop', '--time', '30', name]);
      const stopped = (performance.now() - stopStarted) / 1000;
      const code = podman([
        'container',
        'inspect',
        '--format',
        '{{.State.ExitCode}}',
        name,
      ]).stdout.trim();
      figures.push(
        `start ${i + 1} (${
          i === 0 ? 'empty database: migrations' : 'existing database'
        }): start to ready ${ready.toFixed(
          1,
        )} s; SIGTERM to exit ${stopped.toFixed(1)} s (code ${code})`,
      );
    } finally {
      podman(['rm', '--force', '--time', '0', name], { allowFail: true });
    }
  }
} finally {
  await oidc.stop();
  await pg.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(figures.map(f => `image: ${f}`).join('\n'));
