// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('template_upgrade_proposals', table => {
    table.comment(
      'Change proposals opened by template upgrades, one per repository and target version',
    );
    table.string('proposal_id', 64).primary().notNullable();
    table.string('entity_ref', 255).notNullable().index();
    table.string('template_ref', 255).notNullable().index();
    table.string('repository', 255).notNullable();
    table.string('from_version', 32).notNullable();
    table.string('to_version', 32).notNullable();
    table.string('url', 1024).notNullable();
    table
      .text('conflicts')
      .notNullable()
      .comment('JSON array of paths left with conflict markers');
    table.string('created_by', 255).notNullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('template_upgrade_proposals');
};
