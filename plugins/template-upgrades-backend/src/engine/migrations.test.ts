import fs from 'node:fs/promises';
import path from 'node:path';
import {
  applyMigrations,
  migrationsBetween,
  parseMigrations,
  renameKey,
} from './migrations';

const VALUES = path.resolve(
  __dirname,
  '../../../../templates/_shared/service-standard/charts/${{ values.name }}/values.yaml',
);

describe('renameKey', () => {
  it('renames a key in place on the real chart values: only that line changes, comments stay', async () => {
    const text = await fs.readFile(VALUES, 'utf-8');
    expect(text).toContain('metricsPort: 9090\n');
    const renamed = renameKey(text, 'metricsPort', 'metrics.port');
    expect(renamed).toBe(
      text.replace('metricsPort: 9090\n', 'metrics:\n  port: 9090\n'),
    );
  });

  it.each([
    [
      'a nested key to a sibling',
      'a:\n  # why\n  b: 1\n  c: 2\n',
      'a.b',
      'a.d',
      'a:\n  # why\n  d: 1\n  c: 2\n',
    ],
    [
      'a nested key to the top',
      'a:\n  b: 1\nz: 0\n',
      'a.b',
      'b',
      'z: 0\nb: 1\n',
    ],
    ['a key that is not there', 'a: 1\n', 'b', 'c', 'a: 1\n'],
    [
      'onto a key that exists (no overwrite)',
      'a: 1\nb: 2\n',
      'a',
      'b',
      'a: 1\nb: 2\n',
    ],
    ['a file that is not YAML', 'a: [\n', 'a', 'b', 'a: [\n'],
    [
      'a map value with its children',
      'x:\n  y: 1\n  z: 2\n',
      'x',
      'w',
      'w:\n  y: 1\n  z: 2\n',
    ],
  ])('%s', (_, text, from, to, expected) => {
    expect(renameKey(text, from, to)).toBe(expected);
  });
});

describe('upgrades.yaml', () => {
  const file = [
    'migrations:',
    '  - version: 1.4.0',
    '    steps: [{ renameKey: { file: "charts/${{ values.name }}/values.yaml", from: metricsPort, to: metrics.port } }]',
    '  - version: 2.0.0',
    '    steps: [{ renameKey: { file: values.yaml, from: a, to: b } }]',
  ].join('\n');

  it('runs the steps of the versions an upgrade crosses, on the named file', () => {
    const migrations = parseMigrations(file);
    expect(
      migrationsBetween(migrations, '1.3.0', '1.4.0').map(m => m.version),
    ).toEqual(['1.4.0']);
    expect(
      migrationsBetween(migrations, '1.4.0', '2.0.0').map(m => m.version),
    ).toEqual(['2.0.0']);
    expect(
      migrationsBetween(migrations, '1.0.0', '3.0.0').map(m => m.version),
    ).toEqual(['1.4.0', '2.0.0']);
    const tree = new Map([
      ['charts/svc/values.yaml', Buffer.from('metricsPort: 9191\n')],
      ['values.yaml', Buffer.from('a: 1\n')],
    ]);
    const out = applyMigrations(
      tree,
      migrationsBetween(migrations, '1.3.0', '1.4.0'),
      { name: 'svc' },
    );
    expect(out.changed).toEqual(['charts/svc/values.yaml']);
    expect(out.tree.get('charts/svc/values.yaml')!.toString()).toBe(
      'metrics:\n  port: 9191\n',
    );
    expect(tree.get('charts/svc/values.yaml')!.toString()).toBe(
      'metricsPort: 9191\n',
    );
  });

  it.each([
    ['not YAML', 'migrations: [', /not valid YAML/],
    ['no migrations list', 'steps: []', /migrations/],
    [
      'a bad version',
      'migrations: [{ version: v1, steps: [{ renameKey: { file: a, from: a, to: b } }] }]',
      /version must be x\.y\.z/,
    ],
    [
      'an unknown step',
      'migrations: [{ version: 1.0.0, steps: [{ runShell: "rm -rf /" }] }]',
      /renameKey/,
    ],
    [
      'a key path with odd characters',
      'migrations: [{ version: 1.0.0, steps: [{ renameKey: { file: a, from: "a..b", to: b } }] }]',
      /dotted key path/,
    ],
    ['no steps', 'migrations: [{ version: 1.0.0, steps: [] }]', /steps/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseMigrations(text)).toThrow(message);
  });
});
