// @ts-check
/**
 * The backend, built ahead of time: packages/backend/src/index.ts and every
 * workspace package it imports (@internal/*, TypeScript sources) bundled by
 * esbuild into packages/backend/dist/index.cjs; packages from node_modules
 * stay external and are required at run time, as Backstage's own
 * `backstage-cli package build` leaves them. That command's backend bundle
 * step packs the workspace with yarn, which this npm workspace does not have.
 *
 * The build writes dist/inputs.json (the source files that went in), so a
 * rebuild happens only when one of them, or a workspace package.json, is
 * newer than the bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
export const backendDir = path.join(repoRoot, 'packages/backend');
export const backendEntry = path.join(backendDir, 'dist/index.cjs');
const inputsFile = path.join(backendDir, 'dist/inputs.json');
// Scratch space for the build and its lock (ignored by git with node_modules)
const cacheDir = path.join(
  repoRoot,
  'node_modules/.cache/launchpad-backend-build',
);

/** package.json of every workspace package (a new dependency changes the bundle). */
function workspaceManifests() {
  const files = [path.join(repoRoot, 'package.json')];
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(repoRoot, group);
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const file = path.join(dir, name, 'package.json');
      if (fs.existsSync(file)) files.push(file);
    }
  }
  return files;
}

/**
 * Why the backend needs a build, or null when dist/index.cjs is up to date.
 * @returns {string | null}
 */
export function backendStaleReason() {
  if (!fs.existsSync(backendEntry) || !fs.existsSync(inputsFile))
    return 'no build yet';
  const builtAt = fs.statSync(backendEntry).mtimeMs;
  /** @type {string[]} */
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf-8'));
  } catch {
    return 'dist/inputs.json is unreadable';
  }
  const files = [
    ...inputs.map(f => path.join(repoRoot, f)),
    ...workspaceManifests(),
    fileURLToPath(import.meta.url),
  ];
  for (const file of files) {
    let mtime;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      return `${path.relative(repoRoot, file)} is gone`;
    }
    if (mtime > builtAt) return `${path.relative(repoRoot, file)} changed`;
  }
  return null;
}

/**
 * Compiles the config schema of every package the backend may load (our
 * config.d.ts files with TypeScript, Backstage's from node_modules) into one
 * file, as `backstage-cli package build` does for the app. Loaded at start
 * instead of compiling them there (see the report of issue 10: a root logger
 * that reads dist/config-schema.json). Returns our config.d.ts files.
 * @param {string} file
 */
async function writeConfigSchema(file) {
  const { loadConfigSchema } = await import('@backstage/config-loader');
  const { getPackages } = await import('@manypkg/get-packages');
  const { packages } = await getPackages(backendDir);
  // loadConfigSchema resolves package names from the working directory, as the backend does.
  const cwd = process.cwd();
  process.chdir(backendDir);
  try {
    const schema = await loadConfigSchema({
      dependencies: packages.map(p => p.packageJson.name),
    });
    fs.writeFileSync(file, JSON.stringify(schema.serialize()));
  } finally {
    process.chdir(cwd);
  }
  return packages
    .map(p => path.join(p.dir, 'config.d.ts'))
    .filter(f => fs.existsSync(f))
    .map(f => path.relative(repoRoot, f));
}

/**
 * Bundles the backend into packages/backend/dist/index.cjs.
 * @param {{ log?: (m: string) => void }} [options]
 */
export async function buildBackend({ log = console.log } = {}) {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const outdir = path.join(backendDir, 'dist');
  // Build next to dist and swap, so a backend starting meanwhile never sees half a bundle.
  const tmpdir = path.join(cacheDir, `dist-${process.pid}`);
  fs.rmSync(tmpdir, { recursive: true, force: true });
  try {
    const result = await esbuild.build({
      entryPoints: [path.join(backendDir, 'src/index.ts')],
      outfile: path.join(tmpdir, 'index.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // `backend.add(import('x'))` becomes a require, as backstage-cli's own
      // transform does; a native import() of a CommonJS plugin would wrap it twice.
      supported: { 'dynamic-import': false },
      sourcemap: true,
      sourcesContent: false,
      keepNames: true,
      metafile: true,
      logLevel: 'warning',
      tsconfig: path.join(repoRoot, 'tsconfig.json'),
      plugins: [
        {
          name: 'workspace-sources-only',
          setup(build) {
            // Our workspace packages (TypeScript sources) go into the bundle;
            // everything else from node_modules is required at run time.
            build.onResolve({ filter: /^[^./]/ }, args => {
              if (args.path.startsWith('@internal/')) return undefined;
              return { path: args.path, external: true };
            });
          },
        },
      ],
    });
    const configSchemas = await writeConfigSchema(
      path.join(tmpdir, 'config-schema.json'),
    );
    const inputs = [
      ...Object.keys(result.metafile.inputs).map(f =>
        path.relative(repoRoot, path.resolve(process.cwd(), f)),
      ),
      ...configSchemas,
    ].filter(f => !f.split(path.sep).includes('node_modules'));
    fs.writeFileSync(
      path.join(tmpdir, 'inputs.json'),
      `${JSON.stringify(inputs, null, 1)}\n`,
    );
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(tmpdir, outdir);
    const size = fs.statSync(backendEntry).size;
    log(
      `[launchpad] built the backend: packages/backend/dist/index.cjs (${(
        size / 1e6
      ).toFixed(1)} MB, ${inputs.length} source files) in ${(
        (Date.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
  } finally {
    fs.rmSync(tmpdir, { recursive: true, force: true });
  }
}

/**
 * Builds the backend unless dist/index.cjs is newer than everything that went into it.
 * @param {{ force?: boolean, log?: (m: string) => void }} [options]
 * @returns {Promise<boolean>} whether it built
 */
export async function ensureBackendBuilt({
  force = false,
  log = console.log,
} = {}) {
  if (!force && !backendStaleReason()) return false;
  // One build at a time (tests and `npm start` may ask at once); the others
  // wait, then find it fresh.
  fs.mkdirSync(cacheDir, { recursive: true });
  const release = await lock(path.join(cacheDir, 'lock'));
  try {
    const reason = force ? 'forced' : backendStaleReason();
    if (!reason) return false;
    log(`[launchpad] building the backend (${reason})…`);
    await buildBackend({ log });
    return true;
  } finally {
    release();
  }
}

/**
 * A lock directory; one left by a build that died is taken over after 5 minutes.
 * @param {string} dir
 */
async function lock(dir) {
  for (;;) {
    try {
      fs.mkdirSync(dir);
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST')
        throw error;
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs > 5 * 60_000)
          fs.rmSync(dir, { recursive: true, force: true });
      } catch {}
      await new Promise(r => setTimeout(r, 200));
    }
  }
}
