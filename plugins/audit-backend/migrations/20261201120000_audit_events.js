// @ts-check

/**
 * The audit trail: `audit_events` is append-only and hash-chained (see the
 * README); `audit_chain_anchor` remembers the last row retention pruned, so the
 * chain stays verifiable from there. Triggers refuse UPDATE, DELETE and
 * TRUNCATE unless the transaction is retention's (it sets
 * `launchpad.audit_retention` to `on` locally).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_events', table => {
    table.comment('Append-only, hash-chained audit trail');
    table
      .bigInteger('id')
      .primary()
      .comment('Chain position: 1, 2, 3... without gaps');
    table.timestamp('time', { useTz: true }).notNullable();
    table.text('plugin').notNullable();
    table.text('event_id').notNullable();
    table.text('action').notNullable().comment('<plugin>.<eventId>');
    table
      .text('action_type')
      .nullable()
      .comment('meta.actionType or meta.queryType');
    table.text('actor').nullable();
    table.jsonb('actor_details').nullable();
    table.text('target').nullable();
    table.text('request_id').nullable();
    table.text('request_method').nullable();
    table.text('request_url').nullable();
    table.text('outcome').notNullable();
    table.text('severity').notNullable();
    table.jsonb('meta').nullable();
    table.text('error').nullable();
    table.text('hash').notNullable();
  });
  await knex.raw(`
    ALTER TABLE audit_events
      ADD CONSTRAINT audit_events_outcome_check CHECK (outcome IN ('succeeded', 'failed')),
      ADD CONSTRAINT audit_events_hash_check CHECK (hash ~ '^[0-9a-f]{64}$');
    -- Newest first everywhere: (time, id) is the keyset of the API's pages.
    CREATE INDEX audit_events_time_idx ON audit_events (time DESC, id DESC);
    CREATE INDEX audit_events_actor_idx ON audit_events (actor, time DESC, id DESC);
    CREATE INDEX audit_events_action_idx ON audit_events (action, time DESC, id DESC);
    CREATE INDEX audit_events_target_idx ON audit_events (target, time DESC, id DESC);
    CREATE INDEX audit_events_outcome_idx ON audit_events (outcome, time DESC, id DESC);

    CREATE TABLE audit_chain_anchor (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      last_pruned_id bigint NOT NULL,
      last_pruned_hash text NOT NULL,
      pruned_rows bigint NOT NULL,
      updated_at timestamptz NOT NULL
    );

    CREATE FUNCTION audit_refuse_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'audit_events' AND TG_OP = 'DELETE'
         AND current_setting('launchpad.audit_retention', true) = 'on' THEN
        RETURN OLD;
      END IF;
      IF TG_TABLE_NAME = 'audit_chain_anchor' AND TG_OP IN ('INSERT', 'UPDATE')
         AND current_setting('launchpad.audit_retention', true) = 'on' THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'the audit trail is append-only: % on % refused (only retention may remove rows)',
        TG_OP, TG_TABLE_NAME;
    END;
    $$;
    CREATE TRIGGER audit_events_append_only
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_changes();
    CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_changes();
    CREATE TRIGGER audit_chain_anchor_guard
      BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_anchor
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_changes();
    CREATE TRIGGER audit_chain_anchor_no_truncate
      BEFORE TRUNCATE ON audit_chain_anchor
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_changes();
  `);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw(`
    DROP TABLE IF EXISTS audit_chain_anchor;
    DROP TABLE IF EXISTS audit_events;
    DROP FUNCTION IF EXISTS audit_refuse_changes();
  `);
};
