import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import {
  type LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  GitRepositoryStore,
  GitRunner,
} from '@internal/plugin-git-hosting-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GitTemplateSource } from '../engine/TemplateSource';
import { TemplateUpgrader } from '../engine/TemplateUpgrader';

/** The portal's real templates/. */
export const TEMPLATES_DIR = resolvePackagePath(
  '@internal/plugin-template-upgrades-backend',
  '../../templates',
);

/** The golden paths a fleet is made of. */
export const FLEET_TEMPLATES = [
  'node-service',
  'go-service',
  'postgres-database',
];

function replaceOnce(
  text: string,
  from: string | RegExp,
  to: string,
  file: string,
) {
  const next = text.replace(from, to);
  if (next === text)
    throw new Error(`fixture: ${String(from)} not found in ${file}`);
  return next;
}

async function edit(dir: string, file: string, fn: (text: string) => string) {
  const full = path.join(dir, file);
  await fs.writeFile(full, fn(await fs.readFile(full, 'utf-8')));
}

/** The version after `version` in the fixture (next minor). */
export function nextMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
}

/** The version a template declares in a templates folder. */
export async function versionIn(dir: string, name: string): Promise<string> {
  const text = await fs.readFile(
    path.join(dir, name, 'template.yaml'),
    'utf-8',
  );
  const m = /launchpad\.io\/template-version: "(\d+\.\d+\.\d+)"/.exec(text);
  if (!m) throw new Error(`fixture: ${name} has no version`);
  return m[1];
}

/**
 * A newer version of every fleet template, made for the test only (nothing
 * of it is shipped in templates/): the shared standard's CI moves to
 * ubuntu-24.04 runners, the chart's `metricsPort` becomes `metrics.port`
 * with a migration that renames the key in the team's values, a new
 * .editorconfig; the database's chart values and README change.
 */
export async function writeFixtureVersion(from: string, to: string) {
  await fs.cp(from, to, { recursive: true });
  for (const name of FLEET_TEMPLATES) {
    const version = await versionIn(from, name);
    await edit(to, `${name}/template.yaml`, t =>
      replaceOnce(
        t,
        `launchpad.io/template-version: "${version}"`,
        `launchpad.io/template-version: "${nextMinor(version)}"`,
        name,
      ),
    );
  }
  const std = '_shared/service-standard';
  await edit(to, `${std}/.github/workflows/ci.yaml`, t =>
    replaceOnce(
      t,
      /runs-on: ubuntu-latest/g,
      'runs-on: ubuntu-24.04',
      'ci.yaml',
    ),
  );
  await edit(to, `${std}/.github/workflows/promote.yaml`, t =>
    replaceOnce(
      t,
      /runs-on: ubuntu-latest/g,
      'runs-on: ubuntu-24.04',
      'promote.yaml',
    ),
  );
  const chart = `${std}/charts/\${{ values.name }}`;
  await edit(to, `${chart}/values.yaml`, t =>
    replaceOnce(
      t,
      'metricsPort: 9090\n',
      'metrics:\n  port: 9090\n',
      'values.yaml',
    ),
  );
  for (const file of ['templates/deployment.yaml', 'templates/service.yaml']) {
    await edit(to, `${chart}/${file}`, t =>
      replaceOnce(t, /\.Values\.metricsPort/g, '.Values.metrics.port', file),
    );
  }
  await fs.writeFile(
    path.join(to, std, '.editorconfig'),
    '# One style for every editor (Launchpad service standard).\nroot = true\n\n[*]\nend_of_line = lf\ninsert_final_newline = true\n',
  );
  const migration = (version: string) =>
    [
      'migrations:',
      `  - version: ${version}`,
      '    description: The chart groups its metrics settings under metrics.',
      '    steps:',
      '      - renameKey:',
      '          file: charts/${{ values.name }}/values.yaml',
      '          from: metricsPort',
      '          to: metrics.port',
      '',
    ].join('\n');
  for (const name of ['node-service', 'go-service'])
    await fs.writeFile(
      path.join(to, name, 'upgrades.yaml'),
      migration(nextMinor(await versionIn(from, name))),
    );
  const db = 'postgres-database/skeleton';
  await edit(to, `${db}/charts/\${{ values.name }}/values.yaml`, t =>
    replaceOnce(
      t,
      '# Sizes an environment can pick.',
      '# Sizes an environment can pick (two or more instances keep the database up while a node is drained).',
      'database values.yaml',
    ),
  );
  await edit(
    to,
    `${db}/README.md`,
    t =>
      `${t.trimEnd()}\n\nUpgrades: the portal proposes template upgrades as change proposals.\n`,
  );
}

/** Golden path settings of the tests (as app-config gives them). */
export const TEST_SETTINGS = {
  backendBaseUrl: 'http://localhost:7007',
  imageRegistry: 'registry.northwind.example',
  environments: [
    {
      name: 'dev',
      cluster: 'https://k8s.dev.northwind.example',
      autoSync: true,
    },
    {
      name: 'stage',
      cluster: 'https://k8s.stage.northwind.example',
      autoSync: true,
    },
    {
      name: 'prod',
      cluster: 'https://k8s.prod.northwind.example',
      autoSync: false,
    },
  ],
  publish: { type: 'local' as const },
};

/**
 * A git host in `root` with platform/golden-paths seeded from the real
 * templates (the old versions) and then the fixture's newer versions.
 */
export async function makeGoldenPaths(root: string) {
  const runner = new GitRunner();
  const store = new GitRepositoryStore(path.join(root, 'git'), runner);
  const source = new GitTemplateSource(store, {
    org: 'platform',
    name: 'golden-paths',
  });
  const logger = quietLogger();
  const author = { name: 'Launchpad', email: 'launchpad@northwind.example' };
  const oldDir = path.join(root, 'templates-old');
  await fs.cp(TEMPLATES_DIR, oldDir, {
    recursive: true,
    filter: f =>
      path.basename(f) !== 'golden' && path.basename(f) !== 'node_modules',
  });
  const newDir = path.join(root, 'templates-new');
  await writeFixtureVersion(oldDir, newDir);
  const seededOld = await source.seed(oldDir, { logger, author });
  const seededNew = await source.seed(newDir, { logger, author });
  const versions: Record<string, { old: string; new: string }> = {};
  for (const name of FLEET_TEMPLATES)
    versions[name] = {
      old: await versionIn(oldDir, name),
      new: await versionIn(newDir, name),
    };
  const upgrader = () =>
    new TemplateUpgrader({
      source,
      runner,
      settings: TEST_SETTINGS,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      logger,
      tmpRoot: path.join(root, 'work'),
    });
  return {
    store,
    runner,
    source,
    logger,
    versions,
    seeded: [...seededOld.tagged, ...seededNew.tagged],
    upgrader,
    oldDir,
    newDir,
  };
}

/** The example answers of a template (its examples/*.json). */
export async function exampleAnswers(
  name: string,
): Promise<Record<string, unknown>> {
  const dir = path.join(TEMPLATES_DIR, name, 'examples');
  const [file] = (await fs.readdir(dir))
    .filter(f => f.endsWith('.json'))
    .sort();
  return JSON.parse(await fs.readFile(path.join(dir, file), 'utf-8'));
}

/** A logger that drops everything (the engine logs every rendered file). */
function quietLogger(): LoggerService {
  const logger: LoggerService = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}
