import {
  ANSWERS_PATH,
  parseLineage,
} from '@internal/plugin-scaffolder-backend-module-launchpad';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  exampleAnswers,
  makeGoldenPaths,
} from '../__testUtils__/fixtureTemplates';
import type { FileTree } from './mergeTrees';
import { TemplateUpgrader } from './TemplateUpgrader';

jest.setTimeout(120_000);

let root: string;
let fixture: Awaited<ReturnType<typeof makeGoldenPaths>>;
let upgrader: TemplateUpgrader;
let created: FileTree;
const chart = 'charts/loyalty-service';

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'upgrader-test-'));
  fixture = await makeGoldenPaths(root);
  upgrader = fixture.upgrader();
  created = await upgrader.renderVersion(
    'node-service',
    fixture.versions['node-service'].old,
    {
      template: 'template:default/node-service',
      answers: await exampleAnswers('node-service'),
      source: { repository: 'platform/golden-paths', tag: 'unused@0.0.0' },
    },
    path.join(root, 'created'),
  );
});

afterAll(async () => {
  await upgrader?.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

const text = (tree: FileTree, file: string) =>
  tree.get(file)!.toString('utf-8');
const edit = (tree: FileTree, file: string, fn: (t: string) => string) => {
  const before = text(tree, file);
  const after = fn(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  tree.set(file, Buffer.from(after));
};

describe('TemplateUpgrader', () => {
  it('seeds one tag per template version, old and new', () => {
    const v = fixture.versions['node-service'];
    expect(fixture.seeded).toEqual(
      expect.arrayContaining([
        `node-service@${v.old}`,
        `node-service@${v.new}`,
      ]),
    );
  });

  it('records the lineage: template, version, source tag and the answers', () => {
    const lineage = parseLineage(text(created, ANSWERS_PATH));
    expect(lineage).toMatchObject({
      template: 'template:default/node-service',
      version: fixture.versions['node-service'].old,
      answers: { name: 'loyalty-service', owner: 'group:default/checkout' },
    });
    expect(text(created, 'catalog-info.yaml')).toContain(
      `launchpad.io/template-source: "platform/golden-paths#node-service@${fixture.versions['node-service'].old}"`,
    );
  });

  it('keeps edits, deletions and own files; merges template changes; runs the migration', async () => {
    const ours: FileTree = new Map(created);
    edit(ours, `${chart}/values.yaml`, t =>
      t
        .replace('replicaCount: 1', 'replicaCount: 3')
        .replace('metricsPort: 9090', 'metricsPort: 9191'),
    );
    edit(ours, '.github/workflows/ci.yaml', t =>
      t.replace(
        '    branches: [main]\n',
        '    branches: [main]\n  schedule:\n    - cron: "0 3 * * 1"\n',
      ),
    );
    edit(ours, 'src/server.ts', t => `${t}// the team's own line\n`);
    ours.delete('.github/workflows/promote.yaml');
    ours.set('notes/ours.md', Buffer.from('ours\n'));
    const plan = await upgrader.plan({
      files: ours,
      toVersion: fixture.versions['node-service'].new,
    });
    const result = new Map(ours);
    for (const [file, content] of plan.writes) result.set(file, content);

    expect(plan.conflicts).toEqual([]);
    expect(plan.keptDeleted).toEqual(['.github/workflows/promote.yaml']);
    expect(result.has('.github/workflows/promote.yaml')).toBe(false);
    expect(plan.writes.has('notes/ours.md')).toBe(false);
    expect(plan.writes.has('src/server.ts')).toBe(false);
    const ci = text(result, '.github/workflows/ci.yaml');
    expect(ci).toContain('cron: "0 3 * * 1"');
    expect(ci).toContain('runs-on: ubuntu-24.04');
    expect(ci).not.toContain('ubuntu-latest');
    const values = text(result, `${chart}/values.yaml`);
    expect(values).toContain('replicaCount: 3');
    expect(values).toMatch(/^metrics:\n {2}port: 9191$/m);
    expect(values).not.toContain('metricsPort');
    expect(plan.migrated).toEqual([`${chart}/values.yaml`]);
    expect(text(result, '.editorconfig')).toContain('root = true');
    expect(parseLineage(text(result, ANSWERS_PATH)).version).toBe(
      fixture.versions['node-service'].new,
    );
  });

  it('leaves a conflict as git conflict markers and lists it', async () => {
    const ours: FileTree = new Map(created);
    edit(ours, '.github/workflows/ci.yaml', t =>
      t.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-22.04'),
    );
    const plan = await upgrader.plan({
      files: ours,
      toVersion: fixture.versions['node-service'].new,
    });
    expect(plan.conflicts).toEqual(['.github/workflows/ci.yaml']);
    const ci = plan.writes.get('.github/workflows/ci.yaml')!.toString('utf-8');
    expect(ci).toMatch(
      new RegExp(
        `<<<<<<< your repository\\n\\s+runs-on: ubuntu-22.04\\n=======\\n\\s+runs-on: ubuntu-24.04\\n>>>>>>> node-service ${fixture.versions[
          'node-service'
        ].new.replace(/\./g, '\\.')}`,
      ),
    );
  });

  it.each([
    [
      'an unknown version',
      (f: FileTree) => f,
      '9.9.9',
      /node-service version 9\.9\.9 is not in platform\/golden-paths/,
    ],
    [
      'a version that is not semver',
      (f: FileTree) => f,
      '1.x',
      /is not a template version/,
    ],
    [
      'a version not newer than the recorded one',
      (f: FileTree) => f,
      '0.0.1',
      /nothing to upgrade/,
    ],
    [
      'a repository without lineage',
      (f: FileTree) => {
        f.delete(ANSWERS_PATH);
        return f;
      },
      '9.9.9',
      /has no lineage/,
    ],
    [
      'an answers file that is not YAML',
      (f: FileTree) => f.set(ANSWERS_PATH, Buffer.from('template: [')),
      '9.9.9',
      /not valid YAML/,
    ],
    [
      'an answers file of another shape',
      (f: FileTree) =>
        f.set(ANSWERS_PATH, Buffer.from('template: x\nversion: 1\n')),
      '9.9.9',
      /not a Launchpad answers file/,
    ],
    [
      'an old version that cannot be found',
      (f: FileTree) =>
        f.set(
          ANSWERS_PATH,
          Buffer.from(
            text(f, ANSWERS_PATH)
              .replace(/^version: .*$/m, 'version: 0.0.1')
              .replace(/tag: .*$/m, 'tag: node-service@0.0.1'),
          ),
        ),
      fixture_new(),
      /node-service version 0\.0\.1 is not in/,
    ],
  ])('refuses %s', async (_, change, version, message) => {
    const files = change(new Map(created)) as FileTree;
    await expect(
      upgrader.plan({
        files,
        toVersion:
          typeof version === 'function' ? (version as () => string)() : version,
      }),
    ).rejects.toThrow(message);
  });
});

function fixture_new() {
  return () => fixture.versions['node-service'].new;
}
