import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { git, gitBuffer, gitStream } from './git';
import { assertRepoRef, RepoRef } from './names';

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

/**
 * Bare repositories under one root folder, <root>/<org>/<name>.git, managed
 * with the real git CLI. Names are validated and every path is resolved
 * inside the root.
 */
export class GitRepositoryStore {
  static readonly defaultBranch = 'main';

  constructor(private readonly root: string) {}

  /** The folder of a repository (it may not exist). */
  repoPath(ref: RepoRef): string {
    assertRepoRef(ref);
    return resolveSafeChildPath(this.root, path.join(ref.org, `${ref.name}.git`));
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
      throw new NotFoundError(`Repository ${ref.org}/${ref.name} does not exist`);
    }
    return dir;
  }

  /** Creates an empty bare repository; a ConflictError if the name is taken. */
  async create(ref: RepoRef & { description?: string }): Promise<RepoSummary> {
    const dir = this.repoPath(ref);
    await fs.mkdir(path.dirname(dir), { recursive: true });
    try {
      // mkdir without recursive is the atomic claim on the name
      await fs.mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(`Repository ${ref.org}/${ref.name} already exists`);
      }
      throw error;
    }
    try {
      await git(['init', '--quiet', '--bare', `--initial-branch=${GitRepositoryStore.defaultBranch}`, dir]);
      await fs.writeFile(path.join(dir, 'description'), `${ref.description ?? ''}\n`);
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
    return { org: ref.org, name: ref.name, description: ref.description ?? '', defaultBranch: GitRepositoryStore.defaultBranch };
  }

  /** Removes a repository (used to roll back a publish that failed half-way). */
  async remove(ref: RepoRef): Promise<void> {
    await fs.rm(this.repoPath(ref), { recursive: true, force: true });
  }

  /**
   * Commits the contents of `dir` as the first commit of the default branch
   * and pushes it into the repository. Symlinks are refused: a skeleton must
   * not smuggle links to files outside the workspace into a repository.
   */
  async pushDirectory(ref: RepoRef, dir: string, options: PushDirectoryOptions): Promise<string> {
    const target = await this.requireRepo(ref);
    await assertNoSymlinks(dir);
    const env = {
      GIT_AUTHOR_NAME: options.authorName,
      GIT_AUTHOR_EMAIL: options.authorEmail,
      GIT_COMMITTER_NAME: options.authorName,
      GIT_COMMITTER_EMAIL: options.authorEmail,
    };
    await git(['init', '--quiet', `--initial-branch=${GitRepositoryStore.defaultBranch}`], { cwd: dir });
    await git(['add', '--all'], { cwd: dir });
    await git(['commit', '--quiet', '--no-verify', '-m', options.message], { cwd: dir, env });
    await git(['push', '--quiet', target, `HEAD:refs/heads/${GitRepositoryStore.defaultBranch}`], { cwd: dir });
    return (await git(['rev-parse', 'HEAD'], { cwd: dir })).trim();
  }

  async get(ref: RepoRef): Promise<RepoSummary> {
    const dir = await this.requireRepo(ref);
    const description = (await fs.readFile(path.join(dir, 'description'), 'utf-8').catch(() => '')).trim();
    const head = await git(['rev-parse', '--verify', '--quiet', `refs/heads/${GitRepositoryStore.defaultBranch}`], { cwd: dir })
      .then(out => out.trim())
      .catch(() => undefined);
    return { ...ref, description, defaultBranch: GitRepositoryStore.defaultBranch, head };
  }

  async list(): Promise<RepoSummary[]> {
    const orgs = await fs.readdir(this.root, { withFileTypes: true }).catch(() => []);
    const out: RepoSummary[] = [];
    for (const org of orgs.filter(d => d.isDirectory())) {
      for (const entry of await fs.readdir(path.join(this.root, org.name))) {
        if (!entry.endsWith('.git')) continue;
        out.push(await this.get({ org: org.name, name: entry.slice(0, -'.git'.length) }));
      }
    }
    return out.sort((a, b) => `${a.org}/${a.name}`.localeCompare(`${b.org}/${b.name}`));
  }

  /** A file at a ref (branch, tag or commit); NotFoundError when either is missing. */
  async readFile(ref: RepoRef, rev: string, filePath: string): Promise<{ content: Buffer; commit: string }> {
    const dir = await this.requireRepo(ref);
    const commit = await this.resolveRev(dir, ref, rev);
    const clean = normalizeRepoPath(filePath);
    try {
      return { content: await gitBuffer(['cat-file', 'blob', `${commit}:${clean}`], { cwd: dir }), commit };
    } catch {
      throw new NotFoundError(`${clean} does not exist in ${ref.org}/${ref.name} at ${rev}`);
    }
  }

  /** The files below a folder at a ref, as a tar stream (for readTree). */
  async archive(ref: RepoRef, rev: string, folder: string) {
    const dir = await this.requireRepo(ref);
    const commit = await this.resolveRev(dir, ref, rev);
    const clean = normalizeRepoPath(folder);
    const args = ['archive', '--format=tar', `--prefix=${ref.name}/`, commit];
    if (clean) args.push(clean);
    return { stream: gitStream(args, { cwd: dir }).stdout!, commit };
  }

  /** Paths of all files at a ref. */
  async listFiles(ref: RepoRef, rev: string): Promise<string[]> {
    const dir = await this.requireRepo(ref);
    const commit = await this.resolveRev(dir, ref, rev);
    return (await git(['ls-tree', '-r', '--name-only', commit], { cwd: dir })).split('\n').filter(Boolean);
  }

  /** The commit a branch, tag or commit id points at; NotFoundError if none. */
  async resolveCommit(ref: RepoRef, rev: string): Promise<string> {
    return this.resolveRev(await this.requireRepo(ref), ref, rev);
  }

  private async resolveRev(dir: string, ref: RepoRef, rev: string): Promise<string> {
    if (!/^[A-Za-z0-9._/-]+$/.test(rev) || rev.startsWith('-')) {
      throw new NotFoundError(`No such ref ${JSON.stringify(rev)} in ${ref.org}/${ref.name}`);
    }
    try {
      return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: dir })).trim();
    } catch {
      throw new NotFoundError(`No such ref ${rev} in ${ref.org}/${ref.name}`);
    }
  }
}

/** A path inside a repository, without leading slashes or `..` segments. */
export function normalizeRepoPath(filePath: string): string {
  const parts = filePath.split('/').filter(p => p && p !== '.');
  if (parts.includes('..')) throw new NotFoundError(`Invalid path ${filePath}`);
  return parts.join('/');
}

async function assertNoSymlinks(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) {
      const full = path.join(entry.parentPath ?? (entry as any).path, entry.name);
      throw new InputError(`Refusing to publish the symbolic link ${path.relative(dir, full)}: links may point outside the workspace`);
    }
  }
}
