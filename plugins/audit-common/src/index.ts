/**
 * Audit trail: the event type, the REST API's types and the audit permissions,
 * shared by the backend and the UI.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
