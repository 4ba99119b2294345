import path from 'node:path';
import { validateMkdocsConfig } from './validateMkdocsConfig';
import { DocsRejectedError } from './types';

const root = path.resolve('/srv/checkout');

describe('validateMkdocsConfig', () => {
  // Every way a team's mkdocs.yml could make the portal run code, read files
  // or environment outside the checkout, or load what is not installed.
  const hostile: Array<[string, string, RegExp]> = [
    [
      'hooks',
      'site_name: x\nhooks:\n  - hooks.py\n',
      /'hooks' is not accepted/,
    ],
    ['hooks (empty)', 'site_name: x\nhooks: []\n', /'hooks' is not accepted/],
    ['INHERIT', 'INHERIT: ../../etc/base.yml\nsite_name: x\n', /INHERIT/],
    [
      'python/name tag',
      'site_name: !!python/name:os.system x\n',
      /Python tags run code/,
    ],
    [
      'python/object/apply',
      "site_name: x\nextra: !!python/object/apply:os.system ['id']\n",
      /Python tags/,
    ],
    [
      'python/object/new',
      'site_name: x\nextra:\n  a: !!python/object/new:subprocess.Popen [[id]]\n',
      /Python tags/,
    ],
    [
      'python tag with verbatim form',
      'site_name: !<tag:yaml.org,2002:python/name:os.system> x\n',
      /Python tags/,
    ],
    [
      'python tag in a markdown extension option',
      'site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:materialx.emoji.twemoji\n',
      /Python tags/,
    ],
    ['!ENV', 'site_name: !ENV POSTGRES_PASSWORD\n', /environment/],
    [
      '!ENV as a list',
      'site_name: !ENV [AUTH_SESSION_SECRET, x]\n',
      /environment/,
    ],
    [
      '!relative',
      'site_name: x\nextra:\n  p: !relative $config_dir\n',
      /YAML tag '!relative'/,
    ],
    [
      'alias bomb',
      'site_name: x\nextra:\n  a: &a [x, x, x]\n  b: [*a, *a, *a]\n',
      /anchors and aliases/,
    ],
    ['docs_dir absolute', 'site_name: x\ndocs_dir: /etc\n', /must be relative/],
    [
      'docs_dir parent',
      'site_name: x\ndocs_dir: ../other-repo\n',
      /outside the repository/,
    ],
    [
      'docs_dir climbs through a child',
      'site_name: x\ndocs_dir: docs/../../..\n',
      /outside the repository/,
    ],
    [
      'docs_dir backslash',
      'site_name: x\ndocs_dir: ..\\..\\etc\n',
      /must be relative/,
    ],
    [
      'docs_dir windows drive',
      'site_name: x\ndocs_dir: "C:/Windows"\n',
      /must be relative/,
    ],
    [
      'docs_dir the root itself',
      'site_name: x\ndocs_dir: .\n',
      /cannot be the folder/,
    ],
    [
      'docs_dir not text',
      'site_name: x\ndocs_dir: [a]\n',
      /relative folder name/,
    ],
    [
      'site_dir',
      'site_name: x\nsite_dir: /var/www\n',
      /'site_dir' is not accepted/,
    ],
    [
      'unknown plugin',
      'site_name: x\nplugins:\n  - evil-plugin\n',
      /plugin 'evil-plugin' is not accepted/,
    ],
    [
      'plugin by module path',
      'site_name: x\nplugins:\n  - os:system\n',
      /plugin 'os:system'/,
    ],
    [
      'material social plugin (fetches fonts)',
      'site_name: x\nplugins:\n  - social\n',
      /plugin 'social'/,
    ],
    [
      'plugin as a map of two',
      'site_name: x\nplugins:\n  - {search: {}, evil: {}}\n',
      /map of one name/,
    ],
    [
      'snippets reads server files',
      "site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['/']\n",
      /'pymdownx.snippets' is not accepted/,
    ],
    [
      'b64 embeds local files',
      'site_name: x\nmarkdown_extensions:\n  - pymdownx.b64\n',
      /'pymdownx.b64'/,
    ],
    [
      'markdown_include',
      'site_name: x\nmarkdown_extensions:\n  - markdown_include.include\n',
      /markdown_include/,
    ],
    [
      'plantuml runs a command',
      'site_name: x\nmarkdown_extensions:\n  - plantuml_markdown:\n      plantuml_cmd: /bin/sh\n',
      /plantuml_markdown/,
    ],
    [
      'extension by import path',
      'site_name: x\nmarkdown_extensions:\n  - "os:system"\n',
      /not accepted/,
    ],
    [
      'extension options not a map',
      'site_name: x\nmarkdown_extensions:\n  - toc: 3\n',
      /must be a map/,
    ],
    [
      'theme custom_dir (Jinja)',
      'site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\n',
      /custom_dir/,
    ],
    [
      'unknown theme',
      'site_name: x\ntheme: evil\n',
      /theme 'evil' is not installed/,
    ],
    [
      'extra_javascript',
      "site_name: x\nextra_javascript: ['x.js']\n",
      /scripts in the docs/,
    ],
    ['extra_templates', "site_name: x\nextra_templates: ['x.html']\n", /Jinja/],
    [
      'unknown key',
      'site_name: x\nwatch: [/]\n',
      /unsupported setting 'watch'/,
    ],
    ['duplicate keys', 'site_name: x\nsite_name: y\n', /not valid YAML/],
    ['top level a list', '- a\n- b\n', /top level must be a map/],
    [
      'huge file',
      `site_name: x\nextra:\n  a: "${'x'.repeat(300 * 1024)}"\n`,
      /larger than/,
    ],
    ['extra_css not names', 'site_name: x\nextra_css: {a: 1}\n', /extra_css/],
  ];

  it.each(hostile)('refuses %s', (_name, text, message) => {
    let error: unknown;
    try {
      validateMkdocsConfig(text, root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocsRejectedError);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts a golden path mkdocs.yml with techdocs-core and gives the material defaults', () => {
    const { config, docsDir } = validateMkdocsConfig(
      'site_name: payments-service\nsite_description: Payments\nnav:\n  - Home: index.md\nplugins:\n  - techdocs-core\n',
      root,
    );
    expect(docsDir).toBe(path.join(root, 'docs'));
    expect(config).toMatchObject({
      site_name: 'payments-service',
      docs_dir: 'docs',
      theme: { name: 'material', font: false },
      plugins: ['search'],
    });
    expect(config.markdown_extensions).toEqual(
      expect.arrayContaining(['admonition']),
    );
  });

  it('keeps allowed settings, extensions with options and a docs_dir below the checkout', () => {
    const { config, docsDir } = validateMkdocsConfig(
      [
        'site_name: x',
        'docs_dir: documentation/src',
        'theme: {name: readthedocs}',
        'plugins: [search]',
        'markdown_extensions:',
        '  - admonition',
        '  - toc: {permalink: true}',
        '  - markdown.extensions.tables',
        '  - pymdownx.superfences',
      ].join('\n'),
      root,
    );
    expect(docsDir).toBe(path.join(root, 'documentation', 'src'));
    expect(config.theme).toEqual({ name: 'readthedocs' });
    expect(config.markdown_extensions).toEqual([
      'admonition',
      { toc: { permalink: true } },
      'markdown.extensions.tables',
      'pymdownx.superfences',
    ]);
  });

  it('fills a missing or empty config from the entity', () => {
    expect(
      validateMkdocsConfig('', root, { siteName: 'Orders' }).config,
    ).toMatchObject({
      site_name: 'Orders',
      docs_dir: 'docs',
    });
  });
});
