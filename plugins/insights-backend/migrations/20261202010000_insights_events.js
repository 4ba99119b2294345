// @ts-check

/**
 * One table of facts the insights are derived from: golden path tasks,
 * repositories created, CI results, deployments and incidents (an
 * environment's workload going unhealthy and back). `key` deduplicates:
 * a GitHub delivery id, a task id, a cluster workload's revision.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('insights_events', table => {
    table.comment('Events the platform insights are computed from');
    table.bigIncrements('id').primary();
    table
      .text('key')
      .notNullable()
      .unique()
      .comment('Deduplication key, e.g. github:<delivery id>, task:<id>');
    table
      .text('type')
      .notNullable()
      .comment('task | repository | ci | deployment | incident');
    table.text('service').notNullable().comment('Component name, lowercase');
    table.text('team').nullable().comment('Owner entity ref');
    table.text('template').nullable().comment('Template entity ref');
    table.text('template_version').nullable();
    table.text('environment').nullable();
    table
      .text('outcome')
      .notNullable()
      .comment(
        'task: completed|failed|cancelled; ci: success|failure|…; deployment: healthy|failed; incident: degraded|restored',
      );
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.bigInteger('duration_ms').nullable();
    table.text('revision').nullable().comment('Commit sha, when known');
    table
      .timestamp('commit_at', { useTz: true })
      .nullable()
      .comment('When the commit was made (CI events)');
    table.jsonb('detail').nullable();
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['type', 'occurred_at'], 'insights_events_type_time_idx');
    table.index(['service', 'type'], 'insights_events_service_type_idx');
  });
  // Last observed health of each cluster workload, to turn polls into transitions.
  await knex.schema.createTable('insights_workload_health', table => {
    table.text('workload').primary().comment('cluster/namespace/name');
    table.text('service').notNullable();
    table.text('environment').notNullable();
    table.boolean('healthy').notNullable();
    table.timestamp('since', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('insights_workload_health');
  await knex.schema.dropTable('insights_events');
};
