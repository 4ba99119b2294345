import path from 'node:path';
import YAML, { isAlias, isNode, visit } from 'yaml';
import { DocsRejectedError } from './types';

/**
 * Top-level mkdocs.yml keys a team may set: Backstage's own allow-list
 * (ALLOWED_MKDOCS_KEYS in @backstage/plugin-techdocs-node's sanitizeMkdocsYml)
 * less `site_dir`, `watch` and `dev_addr` (the portal decides where the site
 * goes; the others are for `mkdocs serve`). Everything else is refused with
 * its name, `hooks` and `INHERIT` above all: hooks are Python files run by
 * mkdocs, INHERIT reads another YAML file from anywhere.
 */
const ALLOWED_KEYS = new Set([
  'site_name',
  'site_url',
  'site_description',
  'site_author',
  'repo_url',
  'repo_name',
  'edit_uri',
  'edit_uri_template',
  'docs_dir',
  'nav',
  'exclude_docs',
  'not_in_nav',
  'theme',
  'plugins',
  'markdown_extensions',
  'extra',
  'extra_css',
  'use_directory_urls',
  'strict',
  'copyright',
  'remote_branch',
  'remote_name',
  'validation',
  'google_analytics',
]);

const REFUSED_KEYS: Record<string, string> = {
  hooks: 'hooks run Python files from the repository on the portal',
  INHERIT:
    'INHERIT reads another configuration file, possibly outside the repository',
  site_dir: 'the portal decides where the site is written',
  extra_javascript: 'scripts in the docs would run in the portal',
  extra_templates: 'templates are rendered by Jinja with full Python access',
};

/** Themes installed with Debian's mkdocs and mkdocs-material. */
const ALLOWED_THEMES = new Set(['material', 'mkdocs', 'readthedocs']);
/** Backstage's ALLOWED_THEME_KEYS: no custom_dir (Jinja templates from the repository). */
const ALLOWED_THEME_KEYS = new Set([
  'name',
  'font',
  'icon',
  'logo',
  'favicon',
  'language',
  'direction',
  'palette',
  'features',
]);

/**
 * Plugins loaded by name. `techdocs-core` is Backstage's convention in every
 * mkdocs.yml; it is not packaged by Debian, so the portal replaces it with the
 * material theme and the extensions it bundles (DEFAULT_EXTENSIONS).
 */
const ALLOWED_PLUGINS = new Set(['search', 'tags', 'techdocs-core']);

/**
 * Markdown extensions loaded by name (a Python import path): plain text
 * transforms only. Refused among others: pymdownx.snippets and
 * markdown_include (read any file on the server), pymdownx.b64 (embeds local
 * files), plantuml_markdown (runs a command).
 */
const ALLOWED_EXTENSIONS = new Set(
  [
    'abbr',
    'admonition',
    'attr_list',
    'def_list',
    'fenced_code',
    'footnotes',
    'md_in_html',
    'meta',
    'sane_lists',
    'smarty',
    'tables',
    'toc',
    'codehilite',
    'nl2br',
    'legacy_attrs',
    'legacy_em',
    'wikilinks',
  ]
    .flatMap(n => [n, `markdown.extensions.${n}`])
    .concat(
      [
        'arithmatex',
        'betterem',
        'caret',
        'critic',
        'details',
        'emoji',
        'escapeall',
        'highlight',
        'inlinehilite',
        'keys',
        'magiclink',
        'mark',
        'smartsymbols',
        'superfences',
        'tabbed',
        'tasklist',
        'tilde',
      ].map(n => `pymdownx.${n}`),
    ),
);

/** What techdocs-core would have given: the material look the TechDocs reader expects. */
const DEFAULT_EXTENSIONS: unknown[] = [
  'admonition',
  'abbr',
  'attr_list',
  'def_list',
  'footnotes',
  'tables',
  { toc: { permalink: true } },
  'pymdownx.details',
  'pymdownx.superfences',
  'pymdownx.tabbed',
  'pymdownx.tasklist',
];

