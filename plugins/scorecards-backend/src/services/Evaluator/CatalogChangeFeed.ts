import type { DatabaseService } from '@backstage/backend-plugin-api';

/**
 * A cheap answer to "did anything of these kinds change in the catalog?",
 * asked before the watcher reads every watched entity's etag.
 */
export interface CatalogChangeFeed {
  /**
   * A value that changes whenever an entity of these kinds is stitched with
   * new content, appears or disappears; undefined when it cannot be told
   * (then the watcher reads the etags, as without a feed).
   */
  fingerprint(kinds: string[]): Promise<string | undefined>;
}

const likePrefix = (kind: string) =>
  `${kind.toLocaleLowerCase('en-US').replace(/[\\%_]/g, c => `\\${c}`)}:%`;

/**
 * The fingerprint from the catalog's own database: per kind, the number of
 * stitched entities and the newest `final_entities.last_updated_at` (the
 * stitcher sets it only when an entity's content, relations included,
 * changed). An update moves the newest time, an addition too, a removal
 * the count. One index-only scan per kind (the catalog module
 * launchpad-scale's final_entities_ref_pattern_idx), instead of streaming
 * every entity through the catalog API every poll.
 */
export class DatabaseCatalogChangeFeed implements CatalogChangeFeed {
  /** @param catalogDatabase - the catalog plugin's database (its client is made once, on first use) */
  constructor(
    private readonly catalogDatabase: Pick<DatabaseService, 'getClient'>,
  ) {}

  async fingerprint(kinds: string[]): Promise<string | undefined> {
    const knex = await this.catalogDatabase.getClient();
    const parts: string[] = [];
    for (const kind of [...kinds].sort()) {
      const row = await knex('final_entities')
        .whereNotNull('final_entity')
        .andWhere('entity_ref', 'like', likePrefix(kind))
        .count({ n: '*' })
        .max({ at: 'last_updated_at' })
        .first();
      const at = row?.at
        ? new Date(row.at as string | Date).toISOString()
        : '-';
      parts.push(`${kind}:${row?.n ?? 0}:${at}`);
    }
    return parts.join(',');
  }
}
