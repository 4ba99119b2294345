import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { type Entity, RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeRef, ownerRefOf, refOf } from './ownerRefOf';
import type { OrphanedEntity, OwnerInfo, OwnershipService } from './types';

const BATCH = 500;

/** getEntitiesByRefs in batches; the map holds only the refs that exist. */
async function fetchByRefs(
  catalog: CatalogService,
  refs: string[],
  fields: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, Entity>> {
  const found = new Map<string, Entity>();
  for (let i = 0; i < refs.length; i += BATCH) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs.slice(i, i + BATCH), fields },
      { credentials },
    );
    for (const item of items) if (item) found.set(refOf(item), item);
  }
  return found;
}

/** Creates the {@link OwnershipService} over the catalog. */
export function createOwnershipService(options: {
  catalog: CatalogService;
}): OwnershipService {
  const { catalog } = options;

  async function resolveOwners(
    ownerRefs: Iterable<string>,
    credentials: BackstageCredentials,
  ) {
    const refs = [...new Set([...ownerRefs].map(normalizeRef))];
    const owners = await fetchByRefs(
      catalog,
      refs,
      ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      credentials,
    );
    const memberRefs = new Set<string>();
    for (const owner of owners.values()) {
      for (const r of owner.relations ?? []) {
        if (r.type === RELATION_HAS_MEMBER)
          memberRefs.add(normalizeRef(r.targetRef));
      }
    }
    // A member counts when it is in the catalog: users removed by the
    // org sync leave dangling relations on groups that list them.
    const members = await fetchByRefs(
      catalog,
      [...memberRefs],
      ['kind', 'metadata.name', 'metadata.namespace'],
      credentials,
    );

    const result = new Map<string, OwnerInfo>();
    for (const ref of refs) {
      const owner = owners.get(ref);
      const isGroup = owner?.kind.toLocaleLowerCase('en-US') === 'group';
      const activeMembers = isGroup
        ? new Set(
            (owner!.relations ?? [])
              .filter(r => r.type === RELATION_HAS_MEMBER)
              .map(r => normalizeRef(r.targetRef))
              .filter(m => members.has(m)),
          ).size
        : 0;
      result.set(ref, { ref, exists: Boolean(owner), isGroup, activeMembers });
    }
    return result;
  }

  async function findOrphans({
    kinds,
    credentials,
  }: {
    kinds: string[];
    credentials: BackstageCredentials;
  }) {
    const entities: Entity[] = [];
    for await (const page of catalog.streamEntities(
      {
        filter: { kind: kinds },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.owner',
          'relations',
        ],
        pageSize: 1000,
      },
      { credentials },
    )) {
      entities.push(...page);
    }
    const ownerOf = new Map(entities.map(e => [e, ownerRefOf(e)]));
    const owners = await resolveOwners(
      [...ownerOf.values()].filter((r): r is string => r !== null),
      credentials,
    );

    const orphans: OrphanedEntity[] = [];
    for (const entity of entities) {
      const ownerRef = ownerOf.get(entity) ?? null;
      const owner = ownerRef ? owners.get(ownerRef) : undefined;
      let problem: OrphanedEntity['problem'] | undefined;
      if (!ownerRef) problem = 'no-owner';
      else if (!owner?.exists) problem = 'owner-missing';
      else if (owner.isGroup && owner.activeMembers === 0)
        problem = 'owner-has-no-members';
      if (!problem) continue;
      const orphan: OrphanedEntity = {
        entityRef: refOf(entity),
        kind: entity.kind,
        ownerRef,
        problem,
      };
      if (entity.metadata.title) orphan.title = entity.metadata.title;
      orphans.push(orphan);
    }
    return orphans.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }

  return { resolveOwners, findOrphans };
}