const MAX_CONFIG_BYTES = 256 * 1024;

export interface ValidatedMkdocsConfig {
  /** The configuration mkdocs is given (written over the copy's mkdocs.yml). */
  config: Record<string, unknown>;
  /** Absolute docs folder inside the checkout. */
  docsDir: string;
}

function reject(message: string): never {
  throw new DocsRejectedError(`mkdocs.yml: ${message}`);
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One entry of `plugins:` or `markdown_extensions:`: a name, or a one-key map name → options. */
function entryName(entry: unknown, where: string): [string, unknown] {
  if (typeof entry === 'string') return [entry, undefined];
  if (isPlainMap(entry) && Object.keys(entry).length === 1) {
    const [name] = Object.keys(entry);
    const options = entry[name];
    if (options !== null && options !== undefined && !isPlainMap(options)) {
      reject(`the options of ${where} entry '${name}' must be a map`);
    }
    return [name, options ?? undefined];
  }
  return reject(
    `each ${where} entry must be a name or a map of one name to its options`,
  );
}

/** Relative to `root`, inside it (lexically; the tree was copied without symlinks out). */
function resolveInside(root: string, value: unknown, key: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
    reject(`${key} must be a relative folder name`);
  }
  if (
    path.isAbsolute(value) ||
    /^[a-zA-Z]:/.test(value) ||
    value.includes('\\')
  ) {
    reject(`${key} '${value}' must be relative to mkdocs.yml`);
  }
  const resolved = path.resolve(root, value);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    reject(`${key} '${value}' points outside the repository`);
  }
  if (resolved === root) {
    reject(`${key} cannot be the folder of mkdocs.yml itself`);
  }
  return resolved;
}

/**
 * Reads a team's mkdocs.yml as hostile input, the way Backstage's own
 * validateMkdocsYaml (@backstage/plugin-techdocs-node) checks docs_dir, and
 * further: no YAML tags at all (`!!python/...` runs Python when mkdocs loads
 * the file, `!ENV` reads the portal's environment, `!relative` paths), no
 * anchors or aliases (alias bombs), only known keys, themes, plugins and
 * markdown extensions. Returns the configuration to build with.
 */
export function validateMkdocsConfig(
  text: string,
  root: string,
  options: { siteName?: string } = {},
): ValidatedMkdocsConfig {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    reject(`larger than ${MAX_CONFIG_BYTES} bytes`);
  }
  const doc = YAML.parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    schema: 'core',
  });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e.linePos?.[0];
    reject(
      `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${
        e.code
      }`,
    );
  }
  visit(doc, {
    Node(_key, node) {
      const at = node.range ? lineOf(text, node.range[0]) : '?';
      if (isAlias(node)) {
        reject(`anchors and aliases are not accepted (line ${at})`);
      }
      if (isNode(node) && node.tag) {
        const tag = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
        let why = 'only plain values are';
        if (tag.startsWith('!!python')) {
          why = 'Python tags run code when mkdocs reads the file';
        } else if (tag === '!ENV') {
          why = "!ENV would read the portal's environment";
        }
        reject(`YAML tag '${tag}' (line ${at}) is not accepted: ${why}`);
      }
      if (isNode(node) && 'anchor' in node && node.anchor) {
        reject(`anchors and aliases are not accepted (line ${at})`);
      }
    },
  });
  const raw: unknown = doc.toJS({ maxAliasCount: 0 });
  if (raw === null || raw === undefined) {
    return buildConfig({}, root, options);
  }
  if (!isPlainMap(raw)) reject('the top level must be a map of settings');
  return buildConfig(raw, root, options);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text[i] === '\n') line++;
  return line;
}

