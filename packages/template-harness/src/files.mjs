// @ts-check
// Small file helpers shared by the validators.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Lists every file under `root` (recursively), as sorted POSIX paths relative
 * to `root`. Directories whose name is in `ignoreDirs` are skipped at any depth.
 * Symbolic links are listed as files (not followed).
 *
 * @param {string} root
 * @param {{ ignoreDirs?: string[] }} [options]
 * @returns {Promise<string[]>}
 */
export async function listFiles(root, { ignoreDirs = ['.git'] } = {}) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} rel */
  async function walk(rel) {
    const entries = await fs.readdir(path.join(root, rel), {
      withFileTypes: true,
    });
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!ignoreDirs.includes(entry.name)) await walk(childRel);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        out.push(childRel);
      }
    }
  }
  await walk('');
  return out.sort();
}

/**
 * True when the bytes look like a binary file: a NUL byte in the first 8000
 * bytes (git's rule) or bytes that are not valid UTF-8.
 *
 * @param {Buffer} buf
 * @returns {boolean}
 */
export function isBinary(buf) {
  if (buf.subarray(0, 8000).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return false;
  } catch {
    return true;
  }
}

/**
 * @param {Buffer | string} data
 * @returns {string}
 */
export function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}
