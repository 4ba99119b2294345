import {
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** Lowercase form of an entity ref, as scorecards store and compare them. */
export function normalizeRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** The entity's ref in lowercase. */
export function refOf(entity: Entity): string {
  return normalizeRef(stringifyEntityRef(entity));
}

/**
 * The entity's owner: its ownedBy relation (what the catalog resolved), or
 * `spec.owner` read as a group in the entity's namespace; null when neither.
 */
export function ownerRefOf(entity: Entity): string | null {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return normalizeRef(relation.targetRef);
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return null;
  try {
    return normalizeRef(
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    );
  } catch {
    return null;
  }
}
