import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  AuditEvent,
  AuditEventPage,
  AuditVerifyResult,
} from '@internal/plugin-audit-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import {
  chainHash,
  GENESIS_HASH,
  type ChainedFields,
} from '../chain/chainHash';
import { verifyChain, type ChainAnchor } from '../chain/verifyChain';
import { encodeCursor } from './cursor';
import type { AuditQuery, AuditStore, NewAuditRow, PruneResult } from './types';

const EVENTS = 'audit_events';
const ANCHOR = 'audit_chain_anchor';
/**
 * The chain lock: every append and every prune holds this transaction-level
 * advisory lock, so rows get consecutive ids and each one's previous hash is
 * the committed head, however many backend instances write at once.
 */
const CHAIN_LOCK_KEY = 0x4c50_4155_4449_54n; // "LPAUDIT"
const MIGRATION_LOCK_KEY = CHAIN_LOCK_KEY + 1n;
/** Rows per INSERT: 16 columns each, well under Postgres' 65535 bind parameters. */
const INSERT_CHUNK = 1000;
/** Rows one group commit takes from the queue. */
const GROUP_COMMIT_MAX = 500;
/** Rows read per round trip while verifying. */
const VERIFY_PAGE = 5000;

const migrationsDir = resolvePackagePath(
  '@internal/plugin-audit-backend',
  'migrations',
);

type Row = Record<string, any>;

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toEvent(row: Row): AuditEvent {
  return {
    id: Number(row.id),
    time: (row.time instanceof Date
      ? row.time
      : new Date(row.time)
    ).toISOString(),
    plugin: row.plugin,
    eventId: row.event_id,
    action: row.action,
    actionType: row.action_type ?? null,
    actor: row.actor ?? null,
    actorDetails: json<JsonObject | null>(row.actor_details ?? null),
    target: row.target ?? null,
    requestId: row.request_id ?? null,
    requestMethod: row.request_method ?? null,
    requestUrl: row.request_url ?? null,
    outcome: row.outcome,
    severity: row.severity,
    meta: json<JsonObject | null>(row.meta ?? null),
    error: row.error ?? null,
    hash: row.hash,
  };
}

function toDbRow(event: AuditEvent): Row {
  return {
    id: event.id,
    time: event.time,
    plugin: event.plugin,
    event_id: event.eventId,
    action: event.action,
    action_type: event.actionType,
    actor: event.actor,
    actor_details:
      event.actorDetails === null ? null : JSON.stringify(event.actorDetails),
    target: event.target,
    request_id: event.requestId,
    request_method: event.requestMethod,
    request_url: event.requestUrl,
    outcome: event.outcome,
    severity: event.severity,
    meta: event.meta === null ? null : JSON.stringify(event.meta),
    error: event.error,
    hash: event.hash,
  };
}

function isMigrationLocked(error: unknown) {
  return (
    error instanceof Error &&
    (error.name === 'MigrationLocked' ||
      /Migration table is already locked/.test(error.message))
  );
}

/**
 * Runs the plugin's migrations. Instances starting together take turns: knex
 * would otherwise race creating its own migrations table.
 */
export async function migrateAuditDatabase(knex: Knex) {
  await knex.transaction(async trx => {
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [
      MIGRATION_LOCK_KEY.toString(),
    ]);
    for (let attempt = 0; ; attempt++) {
      try {
        await knex.migrate.latest({
          directory: migrationsDir,
          tableName: 'audit_knex_migrations',
        });
        return;
      } catch (error) {
        if (!isMigrationLocked(error) || attempt >= 100) throw error;
        await new Promise(r => setTimeout(r, 200));
      }
    }
  });
}

interface Pending {
  row: NewAuditRow;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}

