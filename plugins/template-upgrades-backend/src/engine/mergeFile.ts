import { GitCommandError, GitRunner } from '@internal/plugin-git-hosting-node';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Labels of the three sides, as they appear after `<<<<<<<`, `|||||||` and `>>>>>>>`. */
export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

/** The outcome of one {@link mergeFile}. */
export interface FileMergeResult {
  content: Buffer;
  /** Conflict hunks left as ordinary git conflict markers (0: merged cleanly). */
  conflicts: number;
}

/** A NUL in the first 8000 bytes: git's own test for binary content. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

const LABEL = /^[A-Za-z0-9 ._@:/()-]{1,100}$/;

/**
 * A real three-way merge of one file with `git merge-file`, through the git
 * host's hardened runner (fixed argv with --end-of-options, clean
 * environment, timeout, concurrency cap). The three versions are written to
 * a fresh folder below `tmpRoot` (its real path, so no link leads outside)
 * and merged in place; git's exit code is the number of conflicts.
 */
export async function mergeFile(
  runner: GitRunner,
  tmpRoot: string,
  sides: { ours: Buffer; base: Buffer; theirs: Buffer },
  labels: MergeLabels,
): Promise<FileMergeResult> {
  for (const label of Object.values(labels)) {
    if (!LABEL.test(label)) {
      throw new Error(`merge label ${JSON.stringify(label)} is not allowed`);
    }
  }
  const root = await fs.realpath(tmpRoot);
  const dir = await fs.mkdtemp(path.join(root, 'merge-'));
  try {
    await Promise.all([
      fs.writeFile(path.join(dir, 'ours'), sides.ours),
      fs.writeFile(path.join(dir, 'base'), sides.base),
      fs.writeFile(path.join(dir, 'theirs'), sides.theirs),
    ]);
    let conflicts = 0;
    try {
      await runner.run(
        {
          subcommand: 'merge-file',
          flags: [`-L${labels.ours}`, `-L${labels.base}`, `-L${labels.theirs}`],
          args: ['ours', 'base', 'theirs'],
        },
        { cwd: dir },
      );
    } catch (error) {
      // merge-file exits with the number of conflicts (capped at 127); above that is a failure
      if (
        error instanceof GitCommandError &&
        error.exitCode !== null &&
        error.exitCode > 0 &&
        error.exitCode < 128
      ) {
        conflicts = error.exitCode;
      } else {
        throw error;
      }
    }
    return { content: await fs.readFile(path.join(dir, 'ours')), conflicts };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
