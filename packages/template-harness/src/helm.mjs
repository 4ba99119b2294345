// @ts-check
// renderHelmChart: renders a chart with helm-render (../helm-render/main.go),
// a small Go program on Helm's own template engines as Debian ships them:
// Go's text/template + sprig. The binary is built on first use into a cache
// folder keyed by the hash of main.go.
import { execFile as execFileCb, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sha256 } from './files.mjs';

const execFile = promisify(execFileCb);

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const sourceDir = path.join(packageDir, 'helm-render');

/** Debian's Go library tree (GOPATH mode: GO111MODULE=off). */
export const DEBIAN_GOPATH = '/usr/share/gocode';

/** The Debian packages helm-render needs, and a file each one installs. */
export const HELM_RENDER_DEBIAN_PACKAGES = [
  { name: 'golang-go', probe: null },
  {
    name: 'golang-github-masterminds-sprig-dev',
    probe: 'src/github.com/Masterminds/sprig/functions.go',
  },
  { name: 'golang-gopkg-yaml.v3-dev', probe: 'src/gopkg.in/yaml.v3/yaml.go' },
  { name: 'golang-gopkg-yaml.v2-dev', probe: 'src/gopkg.in/yaml.v2/yaml.go' },
];

const APT_LINE = `apt-get install -y ${HELM_RENDER_DEBIAN_PACKAGES.map(
  p => p.name,
).join(' ')}`;

/**
 * @param {string[]} missing
 * @returns {Error}
 */
function missingPackagesError(missing) {
  return new Error(
    `helm-render cannot be built: missing Debian package(s) ${missing.join(
      ', ',
    )}. ` + `Install them with: apt-get update && ${APT_LINE}`,
  );
}

/** @returns {string} */
function cacheRoot() {
  return (
    process.env.LAUNCHPAD_HELM_RENDER_CACHE ??
    path.join(packageDir, 'node_modules', '.cache', 'launchpad-helm-render')
  );
}

/** @type {Promise<string> | undefined} */
let binaryPromise;

/**
 * Builds helm-render if needed and returns the binary's path. Built once per
 * main.go content (cache key: sha256 of main.go); concurrent builders (e.g.
 * parallel test files) each build to a temp folder and rename into place.
 *
 * @returns {Promise<string>}
 */
export function ensureHelmRenderBinary() {
  binaryPromise ??= buildBinary().catch(error => {
    binaryPromise = undefined;
    throw error;
  });
  return binaryPromise;
}

/** @returns {Promise<string>} */
async function buildBinary() {
  const mainGo = await fs.readFile(path.join(sourceDir, 'main.go'));
  const key = sha256(mainGo).slice(0, 16);
  const binDir = path.join(cacheRoot(), key);
  const binary = path.join(binDir, 'helm-render');
  if (existsSync(binary)) return binary;

  const gopath = process.env.LAUNCHPAD_GOPATH ?? DEBIAN_GOPATH;
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
  /** @type {string[]} */
  const missing = [];
  if (goVersion.error || goVersion.status !== 0) missing.push('golang-go');
  for (const pkg of HELM_RENDER_DEBIAN_PACKAGES) {
    if (pkg.probe && !existsSync(path.join(gopath, pkg.probe)))
      missing.push(pkg.name);
  }
  if (missing.length) throw missingPackagesError(missing);

  await fs.mkdir(cacheRoot(), { recursive: true });
  const tmpDir = await fs.mkdtemp(
    path.join(cacheRoot(), `build-${process.pid}-`),
  );
  try {
    const tmpBinary = path.join(tmpDir, 'helm-render');
    const env = {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH: gopath,
      GOFLAGS: '',
      CGO_ENABLED: '0', // no C compiler needed
      GOCACHE: process.env.GOCACHE ?? path.join(cacheRoot(), 'go-build'),
    };
    try {
      await execFile('go', ['build', '-trimpath', '-o', tmpBinary, '.'], {
        cwd: sourceDir,
        env,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = String(
        /** @type {{ stderr?: string }} */ (error).stderr ?? '',
      );
      const cannotFind = [
        ...stderr.matchAll(/cannot find package "([^"]+)"/g),
      ].map(m => m[1]);
      if (cannotFind.length) {
        throw new Error(
          `helm-render cannot be built: Go packages not found: ${cannotFind.join(
            ', ',
          )}. ` +
            `Install the Debian packages with: apt-get update && ${APT_LINE}\n${stderr}`,
        );
      }
      throw new Error(
        `helm-render build failed (${go(goVersion.stdout)}):\n${stderr}`,
      );
    }
    await fs.mkdir(binDir, { recursive: true });
    await fs.rename(tmpBinary, binary); // atomic: a concurrent builder's result is identical
    return binary;
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
}

/**
 * @param {string | undefined} text
 * @returns {string}
 */
function go(text) {
  return (text ?? '').trim() || 'go';
}

/**
 * @typedef {object} RenderOptions
 * @property {string} [releaseName]  .Release.Name (default "release-name", like helm template)
 * @property {string} [namespace]    .Release.Namespace (default "default")
 * @property {string} [kubeVersion]  .Capabilities.KubeVersion (default "v1.31.0")
 * @property {string[]} [apiVersions] extra .Capabilities.APIVersions entries (e.g. "argoproj.io/v1alpha1")
 */

/**
 * Renders a Helm chart like `helm template`: the chart's values.yaml, then
 * each values file in order (deep-merged; null deletes a key), every
 * templates/ file whose name does not start with "_" (NOTES.txt excluded),
 * documents in template-file order, each as "---\n# Source: <chart>/templates/<file>\n...".
 *
 * @param {string} chartDir folder holding Chart.yaml
 * @param {string[]} [valuesFiles] extra values files; relative paths are relative to chartDir
 * @param {RenderOptions} [options]
 * @returns {Promise<string>} the rendered multi-document YAML
 * @throws {Error} naming the template file (and line) when rendering fails, or the missing Debian packages
 */
export async function renderHelmChart(
  chartDir,
  valuesFiles = [],
  options = {},
) {
  const {
    releaseName = 'release-name',
    namespace = 'default',
    kubeVersion,
    apiVersions = [],
  } = options;
  const chart = path.resolve(chartDir);
  if (!existsSync(path.join(chart, 'Chart.yaml'))) {
    throw new Error(`not a Helm chart (no Chart.yaml): ${chart}`);
  }
  const args = [
    '--chart',
    chart,
    '--release-name',
    releaseName,
    '--namespace',
    namespace,
  ];
  for (const file of valuesFiles) {
    const resolved = path.resolve(chart, file);
    if (!existsSync(resolved))
      throw new Error(`values file not found: ${resolved}`);
    args.push('--values', resolved);
  }
  if (kubeVersion) args.push('--kube-version', kubeVersion);
  for (const apiVersion of apiVersions) args.push('--api-versions', apiVersion);

  const binary = await ensureHelmRenderBinary();
  try {
    const { stdout } = await execFile(binary, args, {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = String(
      /** @type {{ stderr?: string }} */ (error).stderr ?? '',
    ).trim();
    const detail =
      stderr.replace(/^Error: /, '') ||
      (error instanceof Error ? error.message : String(error));
    throw new Error(`helm chart ${path.basename(chart)} (${chart}): ${detail}`);
  }
}
