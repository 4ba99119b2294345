import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import fs from 'node:fs/promises';

const PREFIX = 'file:';
const MARKS = 'launchpad_file_marks';

/** What one check saw and did. */
export interface FileCheckResult {
  /** Files checked (every file: refresh key the catalog holds). */
  checked: number;
  /** Refresh keys of files whose modification time changed, refreshed. */
  refreshed: string[];
}

/**
 * Changed catalog files refreshed within one check period, so the catalog's
 * processing interval can be long.
 *
 * @remarks
 * Every file the catalog reads leaves a refresh key `file:<path>` on the
 * entities that came from it (the file reader and the $text/$yaml/$json
 * placeholders emit one). A check reads those keys (an index-only scan of
 * refresh_keys), stats each file and compares its modification time with
 * the one kept in `launchpad_file_marks` at the previous check; the keys of
 * changed (or vanished) files are refreshed through the entity provider
 * connection, which makes their entities due now. A file seen for the first
 * time only gets its mark (the catalog has just read it). Keys longer than
 * the catalog keeps (hashed) are left to the processing interval.
 */
export class FileChangeRefresher {
  constructor(
    private readonly deps: {
      knex: Knex;
      logger: LoggerService;
      refresh: (keys: string[]) => Promise<void>;
    },
  ) {}

  async check(): Promise<FileCheckResult> {
    const { knex } = this.deps;
    const rows: Array<{ key: string }> = await knex('refresh_keys')
      .distinct('key')
      .where('key', 'like', `${PREFIX}%`);
    const keys = rows.map(r => r.key).filter(k => !k.includes('#sha256:'));
    const marks = new Map<string, number>(
      (await knex(MARKS).select('key', 'mtime_ms')).map(
        (r: { key: string; mtime_ms: string | number }) => [
          r.key,
          Number(r.mtime_ms),
        ],
      ),
    );
    const seen = new Map<string, number>();
    for (const key of keys)
      seen.set(key, await mtimeOf(key.slice(PREFIX.length)));

    const refreshed = keys.filter(
      k => marks.has(k) && marks.get(k) !== seen.get(k),
    );
    if (refreshed.length > 0) {
      this.deps.logger.info(
        `Catalog files changed, refreshing their entities: ${refreshed
          .map(k => k.slice(PREFIX.length))
          .join(', ')}`,
      );
      await this.deps.refresh(refreshed);
    }
    const writes = keys
      .filter(k => marks.get(k) !== seen.get(k))
      .map(key => ({ key, mtime_ms: seen.get(key)! }));
    const gone = [...marks.keys()].filter(k => !seen.has(k));
    await knex.transaction(async tx => {
      if (writes.length > 0)
        await tx(MARKS).insert(writes).onConflict('key').merge();
      if (gone.length > 0) await tx(MARKS).whereIn('key', gone).delete();
    });
    return { checked: keys.length, refreshed };
  }
}

/** Modification time in ms, -1 when the file cannot be read. */
async function mtimeOf(file: string): Promise<number> {
  try {
    return Math.trunc((await fs.stat(file)).mtimeMs);
  } catch {
    return -1;
  }
}
