import type { JsonObject } from '@backstage/types';

/**
 * How an audited operation ended. Only final outcomes are stored: the
 * `initiated` step of Backstage's auditor goes to the log sink only.
 *
 * @public
 */
export type AuditOutcome = 'succeeded' | 'failed';

/** @public */
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['succeeded', 'failed'];

/**
 * Backstage's auditor severity levels.
 *
 * @public
 */
export type AuditSeverity = 'low' | 'medium' | 'high' | 'critical';

/** @public */
export const AUDIT_SEVERITIES: readonly AuditSeverity[] = [
  'low',
  'medium',
  'high',
  'critical',
];

/**
 * One row of the audit trail, as the REST API returns it.
 *
 * @public
 */
export interface AuditEvent {
  /** Position in the hash chain: 1, 2, 3, ... without gaps. */
  id: number;
  /** ISO 8601 time the outcome was recorded. */
  time: string;
  /** The plugin that audited the operation, e.g. `catalog`. */
  plugin: string;
  /** The plugin's event id, e.g. `entity-mutate`. */
  eventId: string;
  /** `<plugin>.<eventId>`, e.g. `catalog.entity-mutate`. */
  action: string;
  /** The variant within the event (`meta.actionType` or `meta.queryType`), e.g. `delete`. */
  actionType: string | null;
  /** User entity ref, or a service subject (`plugin:catalog`, `external:ci`); null if unknown. */
  actor: string | null;
  /** Where the call came from: `ip`, `hostname`, `userAgent`, `via` (a service acting for a user). */
  actorDetails: JsonObject | null;
  /** What the operation was about, derived from meta: an entity ref, `location:<id>`, `task:<id>`... */
  target: string | null;
  requestId: string | null;
  requestMethod: string | null;
  requestUrl: string | null;
  outcome: AuditOutcome;
  severity: AuditSeverity;
  /** The plugin's metadata about the operation (what changed, ids, parameters). */
  meta: JsonObject | null;
  /** `<ErrorName>: <message>` of a failed operation, e.g. the reason of a denial. */
  error: string | null;
  /** sha256 hex of the previous row's hash followed by this row's canonical JSON. */
  hash: string;
}

/**
 * Filters of `GET /api/audit/events`; every one optional.
 *
 * @public
 */
export interface AuditEventFilter {
  /** Exact actor, e.g. `user:default/priya.nair`. */
  actor?: string;
  /** `<plugin>.<eventId>` or `<plugin>.<eventId>.<actionType>`. */
  action?: string;
  /** Exact target, e.g. `component:default/payments-service`. */
  target?: string;
  outcome?: AuditOutcome;
  /** ISO 8601 time, inclusive. */
  from?: string;
  /** ISO 8601 time, exclusive. */
  to?: string;
  /** Rows per page, 1 to 200 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * A page of `GET /api/audit/events`, newest first.
 *
 * @public
 */
export interface AuditEventPage {
  items: AuditEvent[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Result of walking the hash chain (`GET /api/audit/verify`, the verify command).
 *
 * @public
 */
export interface AuditVerifyResult {
  ok: boolean;
  /** Rows whose hash was recomputed. */
  checkedRows: number;
  /** First and last row id seen; null when the trail is empty. */
  firstId: number | null;
  lastId: number | null;
  /** Hash of the last row (or of the retention anchor when every row was pruned). */
  headHash: string | null;
  /** Where the chain starts after retention pruned older rows. */
  anchor: {
    lastPrunedId: number;
    lastPrunedHash: string;
    prunedRows: number;
  } | null;
  /** The first row that does not fit the chain. */
  broken?: {
    id: number;
    reason: 'changed' | 'missing-rows' | 'reordered' | 'anchor-mismatch';
    message: string;
  };
}
