/**
 * Audit trail: Backstage's auditor service with a Postgres sink
 * (append-only, hash-chained rows) beside the log sink, a REST API with
 * filters, retention and a verify command. See README.md.
 *
 * @packageDocumentation
 */
export { auditPlugin as default } from './plugin';
export { auditorServiceFactory } from './auditor/auditorServiceFactory';
export {
  auditStoreServiceRef,
  type AuditStoreService,
} from './database/auditStoreServiceRef';
export type {
  AuditStore,
  AuditQuery,
  NewAuditRow,
  PruneResult,
} from './database/types';
export { DatabaseAuditStore } from './database/DatabaseAuditStore';
