// npm start: build the frontend if needed, provide Postgres, run the portal on :7007.
import { ensureFrontendBuilt, ensurePostgres, startBackend } from './lib/portal.mjs';

const force = process.argv.includes('--rebuild');
ensureFrontendBuilt({ force });
const pg = await ensurePostgres();
const backend = startBackend({ env: pg.env });
console.log('[launchpad] starting the portal on http://localhost:7007 …');

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  await backend.stop();
  await pg.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
backend.child.on('exit', code => shutdown(code ?? 1));
