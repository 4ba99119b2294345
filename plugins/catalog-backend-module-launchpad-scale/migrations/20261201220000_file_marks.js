// @ts-check

/**
 * The modification time of every catalog file at the last check: the check
 * is a global scheduler task, so whichever backend instance runs it next
 * compares against what the previous check saw, and a changed file is
 * refreshed once, not once per instance.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('launchpad_file_marks', table => {
    table.comment(
      'Catalog files (file: refresh keys) and their modification time at the last check',
    );
    table
      .text('key')
      .primary()
      .comment('The refresh key, file:<absolute path>');
    table
      .bigInteger('mtime_ms')
      .notNullable()
      .comment('Modification time seen, ms since the epoch; -1: missing');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('launchpad_file_marks');
};