function buildConfig(
  raw: Record<string, unknown>,
  root: string,
  options: { siteName?: string },
): ValidatedMkdocsConfig {
  for (const key of Object.keys(raw)) {
    if (REFUSED_KEYS[key])
      reject(`'${key}' is not accepted: ${REFUSED_KEYS[key]}`);
    if (!ALLOWED_KEYS.has(key)) {
      reject(`unknown or unsupported setting '${key}'`);
    }
  }
  const config: Record<string, unknown> = { ...raw };

  const docsDir = resolveInside(root, raw.docs_dir ?? 'docs', 'docs_dir');
  config.docs_dir = path.relative(root, docsDir);

  if (config.site_name === undefined || config.site_name === null) {
    config.site_name = options.siteName ?? 'Documentation';
  }
  if (typeof config.site_name !== 'string') reject('site_name must be text');

  // theme: a name, or a map with an allowed name and allowed keys
  let theme: Record<string, unknown> = { name: 'material' };
  if (raw.theme !== undefined && raw.theme !== null) {
    if (typeof raw.theme === 'string') theme = { name: raw.theme };
    else if (isPlainMap(raw.theme)) theme = { name: 'material', ...raw.theme };
    else reject('theme must be a name or a map');
  }
  for (const key of Object.keys(theme)) {
    if (!ALLOWED_THEME_KEYS.has(key)) {
      reject(
        key === 'custom_dir'
          ? 'theme.custom_dir is not accepted: its templates run with full Python access'
          : `unknown or unsupported theme setting '${key}'`,
      );
    }
  }
  if (typeof theme.name !== 'string' || !ALLOWED_THEMES.has(theme.name)) {
    reject(
      `theme '${String(theme.name)}' is not installed; use one of ${[
        ...ALLOWED_THEMES,
      ].join(', ')}`,
    );
  }
  if (theme.name === 'material') {
    // No web fonts: material loads them from Google's servers, which leaks
    // readers to a third party and, offline, keeps the reader waiting on the
    // stylesheet (Backstage's disableExternalFonts does the same).
    theme.font = false;
  }
  config.theme = theme;

  // plugins: by name from an allow-list; techdocs-core stands for the defaults
  let wantsTechdocsCore = raw.plugins === undefined;
  if (raw.plugins !== undefined && raw.plugins !== null) {
    if (!Array.isArray(raw.plugins)) reject('plugins must be a list');
    const plugins: unknown[] = [];
    for (const entry of raw.plugins) {
      const [name] = entryName(entry, 'plugins');
      if (!ALLOWED_PLUGINS.has(name)) {
        reject(
          `plugin '${name}' is not accepted (plugins run Python on the portal); accepted: ${[
            ...ALLOWED_PLUGINS,
          ].join(', ')}`,
        );
      }
      if (name === 'techdocs-core') wantsTechdocsCore = true;
      else plugins.push(entry);
    }
    config.plugins = plugins.length > 0 ? plugins : ['search'];
  } else {
    config.plugins = ['search'];
  }

  // markdown_extensions: by name from an allow-list, options plain values
  const extensions: unknown[] = [];
  const names = new Set<string>();
  if (
    raw.markdown_extensions !== undefined &&
    raw.markdown_extensions !== null
  ) {
    if (!Array.isArray(raw.markdown_extensions))
      reject('markdown_extensions must be a list');
    for (const entry of raw.markdown_extensions) {
      const [name] = entryName(entry, 'markdown_extensions');
      if (!ALLOWED_EXTENSIONS.has(name)) {
        reject(
          `markdown extension '${name}' is not accepted (extensions are Python modules; some read files from the server)`,
        );
      }
      names.add(name.replace(/^markdown\.extensions\./, ''));
      extensions.push(entry);
    }
  }
  if (wantsTechdocsCore) {
    for (const entry of DEFAULT_EXTENSIONS) {
      const name =
        typeof entry === 'string' ? entry : Object.keys(entry as object)[0];
      if (!names.has(name)) extensions.push(entry);
    }
  }
  if (extensions.length > 0) config.markdown_extensions = extensions;

  if (raw.extra_css !== undefined) {
    if (
      !Array.isArray(raw.extra_css) ||
      raw.extra_css.some(c => typeof c !== 'string')
    ) {
      reject('extra_css must be a list of file names');
    }
  }
  return { config, docsDir };
}
