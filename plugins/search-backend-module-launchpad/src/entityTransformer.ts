import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogCollatorEntityTransformer } from '@backstage/plugin-search-backend-module-catalog';
import { defaultCatalogCollatorEntityTransformer } from '@backstage/plugin-search-backend-module-catalog';

/** The fields a Launchpad catalog document adds to Backstage's, for matching and ranking. */
export interface LaunchpadCatalogFields {
  /** `metadata.name`, e.g. `payments-service`. */
  name: string;
  /** `metadata.tags`. */
  tags: string[];
  /** The owner's name without kind and namespace, e.g. `payments`. */
  ownerName: string;
  /** The system's name, if any. */
  system: string;
}

function nameOf(ref: unknown, defaultKind: string): string {
  if (typeof ref !== 'string' || !ref) return '';
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })
      .name;
  } catch {
    return '';
  }
}

/** `payments-service` → `payments service`; `nw_node.logger` → `nw node logger`. */
export function nameWords(name: string): string {
  return name
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

/**
 * Backstage's catalog document, plus what people search by: the name (as it
 * is and as words, so `payments-service` and `payments service` both match),
 * the tags, the owner's and the system's names. They go into `text` (the
 * B-weighted part of the Postgres tsvector) and as fields of their own, which
 * the ranking reads.
 */
export const launchpadEntityTransformer: CatalogCollatorEntityTransformer = (
  entity: Entity,
) => {
  const base = defaultCatalogCollatorEntityTransformer(entity);
  const spec = (entity.spec ?? {}) as { owner?: unknown; system?: unknown };
  const name = entity.metadata.name;
  const tags = (entity.metadata.tags ?? []).filter(
    (t): t is string => typeof t === 'string',
  );
  const ownerName = nameOf(spec.owner, 'group');
  const system = nameOf(spec.system, 'system');
  const words = nameWords(name);
  const text = [
    base.text,
    name,
    words !== name ? words : '',
    tags.length
      ? `tags: ${tags.join(' ')} ${tags.map(nameWords).join(' ')}`
      : '',
    ownerName ? `owner: ${ownerName} ${nameWords(ownerName)}` : '',
    system ? `system: ${system}` : '',
  ]
    .filter(Boolean)
    .join(' : ');
  const fields: LaunchpadCatalogFields = { name, tags, ownerName, system };
  return { ...base, text, ...fields };
};
