// @ts-check
// checkTechDocs: a created repository's docs build the way the portal builds
// them: Debian's MkDocs without Backstage's techdocs-core plugin
// (techdocs.generator.mkdocs.omitTechdocsCorePlugin), so mkdocs.yml must stay
// plain (no plugins, no hooks, a built-in theme), and `mkdocs build --strict`
// must pass (every nav entry and internal link resolves).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';

const run = promisify(execFile);

/** Themes Debian's mkdocs package ships (mkdocs-material is a separate package). */
export const BUILT_IN_THEMES = ['mkdocs', 'readthedocs'];

/** What CI installs for this check. */
export const TECHDOCS_DEBIAN_PACKAGES = ['mkdocs'];

/**
 * @typedef {object} TechDocsFinding
 * @property {string} file
 * @property {string} message
 */

/**
 * @param {string} repoDir
 * @param {{ mkdocs?: string }} [options] the mkdocs binary (default: `mkdocs` on PATH)
 * @returns {Promise<TechDocsFinding[]>}
 */
export async function checkTechDocs(repoDir, { mkdocs = 'mkdocs' } = {}) {
  const configFile = path.join(repoDir, 'mkdocs.yml');
  if (!fs.existsSync(configFile))
    return [
      {
        file: 'mkdocs.yml',
        message: 'missing (backstage.io/techdocs-ref: dir:. needs it)',
      },
    ];
  /** @type {TechDocsFinding[]} */
  const findings = [];
  /** @type {Record<string, any>} */
  let config;
  try {
    config = YAML.parse(fs.readFileSync(configFile, 'utf8')) ?? {};
  } catch (error) {
    return [
      {
        file: 'mkdocs.yml',
        message: `not YAML: ${/** @type {Error} */ (error).message}`,
      },
    ];
  }
  for (const key of ['plugins', 'hooks', 'markdown_extensions']) {
    if (config[key] !== undefined)
      findings.push({
        file: 'mkdocs.yml',
        message: `${key}: the portal builds docs with plain MkDocs; remove it`,
      });
  }
  const theme =
    typeof config.theme === 'string' ? config.theme : config.theme?.name;
  if (!BUILT_IN_THEMES.includes(theme)) {
    findings.push({
      file: 'mkdocs.yml',
      message: `theme ${JSON.stringify(
        theme,
      )}: use one MkDocs ships (${BUILT_IN_THEMES.join(', ')})`,
    });
  }
  const docsDir = path.join(repoDir, config.docs_dir ?? 'docs');
  if (!fs.existsSync(path.join(docsDir, 'index.md'))) {
    findings.push({
      file: path.relative(repoDir, path.join(docsDir, 'index.md')),
      message: 'missing: the docs home page',
    });
  }
  if (findings.length) return findings;

  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-techdocs-'));
  try {
    await run(
      mkdocs,
      [
        'build',
        '--strict',
        '--quiet',
        '--config-file',
        configFile,
        '--site-dir',
        site,
      ],
      { cwd: repoDir, maxBuffer: 16 << 20 },
    );
  } catch (error) {
    const e = /** @type {NodeJS.ErrnoException & { stderr?: string }} */ (
      error
    );
    const message =
      e.code === 'ENOENT'
        ? `${mkdocs} not found: apt-get install -y ${TECHDOCS_DEBIAN_PACKAGES.join(
            ' ',
          )}`
        : `mkdocs build --strict failed: ${(e.stderr ?? e.message).trim()}`;
    findings.push({ file: 'mkdocs.yml', message });
  } finally {
    fs.rmSync(site, { recursive: true, force: true });
  }
  return findings;
}
