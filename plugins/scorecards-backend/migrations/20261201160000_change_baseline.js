// @ts-check

/**
 * The change watcher's baseline (the etag of every watched entity at its last
 * poll) is shared: the watcher runs on one backend instance at a time (a
 * global scheduler task), and whichever instance runs it next compares
 * against what the previous run saw, not against its own older memory.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_change_baseline', table => {
    table.comment('Last poll of the scorecards change watcher (one row)');
    table.text('id').primary();
    table
      .text('kinds')
      .notNullable()
      .comment('Watched kinds, sorted, comma separated');
    table.jsonb('etags').notNullable().comment('Entity ref -> metadata.etag');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_change_baseline');
};
