import { ConflictError, InputError } from '@backstage/errors';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryStore } from './GitRepositoryStore';
import { changeBranch } from './validation';

jest.setTimeout(60_000);

/**
 * The git half of change proposals, on real bare repositories: a branch made
 * from a base with some files changed, its diff, and its merge into the
 * default branch (fast-forward, a real merge commit, a conflict that changes
 * nothing).
 */
describe('GitRepositoryStore change branches', () => {
  let tmp: string;
  let store: GitRepositoryStore;
  const ref = { org: 'team', name: 'svc' };
  const author = {
    authorName: 'Launchpad',
    authorEmail: 'launchpad@example.com',
  };
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: store.repoPath(ref),
      encoding: 'utf-8',
    }).trim();
  const head = (branch = 'main') => git('rev-parse', `refs/heads/${branch}`);
  const show = (rev: string, file: string) => git('show', `${rev}:${file}`);

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'git-store-changes-'));
    store = new GitRepositoryStore(path.join(tmp, 'repos'));
    await store.create(ref);
    const work = path.join(tmp, 'work');
    fs.mkdirSync(path.join(work, 'charts', 'svc'), { recursive: true });
    fs.writeFileSync(path.join(work, 'README.md'), '# svc\n');
    fs.writeFileSync(
      path.join(work, 'charts', 'svc', 'values-dev.yaml'),
      'replicas: 1\n',
    );
    fs.writeFileSync(
      path.join(work, 'charts', 'svc', 'values-prod.yaml'),
      'replicas: 2\n',
    );
    await store.pushDirectory(ref, work, { ...author, message: 'first' });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const propose = (
    branch: string,
    files: Record<string, string>,
    base = head(),
  ) =>
    store.commitFiles(ref, base, files, {
      ...author,
      message: `change on ${branch}`,
      branch,
      newBranch: true,
    });

  it('makes a new branch from the base with only the named files changed; main does not move', async () => {
    const base = head();
    const commit = await propose('launchpad/wire-db', {
      'charts/svc/values-dev.yaml': 'replicas: 1\nenv: {}\n',
    });
    expect(head('launchpad/wire-db')).toBe(commit);
    expect(head()).toBe(base);
    expect(git('rev-parse', `${commit}^`)).toBe(base);
    expect(show(commit, 'charts/svc/values-dev.yaml')).toBe(
      'replicas: 1\nenv: {}',
    );
    expect(show(commit, 'README.md')).toBe('# svc');
  });

  it('refuses a branch that exists already, and changes nothing', async () => {
    const first = await propose('launchpad/x', { 'a.txt': 'one\n' });
    await expect(propose('launchpad/x', { 'a.txt': 'two\n' })).rejects.toThrow(
      ConflictError,
    );
    expect(head('launchpad/x')).toBe(first);
    await expect(
      store.commitFiles(
        ref,
        head(),
        { 'a.txt': 'x' },
        { ...author, message: 'm', branch: 'main', newBranch: true },
      ),
    ).rejects.toThrow(InputError);
  });

  it('diffs two commits with real git: status per file and the patch, cut at the cap', async () => {
    const base = head();
    const commit = await propose('launchpad/d', {
      'charts/svc/values-dev.yaml': 'replicas: 3\n',
      'new file.txt': `${'x'.repeat(5000)}\n`,
    });
    const diff = await store.diff(ref, base, commit, { maxBytes: 1 << 20 });
    expect(diff.files).toEqual([
      { path: 'charts/svc/values-dev.yaml', status: 'M' },
      { path: 'new file.txt', status: 'A' },
    ]);
    expect(diff.truncated).toBe(false);
    expect(diff.patch).toContain('-replicas: 1\n+replicas: 3');
    const cut = await store.diff(ref, base, commit, { maxBytes: 300 });
    expect(cut.truncated).toBe(true);
    expect(Buffer.byteLength(cut.patch)).toBeLessThanOrEqual(300);
    expect(diff.patch.startsWith(cut.patch)).toBe(true);
  });

  it('diff refuses anything but two commit ids', async () => {
    const base = head();
    for (const bad of [
      'main',
      'HEAD',
      '--output=/tmp/x',
      `${base}..${base}`,
      `${base}\0`,
      base.toUpperCase(),
      base.slice(0, 39),
    ]) {
      await expect(
        store.diff(ref, bad, base, { maxBytes: 100 }),
      ).rejects.toThrow(InputError);
      await expect(
        store.diff(ref, base, bad, { maxBytes: 100 }),
      ).rejects.toThrow(InputError);
    }
  });

  it('merges by fast-forward when main has not moved', async () => {
    const commit = await propose('launchpad/ff', { 'a.txt': 'a\n' });
    expect(
      await store.mergeBranch(ref, 'launchpad/ff', {
        ...author,
        message: 'Merge ff',
      }),
    ).toEqual({ commit, fastForward: true });
    expect(head()).toBe(commit);
  });

  it('merges with a real merge commit when main moved on other files', async () => {
    const base = head();
    const change = await propose(
      'launchpad/m',
      { 'charts/svc/values-dev.yaml': 'replicas: 3\n' },
      base,
    );
    const moved = await store.commitFiles(
      ref,
      base,
      { 'README.md': '# svc, moved on\n' },
      { ...author, message: 'main moves' },
    );
    const result = await store.mergeBranch(ref, 'launchpad/m', {
      ...author,
      message: 'Merge m',
    });
    expect(result.fastForward).toBe(false);
    expect(head()).toBe(result.commit);
    expect(
      git('rev-list', '--parents', '-n', '1', result.commit)
        .split(' ')
        .slice(1),
    ).toEqual([moved, change]);
    expect(show(result.commit, 'README.md')).toBe('# svc, moved on');
    expect(show(result.commit, 'charts/svc/values-dev.yaml')).toBe(
      'replicas: 3',
    );
    expect(git('log', '-1', '--format=%s', result.commit)).toBe('Merge m');
  });

  it('a conflict is a ConflictError naming the files, and main does not move', async () => {
    const base = head();
    await propose(
      'launchpad/c',
      {
        'charts/svc/values-dev.yaml': 'replicas: 3\n',
        'README.md': '# mine\n',
        'ok.txt': 'fine\n',
      },
      base,
    );
    const moved = await store.commitFiles(
      ref,
      base,
      {
        'charts/svc/values-dev.yaml': 'replicas: 5\n',
        'README.md': '# theirs\n',
      },
      { ...author, message: 'main moves' },
    );
    const error = await store
      .mergeBranch(ref, 'launchpad/c', { ...author, message: 'Merge c' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('charts/svc/values-dev.yaml');
    expect(error.message).toContain('README.md');
    expect(error.message).not.toContain('ok.txt');
    expect(error.files.sort()).toEqual([
      'README.md',
      'charts/svc/values-dev.yaml',
    ]);
    expect(head()).toBe(moved);
  });

  it('a branch merged already changes nothing', async () => {
    const commit = await propose('launchpad/twice', { 'a.txt': 'a\n' });
    await store.mergeBranch(ref, 'launchpad/twice', {
      ...author,
      message: 'Merge',
    });
    expect(
      await store.mergeBranch(ref, 'launchpad/twice', {
        ...author,
        message: 'Merge',
      }),
    ).toEqual({ commit, fastForward: true });
    expect(head()).toBe(commit);
  });

  it('refuses hostile branch names for every method before git runs', async () => {
    const sentinel = path.join(tmp, 'pwned');
    const hostile = [
      `--upload-pack=touch ${sentinel}`,
      `--output=${sentinel}`,
      '-b',
      'main..HEAD',
      'refs/heads/../x',
      '../x',
      'launchpad/x\0y',
      'launchpad/x\ny',
      'a'.repeat(300),
      'launchpad/x.lock',
      'x@{1}',
      'x:y',
      '',
    ];
    for (const branch of hostile) {
      await expect(propose(branch, { 'a.txt': 'a' })).rejects.toThrow(
        InputError,
      );
      await expect(
        store.mergeBranch(ref, branch, { ...author, message: 'm' }),
      ).rejects.toThrow(InputError);
      await expect(store.branchExists(ref, branch)).rejects.toThrow(InputError);
    }
    expect(fs.existsSync(sentinel)).toBe(false);
    expect(git('for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');
  });
});

describe('changeBranch', () => {
  it('makes launchpad/<slug> of a plain slug', () => {
    expect(changeBranch('wire-promotions-db')).toBe(
      'launchpad/wire-promotions-db',
    );
    expect(changeBranch('a')).toBe('launchpad/a');
  });
  it.each([
    '--upload-pack=x',
    '-x',
    '..',
    'a..b',
    'refs/heads/../x',
    'a/b',
    'a\0b',
    'A',
    'a b',
    'a-',
    '-a',
    'a'.repeat(64),
    'a'.repeat(300),
    '',
    'é',
    'a.lock',
    'a@{1}',
  ])('refuses %j', slug => {
    expect(() => changeBranch(slug)).toThrow(InputError);
  });
  it.each([undefined, null, 3, {}, ['a']])('refuses a non-string %j', slug => {
    expect(() => changeBranch(slug)).toThrow(InputError);
  });
});

describe('GitRepositoryStore.commitFiles without a change', () => {
  it('refuses files that are already like that, and makes no branch', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'git-store-nochange-'));
    try {
      const store = new GitRepositoryStore(path.join(tmp, 'repos'));
      const ref = { org: 'team', name: 'svc' };
      await store.create(ref);
      const work = path.join(tmp, 'work');
      fs.mkdirSync(work);
      fs.writeFileSync(path.join(work, 'a.txt'), 'a\n');
      const base = await store.pushDirectory(ref, work, {
        authorName: 'T',
        authorEmail: 't@example.com',
        message: 'first',
      });
      const options = {
        authorName: 'T',
        authorEmail: 't@example.com',
        message: 'm',
        branch: 'launchpad/same',
        newBranch: true,
      };
      await expect(
        store.commitFiles(ref, base, { 'a.txt': 'a\n' }, options),
      ).rejects.toThrow(/Nothing to commit: a.txt is already like that/);
      expect(await store.branchExists(ref, 'launchpad/same')).toBe(false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
