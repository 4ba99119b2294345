export { default } from './plugin';
export { auditApiRef, AuditClient } from './api/AuditClient';
export type { AuditApi } from './api/AuditClient';
