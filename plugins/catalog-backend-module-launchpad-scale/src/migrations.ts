import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** This module's own migrations table, beside the catalog's knex_migrations. */
export const SCALE_MIGRATIONS_TABLE = 'launchpad_scale_knex_migrations';

/**
 * Indexes for the catalog's hot queries and this module's own table, on the
 * catalog's database. Runs after the catalog's migrations (its tables must
 * exist), with a migrations table of its own.
 */
export async function migrateScaleTables(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@internal/plugin-catalog-backend-module-launchpad-scale',
      'migrations',
    ),
    tableName: SCALE_MIGRATIONS_TABLE,
  });
}
