// @ts-check
// compareWithGolden: compares a generated repository with its golden copy,
// file by file (unified diffs from the `diff` package), and can rewrite the
// golden copy to match.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { isBinary, listFiles, sha256 } from './files.mjs';

/**
 * @typedef {object} GoldenComparison
 * @property {string[]} added   files in actualDir that the golden copy lacks
 * @property {string[]} removed files in the golden copy that actualDir lacks
 * @property {{ file: string, diff: string }[]} changed files whose content differs, with a unified diff (golden → actual)
 */

/**
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function filesOf(dir) {
  try {
    return await listFiles(dir, { ignoreDirs: ['.git'] });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT')
      return [];
    throw error;
  }
}

/**
 * A file's content for comparison; a symbolic link is compared by its target.
 * @param {string} file
 * @returns {Promise<Buffer>}
 */
async function contentOf(file) {
  const stat = await fs.lstat(file);
  if (stat.isSymbolicLink())
    return Buffer.from(`symlink -> ${await fs.readlink(file)}\n`);
  return fs.readFile(file);
}

/**
 * @param {string} file
 * @param {Buffer} golden
 * @param {Buffer} actual
 * @returns {string}
 */
function describeChange(file, golden, actual) {
  if (isBinary(golden) || isBinary(actual)) {
    return (
      `Binary file ${file} differs\n` +
      `--- golden/${file}\tsha256:${sha256(golden)} (${
        golden.length
      } bytes)\n` +
      `+++ actual/${file}\tsha256:${sha256(actual)} (${actual.length} bytes)\n`
    );
  }
  return createTwoFilesPatch(
    `golden/${file}`,
    `actual/${file}`,
    golden.toString('utf8'),
    actual.toString('utf8'),
  );
}

/**
 * Compares actualDir with goldenDir (`.git/` folders ignored). Text files that
 * differ get a unified diff; binary files are compared by hash. With
 * `update: true`, goldenDir is then rewritten to equal actualDir (added and
 * changed files copied, removed files deleted, emptied folders removed); the
 * returned comparison still describes the differences found before the update.
 *
 * @param {string} actualDir
 * @param {string} goldenDir
 * @param {{ update?: boolean }} [options]
 * @returns {Promise<GoldenComparison>}
 */
export async function compareWithGolden(
  actualDir,
  goldenDir,
  { update = false } = {},
) {
  const actualFiles = await filesOf(actualDir);
  const goldenFiles = await filesOf(goldenDir);
  const goldenSet = new Set(goldenFiles);
  const actualSet = new Set(actualFiles);

  const added = actualFiles.filter(f => !goldenSet.has(f));
  const removed = goldenFiles.filter(f => !actualSet.has(f));
  /** @type {{ file: string, diff: string }[]} */
  const changed = [];
  for (const file of actualFiles) {
    if (!goldenSet.has(file)) continue;
    const actual = await contentOf(path.join(actualDir, file));
    const golden = await contentOf(path.join(goldenDir, file));
    if (!actual.equals(golden))
      changed.push({ file, diff: describeChange(file, golden, actual) });
  }

  if (update) {
    for (const file of removed) {
      await fs.rm(path.join(goldenDir, file), { force: true });
      await removeEmptyParents(goldenDir, path.dirname(file));
    }
    for (const file of [...added, ...changed.map(c => c.file)]) {
      const from = path.join(actualDir, file);
      const to = path.join(goldenDir, file);
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.rm(to, { force: true });
      const stat = await fs.lstat(from);
      if (stat.isSymbolicLink()) await fs.symlink(await fs.readlink(from), to);
      else await fs.copyFile(from, to);
    }
    await fs.mkdir(goldenDir, { recursive: true });
  }
  return { added, removed, changed };
}

/**
 * @param {string} root
 * @param {string} relDir
 */
async function removeEmptyParents(root, relDir) {
  let dir = relDir;
  while (dir && dir !== '.') {
    const abs = path.join(root, dir);
    try {
      if ((await fs.readdir(abs)).length) return;
      await fs.rmdir(abs);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}

/**
 * Formats a comparison for a test failure message.
 *
 * @param {GoldenComparison} result
 * @returns {string} "" when there is no difference
 */
export function formatGoldenComparison({ added, removed, changed }) {
  const lines = [];
  for (const f of added) lines.push(`added:   ${f}`);
  for (const f of removed) lines.push(`removed: ${f}`);
  for (const c of changed) lines.push(`changed: ${c.file}`);
  for (const c of changed) lines.push('', c.diff);
  return lines.join('\n');
}
