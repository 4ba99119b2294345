import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** Why a file was refused; the message says the same in words. */
export type FileRefusal =
  | 'off'
  | 'not-absolute'
  | 'outside-roots'
  | 'symlink-escape'
  | 'not-found'
  | 'not-regular'
  | 'too-large'
  | 'timeout'
  | 'unreadable';

/**
 * A refused file: an InputError (a 400 over HTTP) whose message names the
 * path and the reason, never the file's contents. `reason` is for callers
 * and tests; the message is for people.
 */
export function fileRefused(
  reason: FileRefusal,
  message: string,
): InputError & { reason: FileRefusal } {
  return Object.assign(new InputError(message), { reason });
}

/** The reason of an error made by {@link fileRefused}, if it is one. */
export function refusalOf(error: unknown): FileRefusal | undefined {
  return (error as { reason?: FileRefusal } | undefined)?.reason;
}

/** Limits on one read. */
export interface ReadLimits {
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** A read still running after this fails (a slow disk, a file that keeps growing). */
  timeoutMs: number;
}

export const isInside = (child: string, folder: string) =>
  child === folder ||
  child.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);

async function realpathOrSelf(p: string): Promise<string> {
  try {
    return await fsp.realpath(p);
  } catch {
    return path.resolve(p);
  }
}

function describeKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Where files may be read from, and what they are called in messages. */
export interface Containment {
  /** Folders (absolute) inside which a file may be. */
  folders: string[];
  /** Single files (absolute) that may be read even outside the folders. */
  files?: string[];
  /** How the folders are named in a refusal, e.g. "launchpad.catalog.fileRoots". */
  describe: string;
}

/**
 * Resolves `target` to its real path (symbolic links followed) and checks
 * that both the path as written and the real path are inside one of the
 * folders (or are one of the single files). The lexical check runs first,
 * so a path outside is refused without touching the file system.
 */
export async function resolveContained(
  target: string,
  containment: Containment,
): Promise<string> {
  if (!path.isAbsolute(target)) {
    throw fileRefused('not-absolute', `${target} is not an absolute path`);
  }
  const lexical = path.resolve(target);
  const folders = [
    ...new Set([
      ...containment.folders.map(f => path.resolve(f)),
      ...(await Promise.all(containment.folders.map(realpathOrSelf))),
    ]),
  ];
  const files = containment.files ?? [];
  const outside = () =>
    fileRefused(
      'outside-roots',
      `${target} is outside the folders file locations may be read from (${containment.describe})`,
    );
  if (!folders.some(f => isInside(lexical, f)) && !files.includes(lexical))
    throw outside();

  let real: string;
  try {
    real = await fsp.realpath(lexical);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    ) {
      throw fileRefused('not-found', `file ${target} does not exist`);
    }
    throw fileRefused(
      'unreadable',
      `file ${target} could not be resolved (${
        (error as NodeJS.ErrnoException).code ?? 'error'
      })`,
    );
  }
  const realFiles = await Promise.all(files.map(realpathOrSelf));
  if (!folders.some(f => isInside(real, f)) && !realFiles.includes(real)) {
    throw fileRefused(
      'symlink-escape',
      `${target} leads outside the folders file locations may be read from (${containment.describe}) through a symbolic link`,
    );
  }
  return real;
}

function checkStat(
  stat: fs.Stats,
  shownAs: string,
  limits: Pick<ReadLimits, 'maxBytes'>,
) {
  if (!stat.isFile()) {
    throw fileRefused(
      'not-regular',
      `${shownAs} is not a regular file (it is ${describeKind(stat)})`,
    );
  }
  if (stat.size > limits.maxBytes) {
    throw fileRefused(
      'too-large',
      `${shownAs} is ${stat.size} bytes, over the ${limits.maxBytes}-byte limit (launchpad.catalog.maxFileBytes)`,
    );
  }
}

/**
 * Checks, without reading, that `realPath` is a regular file within the
 * size cap. `shownAs` is the path as the user wrote it (used in messages).
 */
export async function statRegularFile(
  realPath: string,
  shownAs: string,
  limits: Pick<ReadLimits, 'maxBytes'>,
) {
  let stat: fs.Stats;
  try {
    stat = await fsp.lstat(realPath);
  } catch {
    throw fileRefused('not-found', `file ${shownAs} does not exist`);
  }
  checkStat(stat, shownAs, limits);
  return stat;
}

/**
 * Reads a regular file that cannot block or exhaust memory: opened with
 * O_NONBLOCK (a FIFO without a writer does not hang the open) and
 * O_NOFOLLOW (the checked real path is not swapped for a link), checked on
 * the open descriptor (regular file, size cap), read up to the cap and no
 * further (a file that grows while read is refused), within a time limit.
 */
export async function readRegularFile(
  realPath: string,
  shownAs: string,
  limits: ReadLimits,
): Promise<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  let handle: fsp.FileHandle | undefined;
  let finished = false;
  const read = async () => {
    try {
      const opened = await fsp.open(
        realPath,
        fs.constants.O_RDONLY |
          fs.constants.O_NOFOLLOW |
          fs.constants.O_NONBLOCK,
      );
      // An open that completes after the time limit is closed at once.
      if (finished) {
        await opened.close();
        throw new Error('read abandoned');
      }
      handle = opened;
    } catch (error) {
      if (finished) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw fileRefused('not-found', `file ${shownAs} does not exist`);
      if (code === 'ELOOP') {
        throw fileRefused(
          'not-regular',
          `${shownAs} is not a regular file (it is a symbolic link)`,
        );
      }
      throw fileRefused(
        'unreadable',
        `file ${shownAs} could not be opened (${code ?? 'error'})`,
      );
    }
    checkStat(await handle.stat(), shownAs, limits);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(
        Math.min(64 * 1024, limits.maxBytes + 1 - total),
      );
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limits.maxBytes) {
        throw fileRefused(
          'too-large',
          `${shownAs} grew over the ${limits.maxBytes}-byte limit (launchpad.catalog.maxFileBytes) while it was read`,
        );
      }
    }
    return Buffer.concat(chunks, total);
  };
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          fileRefused(
            'timeout',
            `reading ${shownAs} did not finish within ${limits.timeoutMs} ms`,
          ),
        ),
      limits.timeoutMs,
    );
  });
  try {
    return await Promise.race([read(), timeout]);
  } finally {
    finished = true;
    clearTimeout(timer);
    await handle?.close().catch(() => undefined);
  }
}
