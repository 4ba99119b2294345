import { createHash } from 'node:crypto';
import type { JsonObject } from '@backstage/types';
import { canonicalJson } from './canonicalJson';

/** The "previous hash" of row 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every stored field of a row except its hash, as hashed. */
export interface ChainedFields {
  id: number;
  time: string;
  plugin: string;
  eventId: string;
  action: string;
  actionType: string | null;
  actor: string | null;
  actorDetails: JsonObject | null;
  target: string | null;
  requestId: string | null;
  requestMethod: string | null;
  requestUrl: string | null;
  outcome: string;
  severity: string;
  meta: JsonObject | null;
  error: string | null;
}

/** sha256(previous hash + canonical JSON of the row), hex. */
export function chainHash(previousHash: string, row: ChainedFields): string {
  const fields: ChainedFields = {
    id: row.id,
    time: row.time,
    plugin: row.plugin,
    eventId: row.eventId,
    action: row.action,
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
  return createHash('sha256')
    .update(previousHash)
    .update(canonicalJson(fields))
    .digest('hex');
}
