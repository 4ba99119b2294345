// @ts-check
/**
 * Change proposals on the portal's git host: a branch launchpad/<slug> of a
 * repository with a set of file changes, waiting to be merged or closed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('git_change_proposals', table => {
    table.uuid('id').primary();
    table.string('org', 100).notNullable();
    table.string('repo', 100).notNullable();
    table.string('branch', 255).notNullable();
    table.string('base_commit', 40).notNullable();
    table.string('head_commit', 40).notNullable();
    table.string('title', 200).notNullable();
    table.text('description').notNullable();
    table.string('author', 255).notNullable();
    table.string('status', 16).notNullable();
    table.string('created_by_task', 200).nullable();
    table.string('merged_commit', 40).nullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    // one proposal per branch: the branch is the proposal
    table.unique(['org', 'repo', 'branch']);
    table.index(['org', 'repo', 'status']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('git_change_proposals');
};
