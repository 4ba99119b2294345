import fs from 'node:fs/promises';
import path from 'node:path';
import { DocsBuildLimits, DocsRejectedError } from './types';

/**
 * Copies a prepared checkout into `targetDir`, refusing what a hostile
 * repository could use against the build: symlinks that resolve outside the
 * checkout, special files, more files, bytes or nesting than the limits.
 * mkdocs then only ever sees the copy (the upstream generator patches
 * mkdocs.yml in place, which for a `dir:` location would be the source tree).
 * The .git folder is left out.
 */
export async function snapshotDocsTree(
  sourceDir: string,
  targetDir: string,
  limits: Pick<DocsBuildLimits, 'maxFiles' | 'maxBytes' | 'maxDepth'>,
): Promise<{ files: number; bytes: number }> {
  const root = await fs.realpath(sourceDir);
  let files = 0;
  let bytes = 0;

  const insideRoot = (p: string) => p === root || p.startsWith(root + path.sep);

  async function copyFile(from: string, to: string, rel: string, size: number) {
    files += 1;
    bytes += size;
    if (files > limits.maxFiles) {
      throw new DocsRejectedError(
        `The docs tree has more than ${limits.maxFiles} files; keep the documentation in a smaller folder (techdocs-ref) or split it`,
      );
    }
    if (bytes > limits.maxBytes) {
      throw new DocsRejectedError(
        `The docs tree is larger than ${limits.maxBytes} bytes (at ${rel}); keep large assets out of the documentation folder`,
      );
    }
    await fs.copyFile(from, to);
  }

  async function walk(dir: string, out: string, rel: string, depth: number) {
    if (depth > limits.maxDepth) {
      throw new DocsRejectedError(
        `The docs tree is nested deeper than ${limits.maxDepth} folders (at ${rel})`,
      );
    }
    await fs.mkdir(out, { recursive: true });
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (depth === 0 && entry.name === '.git') continue;
      const from = path.join(dir, entry.name);
      const to = path.join(out, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = await fs.realpath(from);
        } catch {
          throw new DocsRejectedError(`Symlink ${relPath} points at nothing`);
        }
        if (!insideRoot(real)) {
          throw new DocsRejectedError(
            `Symlink ${relPath} points outside the repository; docs may only link to files inside it`,
          );
        }
        const st = await fs.stat(real);
        if (!st.isFile()) {
          throw new DocsRejectedError(
            `Symlink ${relPath} points at a folder; only symlinks to files are accepted`,
          );
        }
        await copyFile(real, to, relPath, st.size);
      } else if (entry.isDirectory()) {
        await walk(from, to, relPath, depth + 1);
      } else if (entry.isFile()) {
        const st = await fs.lstat(from);
        await copyFile(from, to, relPath, st.size);
      } else {
        throw new DocsRejectedError(
          `${relPath} is not a regular file or folder (device, socket or pipe)`,
        );
      }
    }
  }

  await walk(root, targetDir, '', 0);
  return { files, bytes };
}
