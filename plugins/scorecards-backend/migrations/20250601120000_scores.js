// @ts-check

/**
 * Scores: `scorecard_scores` is the history (a row per entity and scorecard
 * on the first evaluation and whenever the result changes, with the reason);
 * `scorecard_latest_scores` holds the current result of each pair for fast
 * reads by entity and by owner.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_scores', table => {
    table.comment('Every change of a score, with the reason for it');
    table.bigIncrements('id').primary();
    table.text('entity_ref').notNullable();
    table.text('scorecard_id').notNullable();
    table
      .text('owner_ref')
      .nullable()
      .comment('Owner when the score was recorded');
    table
      .text('level')
      .nullable()
      .comment('Highest level reached; null below the first');
    table.integer('points').notNullable();
    table.integer('max_points').notNullable();
    table
      .jsonb('results')
      .notNullable()
      .comment('Per-check results: checkId, status, actual, message');
    table
      .text('reason')
      .notNullable()
      .comment(
        'entity-changed | rule-changed | fact-source-unavailable | scheduled',
      );
    table.text('definition_hash').notNullable();
    table.text('input_hash').notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'scorecard_id', 'evaluated_at'],
      'scorecard_scores_entity_idx',
    );
  });

  await knex.schema.createTable('scorecard_latest_scores', table => {
    table.comment('The current score of each (entity, scorecard) pair');
    table.text('entity_ref').notNullable();
    table.text('scorecard_id').notNullable();
    table.text('owner_ref').nullable();
    table.text('level').nullable();
    table.integer('points').notNullable();
    table.integer('max_points').notNullable();
    table.jsonb('results').notNullable();
    table
      .text('signature')
      .notNullable()
      .comment(
        'Level, points and check statuses: a new one means the score changed',
      );
    table
      .text('results_hash')
      .notNullable()
      .comment(
        'Hash of the results with fact values: a new one refreshes the row',
      );
    table.text('reason').notNullable().comment('Reason of the last change');
    table.text('definition_hash').notNullable();
    table.text('input_hash').notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'scorecard_id']);
    table.index(['owner_ref'], 'scorecard_latest_scores_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_latest_scores');
  await knex.schema.dropTable('scorecard_scores');
};
