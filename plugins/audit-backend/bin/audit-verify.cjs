#!/usr/bin/env node
// Walks the audit trail's hash chain and reports the first broken row.
//   node plugins/audit-backend/bin/audit-verify.cjs [--config app-config.yaml ...] [--json]
// Exit code: 0 the chain is intact, 1 it is broken, 2 it could not be checked.
require('@backstage/cli/config/nodeTransform.cjs');
require('../src/cli/verify')
  .main(process.argv.slice(2))
  .then(
    code => process.exit(code),
    error => {
      console.error(
        `audit-verify: ${error && error.message ? error.message : error}`,
      );
      process.exit(2);
    },
  );
