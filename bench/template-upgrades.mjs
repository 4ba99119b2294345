// Template upgrades of a 30-repository fleet (issue 14): 10 repositories of
// each golden path (node-service, go-service, postgres-database) at the
// current version, with the team's edits (code, values, a workflow tweak, a
// deleted file, files of their own), upgraded to a newer fixture version
// that changes shared files and renames a values key. Each upgrade reads the
// repository from the git host, re-renders the old version, renders the new
// one, merges with git merge-file and commits the proposal branch.
//
//   node bench/template-upgrades.mjs        (FLEET_PER_TEMPLATE=10 by default)
//
// Prints seconds per repository (p50/p95/max), the share of proposals
// without conflicts (goal >= 90 %) and deletions of user files (goal 0).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const child = spawnSync(
  process.execPath,
  [
    '-r',
    'sucrase/register/ts',
    path.join(
      root,
      'plugins/template-upgrades-backend/src/__testUtils__/fleetBench.ts',
    ),
  ],
  { cwd: root, encoding: 'utf-8', maxBuffer: 64 << 20, env: process.env },
);
if (child.status !== 0) {
  process.stderr.write(child.stderr);
  process.exit(1);
}
const { repos } = JSON.parse(child.stdout.trim().split('\n').pop());
const seconds = summarize(repos.map(r => r.seconds));
const clean = repos.filter(r => r.conflicts.length === 0).length;
const userDeletions = repos.reduce(
  (n, r) => n + r.userFilesDeleted + r.deletionsUndone,
  0,
);
const fmt = n => `${n.toFixed(2)} s`;
console.log(
  `template upgrades: ${repos.length} repositories (${
    new Set(repos.map(r => r.template)).size
  } golden paths), ${((Date.now() - started) / 1000).toFixed(
    0,
  )} s in all with setup`,
);
console.log(
  `  seconds per repository   p50 ${fmt(seconds.p50)}  p95 ${fmt(
    seconds.p95,
  )}  max ${fmt(seconds.max)}`,
);
console.log(
  `  proposals without conflicts  ${clean}/${repos.length} = ${(
    (100 * clean) /
    repos.length
  ).toFixed(1)} % (goal >= 90 %)`,
);
console.log(`  deletions of user files      ${userDeletions} (goal 0)`);
for (const r of repos.filter(x => x.conflicts.length))
  console.log(`  conflict: ${r.name}: ${r.conflicts.join(', ')}`);
