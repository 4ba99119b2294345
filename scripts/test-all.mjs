// npm test: every test of the portal, on real parts.
//  0. format: every TS/JS file as the project's Prettier config writes it
//     (.prettierignore keeps templates/ and generated folders out); lint (ESLint, no
//     errors or warnings); typecheck (tsc)
//  1. unit + integration tests (Jest via backstage-cli) against an embedded Postgres
//  1b. the built backend as a process: build, drain on SIGTERM, npm start's stop order;
//      two replicas on one Postgres (scheduling, task claims, a replica killed mid-run)
//  2. the golden path templates: rendered by the real portal, validated, built
//  3. the container image: built with podman, run read-only against this Postgres
//  4. e2e journeys in Debian's Chromium against the running portal
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@internal/embedded-postgres';
import { repoRoot } from './lib/portal.mjs';
import { runInherit } from './lib/run.mjs';

// optional: "format", "lint", "unit", "runtime", "templates", "image" or "e2e"; after "unit", Jest path patterns
// (e.g. `unit plugins/scorecards-backend`) run just those tests, no typecheck.
const only = process.argv[2];
const patterns = process.argv.slice(3);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-test-pg-'));
const pg = await startEmbeddedPostgres({
  dataDir,
  port: Number(process.env.TEST_POSTGRES_PORT ?? 54330),
});
const { host, port, user, password } = pg.connection;
const env = {
  ...process.env,
  CI: 'true',
  BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING: `postgresql://${user}:${password}@${host}:${port}`,
  POSTGRES_HOST: host,
  POSTGRES_PORT: String(port),
  POSTGRES_USER: user,
  POSTGRES_PASSWORD: password,
};

const results = [];
// Children run asynchronously: this process hosts the embedded Postgres and
// must keep draining its log pipe (see lib/run.mjs).
async function run(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const status = await runInherit(command, args, { cwd: repoRoot, env });
  results.push({
    name,
    ok: status === 0,
    seconds: (performance.now() - started) / 1000,
  });
}

try {
  if (!only || only === 'format') {
    await run('format (prettier --check)', 'npx', [
      'prettier',
      '--check',
      '**/*.{ts,tsx,js,mjs,cjs}',
    ]);
  }
  if (!only || only === 'lint') {
    // ESLint with Backstage's config in every package that has a lint script
    // (backstage-cli repo lint: errors and warnings both fail it)
    await run('lint (backstage-cli repo lint)', 'npx', [
      'backstage-cli',
      'repo',
      'lint',
      '--max-warnings',
      '0',
    ]);
  }
  if (!only || only === 'unit') {
    if (patterns.length === 0)
      await run('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
    await run('unit and integration tests', 'npx', [
      'backstage-cli',
      'repo',
      'test',
      '--watchAll=false',
      ...patterns,
    ]);
  }
  if (!only || only === 'runtime') {
    // the built backend on real processes: incremental build, drain on SIGTERM, npm start's stop order
    await run('runtime: built backend, drain, stop order', 'node', [
      '--test',
      'scripts/lib/',
    ]);
    // two backends on one Postgres and one git host: scheduled work once, tasks claimed once, a replica killed mid-run
    await run('two replicas on one Postgres', 'node', [
      '--test',
      '--test-concurrency=1',
      'scripts/replicas/',
    ]);
  }
  if (!only || only === 'templates') {
    await run('template harness validators', 'node', [
      '--test',
      'packages/template-harness/src/',
    ]);
    await run('golden path templates', 'node', [
      'packages/template-harness/src/cli.mjs',
    ]);
  }
  if (!only || only === 'image') {
    // The container image, built with podman and run against this Postgres (docker/test).
    // The default run gives the build the frontend and backend built on this machine (the
    // e2e journeys use the same build); `image` alone builds every stage in the image
    // (LAUNCHPAD_IMAGE_BUILD=full, 20-30 min here). See docker/README.md.
    const full =
      only === 'image' && process.env.LAUNCHPAD_IMAGE_BUILD !== 'host';
    env.LAUNCHPAD_IMAGE_BUILD = full ? 'full' : 'host';
    await run(
      `container image (podman, ${
        full
          ? 'every stage built in the image'
          : 'build stage from this machine'
      })`,
      'node',
      ['--test', 'docker/test/image.test.mjs'],
    );
  }
  if (!only || only === 'e2e') {
    await run('e2e journeys', 'node', ['e2e/run.mjs']);
  }
} finally {
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const failed = results.filter(r => !r.ok);
console.log('\n=== summary');
for (const r of results)
  console.log(
    `${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${Math.round(r.seconds)} s)`,
  );
console.log(
  `suites: ${results.length - failed.length} passed, ${failed.length} failed`,
);
process.exit(failed.length ? 1 : 0);
