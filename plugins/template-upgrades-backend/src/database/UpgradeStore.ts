import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** A proposal a template upgrade opened. */
export interface UpgradeRecord {
  proposalId: string;
  entityRef: string;
  templateRef: string;
  repository: string;
  fromVersion: string;
  toVersion: string;
  url: string;
  conflicts: string[];
  createdBy: string;
  createdAt: string;
}

const TABLE = 'template_upgrade_proposals';

/** Upgrade proposals in the plugin's database (Postgres in production and tests). */
export class UpgradeStore {
  private constructor(private readonly knex: Knex) {}

  static async create(database: DatabaseService): Promise<UpgradeStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-template-upgrades-backend',
          'migrations',
        ),
      });
    }
    return new UpgradeStore(knex);
  }

  async add(record: Omit<UpgradeRecord, 'createdAt'>): Promise<void> {
    await this.knex(TABLE).insert({
      proposal_id: record.proposalId,
      entity_ref: record.entityRef,
      template_ref: record.templateRef,
      repository: record.repository,
      from_version: record.fromVersion,
      to_version: record.toVersion,
      url: record.url,
      conflicts: JSON.stringify(record.conflicts),
      created_by: record.createdBy,
    });
  }

  /** The newest proposal of each entity of a template. */
  async latestByEntity(
    templateRef: string,
  ): Promise<Map<string, UpgradeRecord>> {
    const rows = await this.knex(TABLE)
      .where({ template_ref: templateRef })
      .orderBy('created_at', 'asc');
    const out = new Map<string, UpgradeRecord>();
    for (const row of rows) {
      out.set(row.entity_ref, {
        proposalId: row.proposal_id,
        entityRef: row.entity_ref,
        templateRef: row.template_ref,
        repository: row.repository,
        fromVersion: row.from_version,
        toVersion: row.to_version,
        url: row.url,
        conflicts: JSON.parse(row.conflicts),
        createdBy: row.created_by,
        createdAt: new Date(row.created_at).toISOString(),
      });
    }
    return out;
  }
}
