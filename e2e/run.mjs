// Starts the real portal (built frontend + backend on Postgres) on a spare port,
// waits until the demo catalog and its search index are in, then runs the
// journeys in e2e/journeys with node's test runner driving Debian's Chromium.
import { runInherit } from '../scripts/lib/run.mjs';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensureFrontendBuilt,
  ensurePostgres,
  repoRoot,
  startBackend,
  startDemoClusters,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { guestToken, waitForCatalog, waitForSearch } from './lib/portalApi.mjs';
import { startOidcForPortal } from '@internal/oidc-test-provider/for-portal';

const port = Number(process.env.E2E_PORT ?? 7017);
const artifacts = path.join(repoRoot, 'e2e/artifacts');
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

ensureFrontendBuilt();
const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-e2e-pg-'));
const gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-e2e-git-'));
const pg = await ensurePostgres({
  dataDir: pgDir,
  port: Number(process.env.E2E_POSTGRES_PORT ?? 54331),
});
// A fresh set of databases on whichever server: the run starts from first boot.
const prefix = `e2e${randomBytes(3).toString('hex')}_`;
// Demo clusters (Kubernetes stand-ins) for the Kubernetes tab's journey
const clustersDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-e2e-clusters-'),
);
const clusters = await startDemoClusters({
  configFile: path.join(clustersDir, 'demo-clusters.yaml'),
});
// A real OpenID provider for the sign-in journey; the portal's OIDC provider points at it
const oidc = await startOidcForPortal({
  portalUrl: `http://localhost:${port}`,
  configFile: path.join(clustersDir, 'oidc.yaml'),
});
// The register journey registers Backstage's example catalog (with its org) from the fixtures
const examples = path.join(
  repoRoot,
  'packages/backend/src/__fixtures__/backstage-examples',
);
const catalogConfig = path.join(clustersDir, 'catalog.yaml');
fs.writeFileSync(
  catalogConfig,
  JSON.stringify({
    launchpad: {
      catalog: {
        fileRoots: [
          path.join(repoRoot, 'catalog'),
          path.join(repoRoot, 'templates'),
          examples,
        ],
        orgSources: [
          path.join(repoRoot, 'catalog-info.yaml'),
          path.join(repoRoot, 'catalog/all.yaml'),
          path.join(examples, 'acme/org.yaml'),
          path.join(examples, 'all.yaml'),
        ].map(target => ({ type: 'file', target })),
      },
    },
  }),
);
const backend = startBackend({
  port,
  configs: [clusters.configFile, oidc.configFile, catalogConfig],
  env: {
    ...pg.env,
    APP_CONFIG_backend_database_prefix: prefix,
    // Repositories created by the journeys live and die with this run.
    APP_CONFIG_gitHosting_root: gitRoot,
  },
  stdio: 'pipe',
});
const logFile = fs.createWriteStream(path.join(artifacts, 'backend.log'));
backend.child.stdout.pipe(logFile);
backend.child.stderr.pipe(logFile);

let status = 1;
try {
  await waitForReady(backend.baseUrl, { child: backend.child });
  const token = await guestToken(backend.baseUrl);
  await waitForCatalog(backend.baseUrl, token);
  await waitForSearch(backend.baseUrl, token, 'payments');
  // Score the catalog now rather than on the schedule's first run (an admin's job).
  const admin = await guestToken(backend.baseUrl, 'platform-engineer');
  const evaluated = await fetch(`${backend.baseUrl}/api/scorecards/evaluate`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${admin}`,
      'Content-Type': 'application/json',
    },
    body: '{}',
  });
  if (!evaluated.ok)
    throw new Error(
      `scorecard evaluation failed: ${
        evaluated.status
      } ${await evaluated.text()}`,
    );
  // Not spawnSync: this process drains the backend's log pipe and hosts
  // Postgres, the demo clusters and the OpenID provider (see scripts/lib/run.mjs).
  // `node e2e/run.mjs [journey files]`: just those journeys (default: all of e2e/journeys)
  const journeys = process.argv.slice(2).map(j => path.resolve(j));
  status = await runInherit(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      ...(journeys.length ? journeys : [path.join(repoRoot, 'e2e/journeys')]),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORTAL_URL: backend.baseUrl,
        E2E_ARTIFACTS: artifacts,
      },
    },
  );
} catch (error) {
  console.error(
    `[e2e] ${error.message} (backend log: e2e/artifacts/backend.log)`,
  );
} finally {
  await backend.stop();
  await clusters.stop();
  await oidc.stop();
  await pg.stop();
  fs.rmSync(pgDir, { recursive: true, force: true });
  fs.rmSync(gitRoot, { recursive: true, force: true });
  fs.rmSync(clustersDir, { recursive: true, force: true });
}
console.log(`[e2e] screenshots and the backend log are in e2e/artifacts/`);
process.exit(status);