/** The audit trail in Postgres (see the plugin's README for the format). */
export class DatabaseAuditStore implements AuditStore {
  private readonly pending: Pending[] = [];
  private flushing: Promise<void> | undefined;

  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<DatabaseAuditStore> {
    if (!options.skipMigrations) await migrateAuditDatabase(options.knex);
    return new DatabaseAuditStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  append(row: NewAuditRow): Promise<AuditEvent> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      this.kick();
    });
  }

  /** Resolves once every row handed to append so far is written (or failed). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private kick() {
    if (this.flushing) return;
    this.flushing = (async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, GROUP_COMMIT_MAX);
        try {
          const written = await this.appendBatch(batch.map(p => p.row));
          batch.forEach((p, i) => p.resolve(written[i]));
        } catch (error) {
          batch.forEach(p => p.reject(error));
        }
      }
    })().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  async appendBatch(rows: NewAuditRow[]): Promise<AuditEvent[]> {
    if (rows.length === 0) return [];
    return this.knex.transaction(trx => this.appendLocked(trx, rows));
  }

  private async lockChain(trx: Knex.Transaction) {
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [
      CHAIN_LOCK_KEY.toString(),
    ]);
  }

  private async head(trx: Knex | Knex.Transaction) {
    const last = await trx(EVENTS).orderBy('id', 'desc').first('id', 'hash');
    if (last) return { id: Number(last.id), hash: String(last.hash) };
    const anchor = await this.readAnchor(trx);
    if (anchor) return { id: anchor.lastPrunedId, hash: anchor.lastPrunedHash };
    return { id: 0, hash: GENESIS_HASH };
  }

  private async appendLocked(
    trx: Knex.Transaction,
    rows: NewAuditRow[],
  ): Promise<AuditEvent[]> {
    await this.lockChain(trx);
    let { id, hash } = await this.head(trx);
    const events: AuditEvent[] = rows.map(row => {
      id += 1;
      const fields: ChainedFields = {
        id,
        time: row.time.toISOString(),
        plugin: row.plugin,
        eventId: row.eventId,
        action: `${row.plugin}.${row.eventId}`,
        actionType: row.actionType,
        actor: row.actor,
        actorDetails: row.actorDetails,
        target: row.target,
        requestId: row.requestId,
        requestMethod: row.requestMethod,
        requestUrl: row.requestUrl,
        outcome: row.outcome,
        severity: row.severity,
        meta: row.meta,
        error: row.error,
      };
      hash = chainHash(hash, fields);
      return { ...fields, outcome: row.outcome, severity: row.severity, hash };
    });
    for (let i = 0; i < events.length; i += INSERT_CHUNK) {
      await trx(EVENTS).insert(events.slice(i, i + INSERT_CHUNK).map(toDbRow));
    }
    return events;
  }

  async query(query: AuditQuery): Promise<AuditEventPage> {
    const q = this.knex(EVENTS).select('*');
    if (query.actor !== undefined) q.where('actor', query.actor);
    if (query.action !== undefined) q.where('action', query.action);
    if (query.actionType !== undefined)
      q.where('action_type', query.actionType);
    if (query.target !== undefined) q.where('target', query.target);
    if (query.outcome !== undefined) q.where('outcome', query.outcome);
    if (query.from) q.where('time', '>=', query.from);
    if (query.to) q.where('time', '<', query.to);
    if (query.after) {
      q.whereRaw('(time, id) < (?, ?)', [query.after.time, query.after.id]);
    }
    const rows = await q
      .orderBy([
        { column: 'time', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit).map(toEvent);
    const last = items[items.length - 1];
    return rows.length > query.limit && last
      ? { items, nextCursor: encodeCursor(last.time, last.id) }
      : { items };
  }

  async get(id: number): Promise<AuditEvent | undefined> {
    const row = await this.knex(EVENTS).where({ id }).first();
    return row ? toEvent(row) : undefined;
  }

  private async readAnchor(
    db: Knex | Knex.Transaction,
  ): Promise<ChainAnchor | null> {
    const row = await db(ANCHOR).first();
    return row
      ? {
          lastPrunedId: Number(row.last_pruned_id),
          lastPrunedHash: String(row.last_pruned_hash),
          prunedRows: Number(row.pruned_rows),
        }
      : null;
  }

  async verify(): Promise<AuditVerifyResult> {
    // One snapshot for the anchor and every page, so a prune or appends
    // running meanwhile cannot look like tampering.
    return this.knex.transaction(
      async trx => {
        const anchor = await this.readAnchor(trx);
        async function* rows() {
          let after = -1;
          for (;;) {
            const page = await trx(EVENTS)
              .where('id', '>', after)
              .orderBy('id', 'asc')
              .limit(VERIFY_PAGE);
            for (const row of page) yield toEvent(row);
            if (page.length < VERIFY_PAGE) return;
            after = Number(page[page.length - 1].id);
          }
        }
        return verifyChain(rows(), anchor);
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  async prune(before: Date): Promise<PruneResult> {
    return this.knex.transaction(async trx => {
      await this.lockChain(trx);
      const newest = await trx(EVENTS)
        .where('time', '<', before)
        .max('id as id')
        .first();
      if (!newest || newest.id === null || newest.id === undefined) {
        return { prunedRows: 0, lastPrunedId: null };
      }
      const lastPrunedId = Number(newest.id);
      const boundary = await trx(EVENTS)
        .where({ id: lastPrunedId })
        .first('hash');
      const previous = await this.readAnchor(trx);
      await trx.raw("SET LOCAL launchpad.audit_retention = 'on'");
      const prunedRows = await trx(EVENTS)
        .where('id', '<=', lastPrunedId)
        .delete();
      await trx(ANCHOR)
        .insert({
          singleton: true,
          last_pruned_id: lastPrunedId,
          last_pruned_hash: boundary.hash,
          pruned_rows: (previous?.prunedRows ?? 0) + prunedRows,
          updated_at: trx.fn.now(),
        })
        .onConflict('singleton')
        .merge();
      await trx.raw("SET LOCAL launchpad.audit_retention = 'off'");
      // The prune itself is part of the trail.
      await this.appendLocked(trx, [
        {
          time: new Date(),
          plugin: 'audit',
          eventId: 'retention-prune',
          actionType: null,
          actor: 'plugin:audit',
          actorDetails: null,
          target: null,
          requestId: null,
          requestMethod: null,
          requestUrl: null,
          outcome: 'succeeded',
          severity: 'medium',
          meta: {
            before: before.toISOString(),
            prunedRows,
            lastPrunedId,
            lastPrunedHash: boundary.hash,
          },
          error: null,
        },
      ]);
      return { prunedRows, lastPrunedId };
    });
  }
}
