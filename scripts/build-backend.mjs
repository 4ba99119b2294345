// npm run build:backend: bundles the backend ahead of time into
// packages/backend/dist/index.cjs (see scripts/lib/backendBuild.mjs), so that
//   cd packages/backend && node dist/index.cjs --config ../../app-config.yaml [--config …]
// starts it with plain node. Rebuilds only when a source that went into the
// bundle changed; --force builds anyway.
import { ensureBackendBuilt } from './lib/backendBuild.mjs';

const built = await ensureBackendBuilt({
  force: process.argv.includes('--force'),
});
if (!built)
  console.log(
    '[launchpad] the backend build is up to date (packages/backend/dist/index.cjs)',
  );
