// Copies what the built portal needs at run time from a built checkout (the
// image's build stage) into an empty folder, for `npm install --omit=dev`
// there: the backend bundle, the frontend's dist, the workspace packages the
// backend depends on (their migrations, package.json), the configs and the
// demo company's catalog, templates and scorecards.
//
//   node docker/runtime-tree.mjs <built checkout> <target folder>
//
// The root package.json in the target lists only those workspaces, and the
// frontend package ("app", which the app backend serves) keeps its name and
// dist but no dependencies: its React/MUI tree and the Backstage CLI are
// build-time only (the app backend reads the frontend's config schema from
// dist/.config-schema.json, written by the frontend build). With the
// committed package-lock.json, npm then installs the locked versions of just
// the backend's production dependencies.
import fs from 'node:fs';
import path from 'node:path';

const [source, target] = process.argv.slice(2).map(p => path.resolve(p ?? ''));
if (!source || !target || process.argv.length !== 4) {
  console.error(
    'usage: node docker/runtime-tree.mjs <built checkout> <target folder>',
  );
  process.exit(2);
}

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf-8'));
const rootPkg = readJson(path.join(source, 'package.json'));

/** Every workspace package of the checkout: name -> folder (relative). */
const workspaces = new Map();
for (const pattern of rootPkg.workspaces) {
  if (!pattern.endsWith('/*'))
    throw new Error(`unexpected workspace pattern ${pattern}`);
  const parent = pattern.slice(0, -2);
  for (const name of fs.readdirSync(path.join(source, parent))) {
    const file = path.join(source, parent, name, 'package.json');
    if (fs.existsSync(file))
      workspaces.set(readJson(file).name, `${parent}/${name}`);
  }
}

/** The backend and the workspace packages its production dependencies reach. */
const keep = new Set();
const queue = ['backend'];
while (queue.length) {
  const name = /** @type {string} */ (queue.shift());
  const dir = workspaces.get(name);
  if (!dir || keep.has(dir)) continue;
  keep.add(dir);
  if (name === 'app') continue; // served from its dist; its dependencies are build-time only
  const pkg = readJson(path.join(source, dir, 'package.json'));
  queue.push(
    ...Object.keys(pkg.dependencies ?? {}).filter(dep => workspaces.has(dep)),
  );
}
for (const required of ['packages/backend', 'packages/app']) {
  if (!keep.has(required))
    throw new Error(`${required} is not a dependency of the backend`);
}
for (const built of [
  'packages/backend/dist/index.cjs',
  'packages/app/dist/index.html',
  'packages/app/dist/.config-schema.json',
]) {
  if (!fs.existsSync(path.join(source, built)))
    throw new Error(`${built} is missing: build first`);
}

/** Copies a file or folder, leaving out node_modules, tests and build caches. */
function copy(rel) {
  fs.cpSync(path.join(source, rel), path.join(target, rel), {
    recursive: true,
    preserveTimestamps: true,
    filter: src => {
      const base = path.basename(src);
      return (
        base !== 'node_modules' &&
        base !== '.cache' &&
        !/\.test\.[cm]?[jt]sx?$/.test(base) &&
        base !== '__fixtures__'
      );
    },
  });
}

fs.mkdirSync(target, { recursive: true });
if (fs.readdirSync(target).length) throw new Error(`${target} is not empty`);

for (const dir of [...keep].sort()) {
  if (dir === 'packages/app') continue;
  copy(dir);
}
// The frontend: its dist without source maps (50 of its 65 MB; production
// serves no maps of its code) and a package.json without dependencies.
fs.cpSync(
  path.join(source, 'packages/app/dist'),
  path.join(target, 'packages/app/dist'),
  {
    recursive: true,
    preserveTimestamps: true,
    filter: src => !src.endsWith('.map'),
  },
);
const appPkg = readJson(path.join(source, 'packages/app/package.json'));
fs.writeFileSync(
  path.join(target, 'packages/app/package.json'),
  `${JSON.stringify(
    {
      name: appPkg.name,
      version: appPkg.version,
      private: true,
      backstage: appPkg.backstage,
    },
    null,
    2,
  )}\n`,
);

// Configs, and the demo company's data the configs point at.
for (const rel of [
  '.npmrc',
  'package-lock.json',
  'app-config.yaml',
  'app-config.production.yaml',
  'announcements.yaml',
  'docker/app-config.container.yaml',
  'catalog-info.yaml',
  'catalog',
  'templates',
  'scorecards',
]) {
  if (fs.existsSync(path.join(source, rel))) copy(rel);
}

const runtimePkg = {
  name: rootPkg.name,
  version: rootPkg.version,
  private: true,
  workspaces: [...keep].sort(),
  ...(rootPkg.overrides && { overrides: rootPkg.overrides }),
};
fs.writeFileSync(
  path.join(target, 'package.json'),
  `${JSON.stringify(runtimePkg, null, 2)}\n`,
);
console.log(
  `runtime tree in ${target}: ${
    runtimePkg.workspaces.length
  } workspaces (${runtimePkg.workspaces.join(', ')})`,
);
