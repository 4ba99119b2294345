// @ts-check

/**
 * The change watcher's baseline also keeps the catalog's change fingerprint
 * of the watched kinds (DatabaseCatalogChangeFeed): while it is the same,
 * a poll reads nothing else.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scorecard_change_baseline', table => {
    table
      .text('fingerprint')
      .nullable()
      .comment(
        'The catalog change fingerprint of the watched kinds at the last poll',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scorecard_change_baseline', table => {
    table.dropColumn('fingerprint');
  });
};
