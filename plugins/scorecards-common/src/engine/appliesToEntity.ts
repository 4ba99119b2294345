import type { AppliesTo } from '../types';

/**
 * The parts of a catalog entity that {@link AppliesTo} looks at.
 *
 * @public
 */
export interface ScorableEntity {
  /** The entity kind, e.g. `Component`. */
  kind: string;
  /** The entity spec; `type` and `lifecycle` are read when they are strings. */
  spec?: { type?: unknown; lifecycle?: unknown } | Record<string, unknown>;
}

function matches(allowed: string[] | undefined, actual: unknown): boolean {
  if (!allowed) return true;
  if (typeof actual !== 'string') return false;
  const value = actual.toLocaleLowerCase('en-US');
  return allowed.some(a => a.toLocaleLowerCase('en-US') === value);
}

/**
 * Whether a scorecard applies to an entity: its kind, and its type and
 * lifecycle when the scorecard restricts them, are among the listed values
 * (ignoring case).
 *
 * @public
 */
export function appliesToEntity(
  appliesTo: AppliesTo,
  entity: ScorableEntity,
): boolean {
  return (
    matches(appliesTo.kind, entity.kind) &&
    matches(appliesTo.type, entity.spec?.type) &&
    matches(appliesTo.lifecycle, entity.spec?.lifecycle)
  );
}
