// @ts-check

/**
 * Stitched entities by entity ref prefix (kind), with their stitch time: the
 * scorecards change watcher's fingerprint (count and newest
 * last_updated_at of each watched kind, DatabaseCatalogChangeFeed) is an
 * index-only scan of this index instead of a scan of final_entities every
 * poll.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX IF NOT EXISTS final_entities_ref_pattern_idx ON final_entities (entity_ref text_pattern_ops) INCLUDE (last_updated_at) WHERE final_entity IS NOT NULL',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX IF EXISTS final_entities_ref_pattern_idx');
};
