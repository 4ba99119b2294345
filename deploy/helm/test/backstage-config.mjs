// @ts-check
// loadPortalConfig: the configuration the backend of a rendered Deployment
// would read, loaded by Backstage's own config loader
// (@backstage/config-loader, as the backend does at start): the container's
// args (--config files, relative to its workingDir), the chart's ConfigMap
// mounted at /config, ${VAR} substitution and APP_CONFIG_* variables from the
// container's env, with secretKeyRef values taken from the given Secrets.
//
// The image's files are this checkout's: /app is mapped to the repository
// root, so the test reads the real app-config.yaml and
// app-config.production.yaml the image ships.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigSources } from '@backstage/config-loader';

/**
 * @typedef {object} PortalConfig
 * @property {import('@backstage/config').Config} config the merged config
 * @property {Record<string, string>} env the container's environment
 * @property {string[]} files the config files read, in order (as paths in the container)
 */

/**
 * @param {object} options
 * @param {Record<string, any>} options.deployment the rendered Deployment
 * @param {Record<string, any>} options.configMap the rendered ConfigMap it mounts at /config
 * @param {string} options.repoRoot the checkout that stands for the image's /app
 * @param {Record<string, Record<string, string>>} options.secrets Secret name -> key -> value
 * @returns {Promise<PortalConfig>}
 * @throws {Error} when the env references a Secret key that is not given
 */
export async function loadPortalConfig({
  deployment,
  configMap,
  repoRoot,
  secrets,
}) {
  const container = deployment.spec.template.spec.containers[0];
  /** @type {Record<string, string>} */
  const env = {};
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) {
      const { name, key, optional } = e.valueFrom.secretKeyRef;
      const value = secrets[name]?.[key];
      if (value === undefined) {
        if (optional) continue;
        throw new Error(`${e.name}: Secret ${name} has no key ${key}`);
      }
      env[e.name] = value;
    } else if (e.valueFrom) {
      throw new Error(`${e.name}: only values and secretKeyRef are supported`);
    } else {
      env[e.name] = String(e.value ?? '');
    }
  }

  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-config-'));
  try {
    const mounts = [
      ...(container.volumeMounts ?? []).filter(
        (/** @type {any} */ m) => m.mountPath === '/config',
      ),
    ];
    if (mounts.length !== 1) throw new Error('no ConfigMap mounted at /config');
    for (const [file, text] of Object.entries(configMap.data ?? {})) {
      await fs.writeFile(path.join(tmp, file), String(text));
    }
    /** @param {string} containerPath */
    const toHost = containerPath => {
      const abs = path.posix.resolve(
        container.workingDir ?? '/',
        containerPath,
      );
      if (abs.startsWith('/config/')) return path.join(tmp, abs.slice(8));
      if (abs.startsWith('/app/')) return path.join(repoRoot, abs.slice(5));
      throw new Error(`config file outside /app and /config: ${abs}`);
    };
    const argv = [...(container.command ?? []), ...(container.args ?? [])];
    /** @type {string[]} */
    const files = [];
    argv.forEach((arg, i) => {
      if (arg === '--config') files.push(argv[i + 1]);
      else if (arg.startsWith('--config=')) files.push(arg.slice(9));
    });
    const source = ConfigSources.default({
      argv: ['node', 'backend', ...files.flatMap(f => ['--config', toHost(f)])],
      env,
      rootDir: repoRoot,
      substitutionFunc: async name => env[name]?.trim(),
    });
    const config = await ConfigSources.toConfig(source);
    config.close();
    return { config, env, files };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
