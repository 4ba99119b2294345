// npm start: build the frontend and the backend if needed, provide Postgres,
// run the portal (the built backend, plain node) on :7007.
// Unless --no-demo-clusters is given, three demo clusters (stand-ins for
// Kubernetes, see packages/kube-standin/src/demo.ts) feed the Kubernetes tab.
// On SIGINT/SIGTERM the backend drains and exits first, then the demo
// clusters and Postgres stop, then this process exits (see stopOnSignal).
import fs from 'node:fs';
import path from 'node:path';
import {
  ensureBackendBuiltSync,
  ensureFrontendBuilt,
  ensurePostgres,
  repoRoot,
  startBackend,
  startDemoClusters,
  stopAll,
  takeOverSignals,
} from './lib/portal.mjs';

const force = process.argv.includes('--rebuild');
const demoClusters = !process.argv.includes('--no-demo-clusters');
// A signal is the normal way to stop the portal: exit 0 once all is stopped.
takeOverSignals({ exitCode: 0 });
ensureFrontendBuilt({ force });
ensureBackendBuiltSync({ force });
const pg = await ensurePostgres();
const configs = [];
if (demoClusters) {
  fs.mkdirSync(path.join(repoRoot, 'data'), { recursive: true });
  const clusters = await startDemoClusters({
    configFile: path.join(repoRoot, 'data/demo-clusters.yaml'),
  });
  configs.push(clusters.configFile);
  console.log(
    '[launchpad] demo clusters (Kubernetes stand-ins) for dev, stage and prod are up',
  );
}
const backend = startBackend({ env: pg.env, configs });
const url =
  process.env.APP_CONFIG_app_baseUrl ??
  process.env.PORTAL_BASE_URL ??
  'http://localhost:7007';
console.log(`[launchpad] starting the portal on ${url} …`);

// The backend ended on its own (a crash or a failed start): stop the rest.
backend.child.on('exit', async code => {
  await stopAll();
  process.exit(code ?? 1);
});
