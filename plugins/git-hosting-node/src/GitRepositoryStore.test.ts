import { InputError, NotFoundError } from '@backstage/errors';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryStore } from './GitRepositoryStore';

// real git on a machine the other suites share
jest.setTimeout(60_000);

/**
 * Real bare repositories driven through the store's public methods with the
 * inputs an attacker controls (org, name, ref, path): every one is refused
 * with a 4xx error before git runs, and nothing is written anywhere.
 */
describe('GitRepositoryStore with hostile input', () => {
  let tmp: string;
  let store: GitRepositoryStore;
  let sentinel: string;
  const ref = { org: 'team', name: 'svc' };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'git-store-hostile-'));
    sentinel = path.join(tmp, 'pwned');
    store = new GitRepositoryStore(path.join(tmp, 'repos'));
    await store.create(ref);
    const work = path.join(tmp, 'work');
    fs.mkdirSync(path.join(work, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(work, 'README.md'), '# svc\n');
    fs.writeFileSync(path.join(work, 'docs', 'index.md'), 'docs\n');
    await store.pushDirectory(ref, work, {
      authorName: 'T',
      authorEmail: 't@example.com',
      message: 'first',
    });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Every file below tmp, to show an attack wrote nothing. */
  const filesBelow = (dir: string): string[] =>
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf-8' })
      .filter(f => !f.startsWith('repos/'));

  const s = () => sentinel;
  const optionLike = () => [
    '-x',
    `--output=${s()}`,
    `--upload-pack=touch ${s()}`,
    `--exec=touch ${s()}`,
    `-o${s()}`,
    '--remote=ext::sh -c touch% /tmp/pwned',
    `--format=tar`,
  ];
  const badRefs = () => [
    ...optionLike(),
    'main..HEAD',
    'main@{1}',
    '@{-1}',
    '@',
    'HEAD^',
    'main~1',
    'main:README.md',
    'main\0',
    'ma\nin',
    'refs/heads/../main',
    '.hidden',
    'main.lock',
    'main/',
    '/main',
    'a//b',
    'main.',
    '*',
    'ma[in',
    'main\\x',
    'x'.repeat(300),
    '',
  ];
  const badPaths = () => [
    ...optionLike(),
    `docs/--output=${s()}`,
    `docs/-x`,
    '../../../etc/passwd',
    'docs/../../x',
    'a\0b',
    'docs\n/index.md',
    `${'a/'.repeat(3000)}x`,
    `${'x'.repeat(300)}/y`,
  ];

  it.each([
    ['resolveCommit', (rev: string) => store.resolveCommit(ref, rev)],
    ['readFile', (rev: string) => store.readFile(ref, rev, 'README.md')],
    ['archive', (rev: string) => store.archive(ref, rev, 'docs')],
    ['listFiles', (rev: string) => store.listFiles(ref, rev)],
  ] as const)(
    '%s refuses every hostile ref with an InputError',
    async (_name, call) => {
      for (const rev of badRefs()) {
        await expect(call(rev)).rejects.toThrow(InputError);
      }
      expect(fs.existsSync(sentinel)).toBe(false);
      expect(
        filesBelow(tmp).filter(f => f !== 'work' && !f.startsWith('work/')),
      ).toEqual(['repos']);
    },
  );

  it.each([
    ['readFile', (p: string) => store.readFile(ref, 'main', p)],
    ['archive', (p: string) => store.archive(ref, 'main', p)],
  ] as const)(
    '%s refuses every hostile path with an InputError',
    async (_name, call) => {
      for (const p of badPaths()) {
        await expect(call(p)).rejects.toThrow(InputError);
      }
      expect(fs.existsSync(sentinel)).toBe(false);
    },
  );

  it.each([
    { org: '-x', name: 'svc' },
    { org: 'team', name: '--upload-pack=touch' },
    { org: '..', name: 'svc' },
    { org: 'team', name: '../team/svc' },
    { org: 'team/../team', name: 'svc' },
    { org: 'Team', name: 'svc' },
    { org: 'team', name: 'svc\0' },
    { org: 'team', name: 'x'.repeat(200) },
  ])('refuses the repository %j with an InputError', async bad => {
    await expect(store.get(bad)).rejects.toThrow(InputError);
    await expect(store.readFile(bad, 'main', 'README.md')).rejects.toThrow(
      InputError,
    );
    await expect(store.uploadPack(bad)).rejects.toThrow(InputError);
  });

  it('still reads what is there, and 404s what is not', async () => {
    expect(
      (await store.readFile(ref, 'main', './README.md')).content.toString(),
    ).toBe('# svc\n');
    await expect(store.readFile(ref, 'main', 'nope.md')).rejects.toThrow(
      NotFoundError,
    );
    await expect(store.archive(ref, 'main', 'nope')).rejects.toThrow(
      NotFoundError,
    );
    await expect(store.resolveCommit(ref, 'no-such-branch')).rejects.toThrow(
      NotFoundError,
    );
    const commit = await store.resolveCommit(ref, 'main');
    expect(await store.resolveCommit(ref, commit)).toBe(commit);
    expect(await store.listFiles(ref, commit)).toEqual([
      'README.md',
      'docs/index.md',
    ]);
  });

  it('treats pathspec magic in a path as plain characters', async () => {
    await expect(store.archive(ref, 'main', ':(glob)**')).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      store.readFile(ref, 'main', ':(top)README.md'),
    ).rejects.toThrow(NotFoundError);
  });

  it('publishes a workspace without running its hooks, its fsmonitor, or the target repository hooks', async () => {
    const work = path.join(tmp, 'work-evil');
    fs.mkdirSync(path.join(work, '.git', 'hooks'), { recursive: true });
    const touch = (name: string) => `#!/bin/sh\ntouch ${sentinel}-${name}\n`;
    // a skeleton that brings its own .git: config with fsmonitor and hooks
    execFileSync('git', ['init', '--quiet', work]);
    fs.appendFileSync(
      path.join(work, '.git', 'config'),
      `[core]\n\tfsmonitor = touch ${sentinel}-fsmonitor\n`,
    );
    for (const hook of [
      'pre-commit',
      'post-commit',
      'pre-push',
      'reference-transaction',
    ]) {
      fs.writeFileSync(path.join(work, '.git', 'hooks', hook), touch(hook), {
        mode: 0o755,
      });
    }
    fs.writeFileSync(path.join(work, 'catalog-info.yaml'), 'kind: Component\n');
    const target = { org: 'team', name: 'hooked' };
    await store.create(target);
    // and hooks in the target repository (receive-pack runs them on push)
    for (const hook of [
      'pre-receive',
      'update',
      'post-receive',
      'post-update',
      'reference-transaction',
    ]) {
      fs.writeFileSync(
        path.join(store.repoPath(target), 'hooks', hook),
        touch(`target-${hook}`),
        { mode: 0o755 },
      );
    }
    const commit = await store.pushDirectory(target, work, {
      authorName: 'T',
      authorEmail: 't@example.com',
      message: 'first',
    });
    expect(await store.listFiles(target, commit)).toEqual([
      'catalog-info.yaml',
    ]);
    expect(fs.readdirSync(tmp).filter(f => f.startsWith('pwned'))).toEqual([]);
  });

  it('keeps the backend GIT_DIR and GIT_INDEX_FILE out of git', async () => {
    const other = path.join(tmp, 'other');
    execFileSync('git', ['init', '--quiet', '--initial-branch=main', other]);
    fs.writeFileSync(path.join(other, 'README.md'), '# other\n');
    execFileSync('git', ['add', 'README.md'], { cwd: other });
    execFileSync(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@t',
        'commit',
        '--quiet',
        '-m',
        'other',
      ],
      { cwd: other },
    );
    const saved = { ...process.env };
    process.env.GIT_DIR = path.join(other, '.git');
    process.env.GIT_WORK_TREE = other;
    try {
      expect(
        (await store.readFile(ref, 'main', 'README.md')).content.toString(),
      ).toBe('# svc\n');
    } finally {
      delete process.env.GIT_DIR;
      delete process.env.GIT_WORK_TREE;
      Object.assign(process.env, saved);
    }
  });
});

