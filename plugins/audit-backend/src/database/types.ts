import type {
  AuditEvent,
  AuditEventPage,
  AuditOutcome,
  AuditSeverity,
  AuditVerifyResult,
} from '@internal/plugin-audit-common';
import type { JsonObject } from '@backstage/types';

/** A row to append; the store gives it its id and hash. */
export interface NewAuditRow {
  time: Date;
  plugin: string;
  eventId: string;
  actionType: string | null;
  actor: string | null;
  actorDetails: JsonObject | null;
  target: string | null;
  requestId: string | null;
  requestMethod: string | null;
  requestUrl: string | null;
  outcome: AuditOutcome;
  severity: AuditSeverity;
  meta: JsonObject | null;
  error: string | null;
}

/** Validated filters of a page of events (see the router for the wire format). */
export interface AuditQuery {
  actor?: string;
  /** `<plugin>.<eventId>` */
  action?: string;
  actionType?: string;
  target?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  limit: number;
  /** Keyset: rows strictly older than this (time, id). */
  after?: { time: Date; id: number };
}

/** Result of one retention run. */
export interface PruneResult {
  prunedRows: number;
  /** The last pruned row, now the chain's anchor; null when nothing was old enough. */
  lastPrunedId: number | null;
}

/** The audit trail's storage: append-only, hash-chained. */
export interface AuditStore {
  /** Appends one row; concurrent calls are written together (group commit). */
  append(row: NewAuditRow): Promise<AuditEvent>;
  /** Appends rows in order, in one transaction under the chain lock. */
  appendBatch(rows: NewAuditRow[]): Promise<AuditEvent[]>;
  /** A page of rows, newest first. */
  query(query: AuditQuery): Promise<AuditEventPage>;
  get(id: number): Promise<AuditEvent | undefined>;
  /** Walks the whole chain from the retention anchor. */
  verify(): Promise<AuditVerifyResult>;
  /** Removes every row up to the newest one older than `before`, keeping the chain verifiable. */
  prune(before: Date): Promise<PruneResult>;
}
