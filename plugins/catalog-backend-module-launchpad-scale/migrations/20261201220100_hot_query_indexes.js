// @ts-check

/**
 * Indexes for the catalog's hot queries where the EXPLAIN battery
 * (src/hotQueries.test.ts) found a sequential scan:
 *
 * - final_entities_present_idx: every list, count and facet of the catalog
 *   reads "final_entities where final_entity is not null" (stitched
 *   entities). Without it a page of 20 components sorts every component
 *   (Seq Scan + top-N sort) and a count reads the whole heap; with it a page
 *   walks the index in entity_id order and stops after 20, and a count is an
 *   index-only scan.
 * - refresh_keys_key_pattern_idx: the file change check (FileChangeRefresher)
 *   asks for the `file:` refresh keys by prefix, which the catalog's own
 *   index on key cannot answer outside the C collation.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX IF NOT EXISTS final_entities_present_idx ON final_entities (entity_id) WHERE final_entity IS NOT NULL',
  );
  await knex.raw(
    'CREATE INDEX IF NOT EXISTS refresh_keys_key_pattern_idx ON refresh_keys (key text_pattern_ops)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS final_entities_present_idx');
  await knex.raw('DROP INDEX IF EXISTS refresh_keys_key_pattern_idx');
};