describe('GitRepositoryStore.commitFiles', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'git-host-commit-files-'));
  const store = new GitRepositoryStore(path.join(tmp, 'git'));
  const ref = { org: 'platform', name: 'gitops' };
  const author = { authorName: 'T', authorEmail: 't@example.com' };
  let first: string;

  beforeAll(async () => {
    await store.create(ref);
    const work = path.join(tmp, 'work');
    fs.mkdirSync(path.join(work, 'apps', 'a'), { recursive: true });
    fs.writeFileSync(path.join(work, 'apps', 'a', 'one.yaml'), 'one\n');
    fs.writeFileSync(path.join(work, 'README.md'), 'readme\n');
    first = await store.pushDirectory(ref, work, {
      ...author,
      message: 'first',
    });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('adds and replaces only the named files on top of the parent, keeping the rest of the tree', async () => {
    const second = await store.commitFiles(
      ref,
      first,
      { 'apps/b/two.yaml': 'two\n', 'README.md': 'readme 2\n' },
      { ...author, message: 'second' },
    );
    expect((await store.get(ref)).head).toBe(second);
    expect((await store.listFiles(ref, second)).sort()).toEqual([
      'README.md',
      'apps/a/one.yaml',
      'apps/b/two.yaml',
    ]);
    expect(
      (await store.readFile(ref, second, 'apps/a/one.yaml')).content.toString(),
    ).toBe('one\n');
    expect(
      (await store.readFile(ref, second, 'README.md')).content.toString(),
    ).toBe('readme 2\n');
    // a child of the parent: the first commit is still there
    expect(
      (await store.readFile(ref, first, 'README.md')).content.toString(),
    ).toBe('readme\n');
  });

  it('refuses a stale parent (someone moved the branch): the push is not a fast-forward and nothing changes', async () => {
    const head = (await store.get(ref)).head;
    await expect(
      store.commitFiles(
        ref,
        first,
        { 'apps/c/three.yaml': 'x' },
        { ...author, message: 'stale' },
      ),
    ).rejects.toThrow(/git push failed/);
    expect((await store.get(ref)).head).toBe(head);
  });

  it.each([
    { file: '../outside.yaml' },
    { file: 'apps/../../outside.yaml' },
    { file: 'apps/.GIT/hooks/post-commit' },
    { file: '-rf' },
    { file: '.git/config' },
    { file: '' },
    { file: 'a\0b' },
  ])(
    'refuses the path $file before git runs, and nothing changes',
    async ({ file }) => {
      const head = (await store.get(ref)).head!;
      await expect(
        store.commitFiles(
          ref,
          head,
          { [file]: 'x' },
          { ...author, message: 'hostile' },
        ),
      ).rejects.toThrow();
      expect((await store.get(ref)).head).toBe(head);
      expect(fs.existsSync(path.join(tmp, 'outside.yaml'))).toBe(false);
    },
  );

  it.each([{ parent: 'main' }, { parent: '-x' }, { parent: '0'.repeat(40) }])(
    'refuses $parent as a parent (a commit id of the repository only)',
    async ({ parent }) => {
      await expect(
        store.commitFiles(
          ref,
          parent,
          { 'x.yaml': 'x' },
          { ...author, message: 'x' },
        ),
      ).rejects.toThrow();
    },
  );
});
