// Run by bench/template-upgrades.mjs (node -r sucrase/register): upgrades the
// 30-repository fleet of the fleet test and prints per-repository figures as JSON.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFleet } from './fleet';

async function main() {
  const perTemplate = Number(process.env.FLEET_PER_TEMPLATE ?? 10);
  const root = await fs.mkdtemp(
    path.join(os.tmpdir(), 'template-fleet-bench-'),
  );
  try {
    const { results } = await runFleet({ root, perTemplate });
    const repos = results.map(r => {
      const userFiles = [
        ...Object.keys(r.repo.own),
        ...Object.keys(r.repo.edits).map(k => k.split('#')[0]),
      ];
      return {
        name: r.repo.name,
        template: r.repo.template,
        seconds: r.seconds,
        conflicts: r.plan.conflicts,
        // a user file (own file or edited file) missing after the upgrade, or a team deletion undone
        userFilesDeleted: userFiles.filter(f => !r.after.has(f)).length,
        deletionsUndone: r.repo.deleted.filter(f => r.after.has(f)).length,
      };
    });
    process.stdout.write(`${JSON.stringify({ repos })}\n`);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
