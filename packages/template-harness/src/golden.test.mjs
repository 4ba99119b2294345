// @ts-check
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareWithGolden, formatGoldenComparison } from './index.mjs';

const fixtures = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));

/**
 * Copies the fixtures to a temp folder (so tests can add .git/ and binaries, and update goldens).
 * @returns {Promise<{ root: string, actual: string, golden: string }>}
 */
async function workspace() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-golden-'));
  await fs.cp(path.join(fixtures, 'actual'), path.join(root, 'actual'), {
    recursive: true,
  });
  await fs.cp(path.join(fixtures, 'expected'), path.join(root, 'golden'), {
    recursive: true,
  });
  return {
    root,
    actual: path.join(root, 'actual'),
    golden: path.join(root, 'golden'),
  };
}

test('reports added, removed and changed files with a unified diff; ignores .git/', async () => {
  const { root, actual, golden } = await workspace();
  try {
    await fs.mkdir(path.join(actual, '.git'));
    await fs.writeFile(
      path.join(actual, '.git', 'HEAD'),
      'ref: refs/heads/main\n',
    );
    const result = await compareWithGolden(actual, golden);
    assert.deepEqual(result.added, ['src/main.go']);
    assert.deepEqual(result.removed, ['docs/index.md']);
    assert.deepEqual(
      result.changed.map(c => c.file),
      ['charts/orders/values.yaml'],
    );
    const diff = result.changed[0].diff;
    assert.match(diff, /^--- golden\/charts\/orders\/values\.yaml/m);
    assert.match(diff, /^\+\+\+ actual\/charts\/orders\/values\.yaml/m);
    assert.match(diff, /^@@ -1,4 \+1,4 @@$/m);
    assert.match(diff, /^-replicaCount: 1$/m);
    assert.match(diff, /^\+replicaCount: 2$/m);
    assert.match(
      formatGoldenComparison(result),
      /added: {3}src\/main\.go\nremoved: docs\/index\.md\nchanged: charts\/orders\/values\.yaml/,
    );
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

test('binary files are compared by hash', async () => {
  const { root, actual, golden } = await workspace();
  try {
    await fs.writeFile(
      path.join(actual, 'logo.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
    );
    await fs.writeFile(
      path.join(golden, 'logo.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 3]),
    );
    await fs.writeFile(path.join(actual, 'same.bin'), Buffer.from([0, 9, 9]));
    await fs.writeFile(path.join(golden, 'same.bin'), Buffer.from([0, 9, 9]));
    const { changed } = await compareWithGolden(actual, golden);
    const logo = changed.find(c => c.file === 'logo.png');
    assert.ok(logo, 'logo.png is changed');
    assert.match(logo.diff, /^Binary file logo\.png differs$/m);
    assert.match(logo.diff, /sha256:[0-9a-f]{64} \(7 bytes\)/);
    assert.ok(!changed.some(c => c.file === 'same.bin'));
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

test('update: true rewrites the golden folder to equal the actual one', async () => {
  const { root, actual, golden } = await workspace();
  try {
    await fs.mkdir(path.join(golden, '.git'));
    await fs.writeFile(path.join(golden, '.git', 'HEAD'), 'kept\n');
    const before = await compareWithGolden(actual, golden, { update: true });
    assert.deepEqual(
      [before.added.length, before.removed.length, before.changed.length],
      [1, 1, 1],
    );
    assert.deepEqual(await compareWithGolden(actual, golden), {
      added: [],
      removed: [],
      changed: [],
    });
    assert.equal(
      await fs.readFile(path.join(golden, 'charts/orders/values.yaml'), 'utf8'),
      await fs.readFile(path.join(actual, 'charts/orders/values.yaml'), 'utf8'),
    );
    await assert.rejects(fs.stat(path.join(golden, 'docs')), {
      code: 'ENOENT',
    }); // emptied folder removed
    assert.equal(
      await fs.readFile(path.join(golden, '.git', 'HEAD'), 'utf8'),
      'kept\n',
    ); // .git untouched
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

test('a missing golden folder means every file is added; update creates it', async () => {
  const { root, actual } = await workspace();
  try {
    const golden = path.join(root, 'new-golden');
    const result = await compareWithGolden(actual, golden, { update: true });
    assert.deepEqual(result.added, [
      'README.md',
      'charts/orders/Chart.yaml',
      'charts/orders/values.yaml',
      'src/main.go',
    ]);
    assert.deepEqual(await compareWithGolden(actual, golden), {
      added: [],
      removed: [],
      changed: [],
    });
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
