import type { JsonObject, JsonValue } from '@backstage/types';
import { storableText } from '../chain/storable';

const ENTITY_REF =
  /^[a-z0-9][a-z0-9._-]*:[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i;
const MAX_TARGET = 1024;

/** Entity refs are case-insensitive in Backstage: stored and matched lowercase. */
export function normalizeRef(value: string): string {
  return ENTITY_REF.test(value) ? value.toLocaleLowerCase('en-US') : value;
}

function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function object(value: JsonValue | undefined): JsonObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? value
    : undefined;
}

/**
 * What an event was about, from the meta Backstage's plugins attach:
 * an explicit `target` (our own plugins), an entity ref, a scaffolder task,
 * a catalog location, an entity uid, a template or a cluster.
 */
export function describeTarget(
  eventId: string,
  meta: JsonObject | null,
): string | null {
  if (!meta) return null;
  const location = object(meta.location);
  const entityRefs = Array.isArray(meta.entityRefs) ? meta.entityRefs : [];
  const candidates: Array<string | undefined> = [
    text(meta.target),
    text(meta.entityRef),
    text(meta.taskId) && `task:${text(meta.taskId)}`,
    eventId.startsWith('location') && text(meta.id)
      ? `location:${text(meta.id)}`
      : undefined,
    location && text(location.id) ? `location:${text(location.id)}` : undefined,
    location && text(location.target)
      ? `${text(location.type) ?? 'url'}:${text(location.target)}`
      : undefined,
    text(meta.uid) && `entity-uid:${text(meta.uid)}`,
    entityRefs.length === 1 ? text(entityRefs[0]) : undefined,
    text(meta.templateRef),
    text(meta.clusterName) && `cluster:${text(meta.clusterName)}`,
  ];
  const found = candidates.find(c => c !== undefined);
  return found === undefined
    ? null
    : storableText(normalizeRef(found), MAX_TARGET);
}

/** The variant within an event: `meta.actionType` or `meta.queryType`. */
export function describeActionType(meta: JsonObject | null): string | null {
  const value = text(meta?.actionType) ?? text(meta?.queryType);
  return value === undefined ? null : storableText(value, 100);
}
