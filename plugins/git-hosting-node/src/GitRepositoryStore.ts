import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { HARDENING_ARGS } from './git/gitArgv';
import { GitCommandError, GitProcess, GitRunner } from './git/GitRunner';
import { assertRepoRef, RepoRef } from './names';
import {
  assertCommitId,
  assertRevision,
  normalizeRepoPath,
} from './validation';

/** The hardening -c settings, as words for the shell git runs --receive-pack with. */
const RECEIVE_PACK_CONFIG = HARDENING_ARGS.filter(
  (_, i, all) => all[i - 1] === '-c' || all[i] === '-c',
).join(' ');

/** Folder under the root where repositories are made before they are renamed into place. */
const STAGING = '.staging';
/** File in a bare repository recording who created it. */
const CREATED_BY_FILE = 'launchpad-created-by';
const CREATED_BY = /^[A-Za-z0-9._:-]{1,200}$/;
/** Staging folders older than this belong to a process that died. */
const STALE_STAGING_MS = 60 * 60 * 1000;

async function removeStale(staging: string): Promise<void> {
  for (const entry of await fs.readdir(staging).catch(() => [] as string[])) {
    const full = path.join(staging, entry);
    const stat = await fs.stat(full).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_STAGING_MS)
      await fs.rm(full, { recursive: true, force: true });
  }
}

/** What the store knows about a repository. */
export interface RepoSummary extends RepoRef {
  description: string;
  defaultBranch: string;
  /** Commit at the head of the default branch, undefined while empty. */
  head?: string;
}

/** Options for {@link GitRepositoryStore.pushDirectory}. */
export interface PushDirectoryOptions {
  authorName: string;
  authorEmail: string;
  message: string;
}

/** Options for {@link GitRepositoryStore.commitFiles}. */
export interface CommitFilesOptions extends PushDirectoryOptions {
  /**
   * The branch to commit to (default: the default branch, which must be at
   * `parent`). With `newBranch`, a branch that must not exist yet: it is
   * created at the new commit, atomically (a branch made meanwhile fails the
   * push, and nothing changes).
   */
  branch?: string;
  newBranch?: boolean;
}

/** A `git diff` between two commits, capped in size. */
export interface CommitDiff {
  /** The files that differ, with git's status letter (A, M, D, R...). */
  files: Array<{ path: string; status: string }>;
  /** The unified diff, at most `maxBytes` long. */
  patch: string;
  /** The diff was longer than `maxBytes` and was cut. */
  truncated: boolean;
}

/** What {@link GitRepositoryStore.mergeBranch} did. */
export interface MergeResult {
  /** The default branch's new head. */
  commit: string;
  /** The default branch moved to the branch's head (no merge commit was needed). */
  fastForward: boolean;
}

/** Options for {@link GitRepositoryStore.uploadPack}. */
export interface UploadPackOptions {
  /** The ref advertisement (GET info/refs) instead of a negotiation. */
  advertiseRefs?: boolean;
  /** The client's Git-Protocol header; only `version=N` is passed on. */
  protocol?: string;
}

/**
 * Bare repositories under one root folder, <root>/<org>/<name>.git, managed
 * with the real git CLI. Org, name, ref and path are validated before any
 * git process starts, and every git process goes through one
 * {@link GitRunner} (argv, environment, timeout, concurrency cap).
 */
/** The environment of a commit made in a throw-away git folder `gitDir` with `workTree`. */
function commitEnv(
  gitDir: string,
  workTree: string,
  options: PushDirectoryOptions,
) {
  return {
    GIT_DIR: gitDir,
    GIT_WORK_TREE: workTree,
    GIT_AUTHOR_NAME: options.authorName,
    GIT_AUTHOR_EMAIL: options.authorEmail,
    GIT_COMMITTER_NAME: options.authorName,
    GIT_COMMITTER_EMAIL: options.authorEmail,
  };
}

export class GitRepositoryStore {
  static readonly defaultBranch = 'main';

  constructor(
    private readonly root: string,
    readonly runner: GitRunner = new GitRunner(),
  ) {}

