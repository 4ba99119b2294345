import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { snapshotDocsTree } from './snapshotDocsTree';
import { DocsRejectedError } from './types';

const limits = { maxFiles: 50, maxBytes: 64 * 1024, maxDepth: 8 };

describe('snapshotDocsTree', () => {
  let base: string;
  beforeEach(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'snapshot-test-'));
  });
  afterEach(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  async function repo(build: (dir: string) => Promise<void>) {
    const dir = path.join(base, 'repo');
    await fs.mkdir(path.join(dir, 'docs'), { recursive: true });
    await fs.writeFile(path.join(dir, 'mkdocs.yml'), 'site_name: x\n');
    await fs.writeFile(path.join(dir, 'docs', 'index.md'), '# Hello\n');
    await build(dir);
    return dir;
  }

  const hostile: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
    [
      'a symlink to /etc/passwd',
      d => fs.symlink('/etc/passwd', path.join(d, 'docs', 'p.md')),
      /points outside/,
    ],
    [
      'a relative symlink climbing out',
      d =>
        fs.symlink(
          '../../../../../../etc/hostname',
          path.join(d, 'docs', 'h.md'),
        ),
      /points outside/,
    ],
    [
      'a symlink to a sibling outside the checkout',
      async d => {
        await fs.writeFile(path.join(base, 'secret.txt'), 'secret');
        await fs.symlink(
          path.join(base, 'secret.txt'),
          path.join(d, 'docs', 's.md'),
        );
      },
      /points outside/,
    ],
    [
      'a symlinked docs folder outside',
      async d => {
        await fs.rm(path.join(d, 'docs'), { recursive: true });
        await fs.symlink('/etc', path.join(d, 'docs'));
      },
      /points outside/,
    ],
    [
      'a symlink to a folder inside (loops)',
      d => fs.symlink('..', path.join(d, 'docs', 'loop')),
      /points at a folder/,
    ],
    [
      'a dangling symlink',
      d => fs.symlink('nowhere', path.join(d, 'docs', 'x.md')),
      /points at nothing/,
    ],
    [
      'a named pipe',
      async d => {
        execFileSync('mkfifo', [path.join(d, 'docs', 'fifo')]);
      },
      /not a regular file/,
    ],
    [
      'too many files',
      async d => {
        for (let i = 0; i < 60; i++)
          await fs.writeFile(path.join(d, 'docs', `p${i}.md`), 'x');
      },
      /more than 50 files/,
    ],
    [
      'too many bytes',
      d =>
        fs.writeFile(path.join(d, 'docs', 'big.bin'), Buffer.alloc(70 * 1024)),
      /larger than 65536 bytes/,
    ],
    [
      'too deep',
      async d => {
        await fs.mkdir(path.join(d, 'docs', ...Array(10).fill('a')), {
          recursive: true,
        });
      },
      /nested deeper/,
    ],
  ];

  it.each(hostile)('refuses %s', async (_name, build, message) => {
    const dir = await repo(build);
    await expect(
      snapshotDocsTree(dir, path.join(base, 'out'), limits),
    ).rejects.toThrow(DocsRejectedError);
    await expect(
      snapshotDocsTree(dir, path.join(base, 'out2'), limits),
    ).rejects.toThrow(message);
  });

  it('copies the tree, follows symlinks to files inside and leaves .git out', async () => {
    const dir = await repo(async d => {
      await fs.symlink('index.md', path.join(d, 'docs', 'start.md'));
      await fs.mkdir(path.join(d, '.git', 'objects'), { recursive: true });
      await fs.writeFile(path.join(d, '.git', 'config'), '[core]');
    });
    const out = path.join(base, 'out');
    const counted = await snapshotDocsTree(dir, out, limits);
    expect(counted.files).toBe(3);
    expect(await fs.readFile(path.join(out, 'docs', 'start.md'), 'utf8')).toBe(
      '# Hello\n',
    );
    expect(
      (await fs.lstat(path.join(out, 'docs', 'start.md'))).isSymbolicLink(),
    ).toBe(false);
    await expect(fs.access(path.join(out, '.git'))).rejects.toThrow();
  });
});
