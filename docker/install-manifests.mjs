// Copies what `npm install` reads from the checkout into a folder: the root
// package.json, package-lock.json and .npmrc, and every workspace's
// package.json with the files its "bin" names (npm links them) and its config
// schema (the slimming step compiles it). The image's
// install layer is built from this folder only, so it is reused until a
// manifest or the lockfile changes, whatever else changed; a workspace added
// later is picked up because every workspace folder is read, not listed here.
//
//   node docker/install-manifests.mjs <checkout> <target folder>
import fs from 'node:fs';
import path from 'node:path';

const [source, target] = process.argv.slice(2).map(p => path.resolve(p ?? ''));
if (process.argv.length !== 4) {
  console.error(
    'usage: node docker/install-manifests.mjs <checkout> <target folder>',
  );
  process.exit(2);
}

function copy(rel) {
  fs.mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
  fs.copyFileSync(path.join(source, rel), path.join(target, rel));
}

const rootPkg = JSON.parse(
  fs.readFileSync(path.join(source, 'package.json'), 'utf-8'),
);
for (const rel of ['package.json', 'package-lock.json', '.npmrc']) {
  if (fs.existsSync(path.join(source, rel))) copy(rel);
}
/** Workspace folders: "packages/*" patterns or folders named one by one. */
const workspaceDirs = (rootPkg.workspaces ?? []).flatMap(pattern => {
  if (!pattern.endsWith('/*')) return [pattern];
  const parent = pattern.slice(0, -2);
  return fs
    .readdirSync(path.join(source, parent))
    .sort()
    .map(name => `${parent}/${name}`);
});
let count = 0;
for (const dir of workspaceDirs) {
  const manifest = `${dir}/package.json`;
  if (!fs.existsSync(path.join(source, manifest))) continue;
  copy(manifest);
  count++;
  const pkg = JSON.parse(fs.readFileSync(path.join(source, manifest), 'utf-8'));
  const bins =
    typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  // the config schema too: docker/slim-node-modules.mjs compiles it against node_modules
  const schema = typeof pkg.configSchema === 'string' ? [pkg.configSchema] : [];
  for (const file of [...bins, ...schema]) {
    const rel = path.posix.join(dir, path.posix.normalize(file));
    if (fs.existsSync(path.join(source, rel))) copy(rel);
  }
}
console.log(`install manifests: the root and ${count} workspaces`);