  /** The folder of a repository (it may not exist). */
  repoPath(ref: RepoRef): string {
    assertRepoRef(ref);
    return resolveSafeChildPath(
      this.root,
      path.join(ref.org, `${ref.name}.git`),
    );
  }

  async exists(ref: RepoRef): Promise<boolean> {
    return fs
      .stat(path.join(this.repoPath(ref), 'HEAD'))
      .then(() => true)
      .catch(() => false);
  }

  private async requireRepo(ref: RepoRef): Promise<string> {
    const dir = this.repoPath(ref);
    if (!(await this.exists(ref))) {
      throw new NotFoundError(
        `Repository ${ref.org}/${ref.name} does not exist`,
      );
    }
    return dir;
  }

  /**
   * Creates an empty bare repository; a ConflictError if the name is taken.
   *
   * @remarks
   * The repository is made in `<root>/.staging/` (git init, description, the
   * `createdBy` mark) and renamed into place, so a process killed half-way
   * leaves no half-made repository under its name, only a staging folder
   * that a later create removes once it is an hour old. `createdBy` (e.g.
   * the scaffolder task id) is recorded so a retry of the same task can
   * recognise the repository as its own ({@link GitRepositoryStore.createdBy}).
   */
  async create(
    ref: RepoRef & { description?: string; createdBy?: string },
  ): Promise<RepoSummary> {
    const dir = this.repoPath(ref);
    if (ref.createdBy !== undefined && !CREATED_BY.test(ref.createdBy)) {
      throw new InputError(
        `createdBy must be 1-200 letters, digits, '.', '_', ':' or '-'; got ${JSON.stringify(
          ref.createdBy.slice(0, 80),
        )}`,
      );
    }
    if (await this.exists(ref))
      throw new ConflictError(
        `Repository ${ref.org}/${ref.name} already exists`,
      );
    const staging = path.join(this.root, STAGING);
    await fs.mkdir(staging, { recursive: true });
    await removeStale(staging);
    const tmp = await fs.mkdtemp(path.join(staging, 'repo-'));
    try {
      await this.runner.run({
        subcommand: 'init',
        flags: [
          '--quiet',
          '--bare',
          `--initial-branch=${GitRepositoryStore.defaultBranch}`,
        ],
        args: [tmp],
      });
      await fs.writeFile(
        path.join(tmp, 'description'),
        `${ref.description ?? ''}\n`,
      );
      if (ref.createdBy !== undefined)
        await fs.writeFile(
          path.join(tmp, CREATED_BY_FILE),
          `${ref.createdBy}\n`,
        );
      await fs.mkdir(path.dirname(dir), { recursive: true });
      try {
        // rename is the atomic claim on the name: it fails when a repository
        // (a folder that is not empty) is there already
        await fs.rename(tmp, dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOTEMPTY') {
          throw new ConflictError(
            `Repository ${ref.org}/${ref.name} already exists`,
          );
        }
        throw error;
      }
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    return {
      org: ref.org,
      name: ref.name,
      description: ref.description ?? '',
      defaultBranch: GitRepositoryStore.defaultBranch,
    };
  }

  /** Who created a repository (the `createdBy` given to create), undefined when not recorded; NotFoundError when it does not exist. */
  async createdBy(ref: RepoRef): Promise<string | undefined> {
    const dir = await this.requireRepo(ref);
    const text = await fs
      .readFile(path.join(dir, CREATED_BY_FILE), 'utf-8')
      .catch(() => undefined);
    return text?.trim() || undefined;
  }

  /** Removes a repository (used to roll back a publish that failed half-way). */
  async remove(ref: RepoRef): Promise<void> {
    await fs.rm(this.repoPath(ref), { recursive: true, force: true });
  }

  /**
   * Adds or replaces `files` (repository path -> content) in one commit on
   * top of `parent`, the default branch's head the caller read, and pushes
   * it. Only those files are written: the rest of the tree comes from the
   * parent (read-tree into a throw-away index whose git folder borrows the
   * repository's objects), so the cost does not grow with the repository.
   * The push is a fast-forward: when someone else moved the branch since
   * `parent` was read, it fails with a GitCommandError and nothing changes.
   */
  async commitFiles(
    ref: RepoRef,
    parent: string,
    files: Record<string, string | Buffer>,
    options: CommitFilesOptions,
  ): Promise<string> {
    const target = await this.requireRepo(ref);
    const branch = options.branch ?? GitRepositoryStore.defaultBranch;
    assertRevision(branch);
    if (options.newBranch && branch === GitRepositoryStore.defaultBranch)
      throw new InputError(
        `${branch} is the default branch of ${ref.org}/${ref.name}; it exists already`,
      );
    const commit = await this.resolveRev(target, ref, parent);
    if (commit !== parent)
      throw new InputError(
        `${parent} is not a commit id of ${ref.org}/${ref.name}`,
      );
    const paths = Object.keys(files).map(file => {
      const clean = normalizeRepoPath(file);
      if (!clean)
        throw new InputError(
          `A file path is required to commit to ${ref.org}/${ref.name}`,
        );
      if (clean.split('/').some(part => part.toLowerCase() === '.git'))
        throw new InputError(
          `Invalid path ${JSON.stringify(file)}: a .git folder is not allowed`,
        );
      return clean;
    });
    if (!paths.length) throw new InputError('Nothing to commit');
    const gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'git-host-commit-'));
    const work = await fs.mkdtemp(
      path.join(os.tmpdir(), 'git-host-commit-tree-'),
    );
    const env = commitEnv(gitDir, work, options);
    try {
      await this.runner.run(
        {
          subcommand: 'init',
          flags: [
            '--quiet',
            `--initial-branch=${GitRepositoryStore.defaultBranch}`,
          ],
        },
        { cwd: work, env },
      );
      await fs.writeFile(
        path.join(gitDir, 'objects', 'info', 'alternates'),
        `${path.join(target, 'objects')}\n`,
      );
      await fs.writeFile(
        path.join(gitDir, 'refs', 'heads', GitRepositoryStore.defaultBranch),
        `${commit}\n`,
      );
      await this.runner.run(
        { subcommand: 'read-tree', args: [commit] },
        { cwd: work, env },
      );
      for (const [i, clean] of paths.entries()) {
        const dest = resolveSafeChildPath(work, clean);
        await fs.mkdir(path.dirname(dest), { recursive: true });
        await fs.writeFile(dest, Object.values(files)[i]);
      }
      await this.runner.run({ subcommand: 'add', paths }, { cwd: work, env });
      // exit code 1: the index differs from the parent; 0: the files are as they were
      const unchanged = await this.runner
        .run(
          {
            subcommand: 'diff',
            flags: ['--cached', '--quiet', '--no-ext-diff', '--no-textconv'],
          },
          { cwd: work, env },
        )
        .then(
          () => true,
          error => {
            if (error instanceof GitCommandError && error.exitCode === 1)
              return false;
            throw error;
          },
        );
      if (unchanged)
        throw new InputError(
          `Nothing to commit: ${paths.join(', ')} ${
            paths.length === 1 ? 'is' : 'are'
          } already like that at ${parent.slice(0, 12)} of ${ref.org}/${
            ref.name
          }`,
        );
      await this.runner.run(
        {
          subcommand: 'commit',
          flags: ['--quiet', '--no-verify', `--message=${options.message}`],
        },
        { cwd: work, env },
      );
      try {
        await this.runner.run(
          {
            subcommand: 'push',
            // as in pushDirectory: the target's receive-pack gets the config on its command line
            flags: [
              '--quiet',
              `--receive-pack=git ${RECEIVE_PACK_CONFIG} receive-pack`,
              // an empty expected value: the branch must not exist yet
              ...(options.newBranch
                ? [`--force-with-lease=refs/heads/${branch}:`]
                : []),
            ],
            args: [target, `HEAD:refs/heads/${branch}`],
          },
          { cwd: work, env },
        );
      } catch (error) {
        if (options.newBranch && error instanceof GitCommandError)
          throw new ConflictError(
            `Branch ${branch} already exists in ${ref.org}/${ref.name}`,
          );
        throw error;
      }
      return (
        await this.runner.text(
          { subcommand: 'rev-parse', flags: ['--verify'], args: ['HEAD'] },
          { cwd: work, env },
        )
      ).trim();
    } finally {
      await fs.rm(gitDir, { recursive: true, force: true });
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Commits the contents of `dir` as the first commit of the default branch
   * and pushes it into the repository. Symlinks are refused: a skeleton must
   * not smuggle links to files outside the workspace into a repository. The
   * commit is made in a fresh git folder outside `dir`, so a `.git` in the
   * workspace (with its config, hooks or filters) is never used.
   */
  async pushDirectory(
    ref: RepoRef,
    dir: string,
    options: PushDirectoryOptions,
  ): Promise<string> {
    const target = await this.requireRepo(ref);
    await assertNoSymlinks(dir);
    const gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'git-host-push-'));
    const env = commitEnv(gitDir, dir, options);
    try {
      await this.runner.run(
        {
          subcommand: 'init',
          flags: [
            '--quiet',
            `--initial-branch=${GitRepositoryStore.defaultBranch}`,
          ],
        },
        { cwd: dir, env },
      );
      await this.runner.run(
        { subcommand: 'add', flags: ['--all'], paths: ['.'] },
        { cwd: dir, env },
      );
      await this.runner.run(
        {
          subcommand: 'commit',
          flags: ['--quiet', '--no-verify', `--message=${options.message}`],
        },
        { cwd: dir, env },
      );
      await this.runner.run(
        {
          subcommand: 'push',
          // git clears -c settings for the receive-pack it starts in the target
          // repository, so that one gets them on its own command line
          flags: [
            '--quiet',
            `--receive-pack=git ${RECEIVE_PACK_CONFIG} receive-pack`,
          ],
          args: [target, `HEAD:refs/heads/${GitRepositoryStore.defaultBranch}`],
        },
        { cwd: dir, env },
      );
      return (
        await this.runner.text(
          { subcommand: 'rev-parse', flags: ['--verify'], args: ['HEAD'] },
          { cwd: dir, env },
        )
      ).trim();
    } finally {
      await fs.rm(gitDir, { recursive: true, force: true });
    }
  }

  /** Whether a branch exists. */
  async branchExists(ref: RepoRef, branch: string): Promise<boolean> {
    assertRevision(branch);
    const dir = await this.requireRepo(ref);
    return this.runner
      .run(
        {
          subcommand: 'rev-parse',
          flags: ['--verify', '--quiet'],
          args: [`refs/heads/${branch}^{commit}`],
        },
        { cwd: dir },
      )
      .then(
        () => true,
        error => {
          if (error instanceof GitCommandError) return false;
          throw error;
        },
      );
  }

  /**
   * `git diff` from one commit to another: the files with their status and
   * the unified patch, cut at `maxBytes` (git is stopped there, not read to
   * the end). No external diff drivers, no textconv: a repository's
   * .gitattributes cannot make the host run a program.
   */
  async diff(
    ref: RepoRef,
    from: string,
    to: string,
    options: { maxBytes: number },
  ): Promise<CommitDiff> {
    assertCommitId('from', from);
    assertCommitId('to', to);
    const dir = await this.requireRepo(ref);
    const common = [
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--find-renames',
    ];
    const names = (
      await this.runner.text(
        {
          subcommand: 'diff',
          flags: [...common, '--name-status', '-z'],
          args: [from, to],
        },
        { cwd: dir },
      )
    ).split('\0');
    const files: CommitDiff['files'] = [];
    for (let i = 0; i + 1 < names.length; ) {
      const status = names[i];
      if (!status) break;
      // renames and copies carry two paths: the old one, then the new one
      const twoPaths = /^[RC]/.test(status);
      const file = twoPaths ? names[i + 2] : names[i + 1];
      files.push({ path: file, status: status[0] });
      i += twoPaths ? 3 : 2;
    }
    const proc = await this.runner.spawn(
      {
        subcommand: 'diff',
        flags: [...common, '--unified=3'],
        args: [from, to],
      },
      { cwd: dir },
    );
    proc.stdin.end();
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        if (truncated) return;
        if (size + chunk.length > options.maxBytes) {
          chunks.push(chunk.subarray(0, options.maxBytes - size));
          size = options.maxBytes;
          truncated = true;
          proc.kill();
          resolve();
          return;
        }
        size += chunk.length;
        chunks.push(chunk);
      });
      proc.stdout.once('end', () => resolve());
      proc.done.catch(error => (truncated ? resolve() : reject(error)));
    });
    if (!truncated) await proc.done;
    // never cut a character in two
    const patch = Buffer.concat(chunks)
      .toString('utf-8')
      .replace(/\uFFFD$/, '');
    return { files, patch, truncated };
  }

  /**
   * Merges `branch` into the default branch: a fast-forward when the
   * default branch has not moved since the branch was made, otherwise a real
   * merge commit (git merge-tree, in the bare repository, no work tree). A
   * conflict is a ConflictError naming the files, and nothing changes; so is
   * a default branch that moved while merging. The default branch is
   * updated with a compare-and-swap (update-ref with its old value).
   */
  async mergeBranch(
    ref: RepoRef,
    branch: string,
    options: PushDirectoryOptions,
  ): Promise<MergeResult> {
    assertRevision(branch);
    const dir = await this.requireRepo(ref);
    const main = GitRepositoryStore.defaultBranch;
    const base = await this.resolveRev(dir, ref, `refs/heads/${main}`);
    const head = await this.resolveRev(dir, ref, `refs/heads/${branch}`);
    const isAncestor = async (a: string, b: string) =>
      this.runner
        .run(
          { subcommand: 'merge-base', flags: ['--is-ancestor'], args: [a, b] },
          { cwd: dir },
        )
        .then(
          () => true,
          error => {
            if (error instanceof GitCommandError && error.exitCode === 1)
              return false;
            throw error;
          },
        );
    if (await isAncestor(head, base))
      return { commit: base, fastForward: true }; // merged already
    let commit = head;
    const fastForward = await isAncestor(base, head);
    if (!fastForward) {
      let out: string;
      try {
        out = await this.runner.text(
          {
            subcommand: 'merge-tree',
            flags: ['--write-tree', '--name-only', '--no-messages', '-z'],
            args: [base, head],
          },
          { cwd: dir },
        );
      } catch (error) {
        if (error instanceof GitCommandError && error.exitCode === 1) {
          throw await this.conflictError(dir, ref, branch, base, head);
        }
        throw error;
      }
      const tree = out.split('\0')[0].trim();
      assertCommitId('merged tree', tree);
      const env = {
        GIT_AUTHOR_NAME: options.authorName,
        GIT_AUTHOR_EMAIL: options.authorEmail,
        GIT_COMMITTER_NAME: options.authorName,
        GIT_COMMITTER_EMAIL: options.authorEmail,
      };
      commit = (
        await this.runner.text(
          {
            subcommand: 'commit-tree',
            flags: [`-p${base}`, `-p${head}`, `-m${options.message}`],
            args: [tree],
          },
          { cwd: dir, env },
        )
      ).trim();
      assertCommitId('merge commit', commit);
    }
    try {
      await this.runner.run(
        {
          subcommand: 'update-ref',
          flags: [`-m${options.message}`],
          args: [`refs/heads/${main}`, commit, base],
        },
        { cwd: dir },
      );
    } catch (error) {
      if (error instanceof GitCommandError)
        throw new ConflictError(
          `${main} of ${ref.org}/${ref.name} moved while merging ${branch}; nothing was changed, try again`,
        );
      throw error;
    }
    return { commit, fastForward };
  }

  /**
   * Removes a branch if it still points at `expected` (undoing a proposal
   * whose record could not be written); never the default branch.
   */
  async deleteBranch(
    ref: RepoRef,
    branch: string,
    expected: string,
  ): Promise<void> {
    assertRevision(branch);
    assertCommitId('expected', expected);
    if (branch === GitRepositoryStore.defaultBranch)
      throw new InputError(
        `${branch} is the default branch; it is never deleted`,
      );
    const dir = await this.requireRepo(ref);
    await this.runner.run(
      {
        subcommand: 'update-ref',
        flags: ['-d'],
        args: [`refs/heads/${branch}`, expected],
      },
      { cwd: dir },
    );
  }

  /** The files a merge of `head` into `base` conflicts on, as a ConflictError. */
  private async conflictError(
    dir: string,
    ref: RepoRef,
    branch: string,
    base: string,
    head: string,
  ): Promise<ConflictError> {
    // merge-tree exits 1 on conflicts and still prints them: run it again for its output
    const proc = await this.runner.spawn(
      {
        subcommand: 'merge-tree',
        flags: ['--write-tree', '--name-only', '--no-messages', '-z'],
        args: [base, head],
      },
      { cwd: dir },
    );
    proc.stdin.end();
    const chunks: Buffer[] = [];
    proc.stdout.on('data', (c: Buffer) => chunks.push(c));
    await proc.done.catch(() => undefined);
    const files = [
      ...new Set(
        Buffer.concat(chunks)
          .toString('utf-8')
          .split('\0')
          .slice(1)
          .filter(Boolean),
      ),
    ];
    const error = new ConflictError(
      `${branch} conflicts with ${GitRepositoryStore.defaultBranch} of ${
        ref.org
      }/${ref.name} in ${
        files.join(', ') || 'some files'
      }; nothing was changed`,
    );
    (error as ConflictError & { files?: string[] }).files = files;
    return error;
  }

  async get(ref: RepoRef): Promise<RepoSummary> {
    const dir = await this.requireRepo(ref);
    const description = (
      await fs.readFile(path.join(dir, 'description'), 'utf-8').catch(() => '')
    ).trim();
    const head = await this.runner
      .text(
        {
          subcommand: 'rev-parse',
          flags: ['--verify', '--quiet'],
          args: [`refs/heads/${GitRepositoryStore.defaultBranch}`],
        },
        { cwd: dir },
      )
      .then(out => out.trim())
      .catch(error => {
        if (error instanceof GitCommandError) return undefined; // empty repository
        throw error;
      });
    return {
      ...ref,
      description,
      defaultBranch: GitRepositoryStore.defaultBranch,
      head,
    };
  }

  async list(): Promise<RepoSummary[]> {
    const orgs = await fs
      .readdir(this.root, { withFileTypes: true })
      .catch(() => []);
    const out: RepoSummary[] = [];
    for (const org of orgs.filter(d => d.isDirectory())) {
      for (const entry of await fs.readdir(path.join(this.root, org.name))) {
        if (!entry.endsWith('.git')) continue;
        const ref = { org: org.name, name: entry.slice(0, -'.git'.length) };
        if (!isValidRef(ref)) continue; // a folder the store did not create
        out.push(await this.get(ref));
      }
    }
    return out.sort((a, b) =>
      `${a.org}/${a.name}`.localeCompare(`${b.org}/${b.name}`),
    );
  }

  /** A file at a ref (branch, tag or commit); NotFoundError when either is missing. */
  async readFile(
    ref: RepoRef,
    rev: string,
    filePath: string,
  ): Promise<{ content: Buffer; commit: string }> {
    const clean = normalizeRepoPath(filePath);
    const dir = await this.requireRepo(ref);
    const commit = await this.resolveRev(dir, ref, rev);
    if (!clean)
      throw new InputError(
        `A file path is required to read from ${ref.org}/${ref.name}`,
      );
    try {
      return {
        content: await this.runner.run(
          { subcommand: 'cat-file', args: ['blob', `${commit}:${clean}`] },
          { cwd: dir },
        ),
        commit,
      };
    } catch (error) {
      if (error instanceof GitCommandError)
        throw new NotFoundError(
          `${clean} does not exist in ${ref.org}/${ref.name} at ${rev}`,
        );
      throw error;
    }
  }

  /**
   * The files below a folder at a ref, as a tar stream (for readTree). The
   * stream fails if git does (or is stopped at its timeout) rather than
   * ending early as if the archive were complete.
   */
  async archive(
    ref: RepoRef,
    rev: string,
    folder: string,
  ): Promise<{ stream: Readable; commit: string }> {
    const clean = normalizeRepoPath(folder);
    const dir = await this.requireRepo(ref);
    const commit = await this.resolveRev(dir, ref, rev);
    if (clean) await this.requirePath(dir, ref, commit, clean, rev);
    const proc = await this.runner.spawn(
      {
        subcommand: 'archive',
        flags: ['--format=tar', `--prefix=${ref.name}/`],
        args: [commit],
        paths: clean ? [clean] : [],
      },
      { cwd: dir, timeoutMs: this.runner.options.transferTimeoutMs },
    );
    proc.stdin.end();
    return { stream: failOnError(proc), commit };
  }

  /** Paths of all files at a ref. */
  async listFiles(ref: RepoRef, rev: string): Promise<string[]> {
    const dir = await this.requireRepo(ref);
    const commit = await this.resolveRev(dir, ref, rev);
    return (
      await this.runner.text(
        {
          subcommand: 'ls-tree',
          flags: ['-r', '--name-only', '-z'],
          args: [commit],
        },
        { cwd: dir },
      )
    )
      .split('\0')
      .filter(Boolean);
  }

  /** The commit a branch, tag or commit id points at; NotFoundError if none. */
  async resolveCommit(ref: RepoRef, rev: string): Promise<string> {
    assertRevision(rev);
    return this.resolveRev(await this.requireRepo(ref), ref, rev);
  }

  /**
   * git upload-pack for smart HTTP (clone and fetch), with the transfer
   * timeout. The caller writes the request to stdin and streams stdout.
   */
  async uploadPack(
    ref: RepoRef,
    options: UploadPackOptions = {},
  ): Promise<GitProcess> {
    const dir = await this.requireRepo(ref);
    const protocol =
      options.protocol && /^version=[0-9]$/.test(options.protocol)
        ? options.protocol
        : undefined;
    return this.runner.spawn(
      {
        subcommand: 'upload-pack',
        flags: [
          '--stateless-rpc',
          ...(options.advertiseRefs ? ['--advertise-refs'] : []),
        ],
        args: [dir],
      },
      {
        env: { GIT_PROTOCOL: protocol },
        timeoutMs: options.advertiseRefs
          ? this.runner.options.commandTimeoutMs
          : this.runner.options.transferTimeoutMs,
      },
    );
  }

  private async resolveRev(
    dir: string,
    ref: RepoRef,
    rev: string,
  ): Promise<string> {
    assertRevision(rev);
    try {
      return (
        await this.runner.text(
          {
            subcommand: 'rev-parse',
            flags: ['--verify', '--quiet'],
            args: [`${rev}^{commit}`],
          },
          { cwd: dir },
        )
      ).trim();
    } catch (error) {
      if (error instanceof GitCommandError)
        throw new NotFoundError(`No such ref ${rev} in ${ref.org}/${ref.name}`);
      throw error;
    }
  }

  private async requirePath(
    dir: string,
    ref: RepoRef,
    commit: string,
    clean: string,
    rev: string,
  ): Promise<void> {
    try {
      await this.runner.run(
        { subcommand: 'cat-file', flags: ['-e'], args: [`${commit}:${clean}`] },
        { cwd: dir },
      );
    } catch (error) {
      if (error instanceof GitCommandError)
        throw new NotFoundError(
          `${clean} does not exist in ${ref.org}/${ref.name} at ${rev}`,
        );
      throw error;
    }
  }
}

export { normalizeRepoPath };

function isValidRef(ref: RepoRef): boolean {
  try {
    assertRepoRef(ref);
    return true;
  } catch {
    return false;
  }
}

/** git's stdout, ended only once git exited cleanly; destroyed with git's error otherwise. */
function failOnError(proc: GitProcess): Readable {
  const out = new PassThrough();
  proc.stdout.pipe(out, { end: false });
  const stdoutEnded = new Promise<void>(resolve =>
    proc.stdout.once('end', () => resolve()),
  );
  proc.done.then(
    async () => {
      await stdoutEnded;
      out.end();
    },
    error => out.destroy(error),
  );
  // a reader that gives up stops git too
  out.once('close', () => {
    if (!proc.stdout.readableEnded) proc.kill();
  });
  return out;
}

async function assertNoSymlinks(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (entry.isSymbolicLink()) {
      const full = path.join(
        entry.parentPath ?? (entry as any).path,
        entry.name,
      );
      throw new InputError(
        `Refusing to publish the symbolic link ${path.relative(
          dir,
          full,
        )}: links may point outside the workspace`,
      );
    }
  }
}
