import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { x as extract } from 'tar';
import type { FileTree } from './mergeTrees';

/** A folder's regular files; links and other non-regular entries are listed as `opaque`, never read. */
export async function readTree(
  dir: string,
): Promise<{ files: FileTree; opaque: Set<string> }> {
  const files: FileTree = new Map();
  const opaque = new Set<string>();
  async function walk(rel: string) {
    for (const entry of await fs.readdir(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === '.git' && !rel) continue;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile())
        files.set(child, await fs.readFile(path.join(dir, child)));
      else opaque.add(child);
    }
  }
  await walk('');
  return { files, opaque };
}

/**
 * Unpacks a `git archive` tar (one leading folder, stripped) into `dir`:
 * regular files and folders only (tar refuses `..` and absolute paths);
 * every other entry (a symbolic link...) is only listed.
 */
export async function extractArchive(
  stream: Readable,
  dir: string,
): Promise<Set<string>> {
  const skipped = new Set<string>();
  await fs.mkdir(dir, { recursive: true });
  await pipeline(
    stream,
    extract({
      cwd: dir,
      strip: 1,
      filter: (entryPath, entry) => {
        const type = (entry as { type?: string }).type;
        if (type === 'File' || type === 'OldFile' || type === 'Directory')
          return true;
        if (type !== 'GlobalExtendedHeader' && type !== 'ExtendedHeader')
          skipped.add(entryPath.split('/').slice(1).join('/'));
        return false;
      },
    }),
  );
  return skipped;
}
