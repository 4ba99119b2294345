import type { Knex } from 'knex';

/** What the change watcher saw at its last poll. */
export interface ChangeBaseline {
  /** Watched kinds, sorted and comma separated. */
  kinds: string;
  /** Lowercase entity ref -> metadata.etag. */
  etags: Map<string, string>;
  /** The catalog change fingerprint of the watched kinds (CatalogChangeFeed), when known. */
  fingerprint?: string;
}

/** Where the change watcher keeps its baseline between polls. */
export interface ChangeBaselineStore {
  read(): Promise<ChangeBaseline | undefined>;
  /** Replaces the baseline; undefined forgets it. */
  write(baseline: ChangeBaseline | undefined): Promise<void>;
}

/** One process's memory: enough for a single instance and for tests. */
export class InMemoryChangeBaselineStore implements ChangeBaselineStore {
  private baseline?: ChangeBaseline;

  async read() {
    return this.baseline;
  }

  async write(baseline: ChangeBaseline | undefined) {
    this.baseline = baseline;
  }
}

const TABLE = 'scorecard_change_baseline';
const ROW = 'entity-etags';

/**
 * The baseline in the plugin's database (migration
 * 20261201160000_change_baseline), shared by every backend instance: the
 * watcher is a global scheduler task, so the instance that runs the next
 * poll compares against the previous poll wherever that ran.
 */
export class DatabaseChangeBaselineStore implements ChangeBaselineStore {
  constructor(private readonly knex: Knex) {}

  async read(): Promise<ChangeBaseline | undefined> {
    const row = await this.knex(TABLE).where({ id: ROW }).first();
    if (!row) return undefined;
    const etags =
      typeof row.etags === 'string' ? JSON.parse(row.etags) : row.etags;
    return {
      kinds: row.kinds,
      etags: new Map(Object.entries(etags as Record<string, string>)),
      fingerprint: row.fingerprint ?? undefined,
    };
  }

  async write(baseline: ChangeBaseline | undefined): Promise<void> {
    if (!baseline) {
      await this.knex(TABLE).where({ id: ROW }).delete();
      return;
    }
    const row = {
      id: ROW,
      kinds: baseline.kinds,
      etags: JSON.stringify(Object.fromEntries(baseline.etags)),
      fingerprint: baseline.fingerprint ?? null,
      updated_at: this.knex.fn.now(),
    };
    await this.knex(TABLE).insert(row).onConflict('id').merge();
  }
}
