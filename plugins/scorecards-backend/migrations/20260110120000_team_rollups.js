// @ts-check

/**
 * Team roll-ups over a whole org subtree stay fast with 100,000 scored
 * entities:
 *
 * - a covering index on the latest scores by (owner, scorecard, level) with
 *   points, so level distributions per owner are an index-only scan;
 * - `scorecard_owner_checks`: per owner and scorecard, how many of the owned
 *   entities fail each check or have it unknown. The store keeps it in step
 *   with `scorecard_latest_scores` in the same transaction as each
 *   evaluation, so "worst checks" never expands every result of every entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX scorecard_latest_scores_rollup_idx ON scorecard_latest_scores (owner_ref, scorecard_id, level) INCLUDE (points)',
  );

  await knex.schema.createTable('scorecard_owner_checks', table => {
    table.comment(
      'Per owner and scorecard: entities failing each check, or with it unknown (derived from scorecard_latest_scores)',
    );
    table.text('owner_ref').notNullable();
    table.text('scorecard_id').notNullable();
    table.text('check_id').notNullable();
    table.integer('failed').notNullable();
    table.integer('unknown').notNullable();
    table.primary(['owner_ref', 'scorecard_id', 'check_id']);
  });

  await knex.raw(`
    INSERT INTO scorecard_owner_checks (owner_ref, scorecard_id, check_id, failed, unknown)
    SELECT l.owner_ref, l.scorecard_id, r->>'checkId',
           count(*) FILTER (WHERE r->>'status' = 'failed'),
           count(*) FILTER (WHERE r->>'status' = 'unknown')
      FROM scorecard_latest_scores l
     CROSS JOIN LATERAL jsonb_array_elements(l.results) r
     WHERE l.owner_ref IS NOT NULL AND r->>'status' IN ('failed', 'unknown')
     GROUP BY 1, 2, 3`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_owner_checks');
  await knex.raw('DROP INDEX IF EXISTS scorecard_latest_scores_rollup_idx');
};
