// Copies what `npm install` reads from the checkout into a folder: the root
// package.json, package-lock.json and .npmrc, and every workspace's
// package.json with the files its "bin" names (npm links them). The image's
// install layer is built from this folder only, so it is reused until a
// manifest or the lockfile changes, whatever else changed; a workspace added
// later is picked up because every workspace folder is read, not listed here.
//
//   node docker/install-manifests.mjs <checkout> <target folder>
import fs from 'node:fs';
import path from 'node:path';

const [source, target] = process.argv.slice(2).map(p => path.resolve(p ?? ''));
if (process.argv.length !== 4) {
  console.error('usage: node docker/install-manifests.mjs <checkout> <target folder>');
  process.exit(2);
}

function copy(rel) {
  fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
  fs.copyFileSync(path.join(source, rel), path.join(target, rel));
}

const rootPkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf-8'));
for (const rel of ['package.json', 'package-lock.json', '.npmrc']) {
  if (fs.existsSync(path.join(source, rel))) copy(rel);
}
let count = 0;
for (const pattern of rootPkg.workspaces ?? []) {
  if (!pattern.endsWith('/*')) throw new Error(`unexpected workspace pattern ${pattern}`);
  const parent = pattern.slice(0, -2);
  for (const name of fs.readdirSync(path.join(source, parent)).sort()) {
    const manifest = `${parent}/${name}/package.json`;
    if (!fs.existsSync(path.join(source, manifest))) continue;
    copy(manifest);
    count++;
    const { bin } = JSON.parse(fs.readFileSync(path.join(source, manifest), 'utf-8'));
    const bins = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
    for (const file of bins) copy(path.posix.join(parent, name, path.posix.normalize(file)));
  }
}
console.log(`install manifests: the root and ${count} workspaces`);
