import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  RELATION_CHILD_OF,
  RELATION_PARENT_OF,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeRef, refOf } from '../Ownership/ownerRefOf';

/** A group of the org tree. */
export interface OrgGroup {
  /** Lowercase entity ref. */
  ref: string;
  /** Display name, title or name. */
  title: string;
  /** `spec.type`, e.g. team, department. */
  type?: string;
  /** The parent group, when it has one. */
  parentRef?: string;
  /** Direct sub-groups. */
  childRefs: string[];
}

/** A team, its parent and every group below it. */
export interface TeamSubtree {
  /** The team, or undefined when it is not in the catalog. */
  team?: OrgGroup;
  parent?: OrgGroup;
  /** The team and every group below it, by ref. */
  groups: Map<string, OrgGroup>;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.profile.displayName',
  'relations',
];
const BATCH = 500;
const isGroupRef = (ref: string) => ref.startsWith('group:');

/** The org-tree view of a Group entity (relations as the catalog resolved them). */
export function groupOf(entity: Entity): OrgGroup {
  const targets = (type: string) =>
    (entity.relations ?? [])
      .filter(r => r.type === type)
      .map(r => normalizeRef(r.targetRef))
      .filter(isGroupRef);
  const profile = (entity.spec?.profile ?? {}) as { displayName?: unknown };
  const type = entity.spec?.type;
  const group: OrgGroup = {
    ref: refOf(entity),
    title:
      (typeof profile.displayName === 'string' && profile.displayName) ||
      entity.metadata.title ||
      entity.metadata.name,
    childRefs: [...new Set(targets(RELATION_PARENT_OF))].sort(),
  };
  if (typeof type === 'string') group.type = type;
  const [parentRef] = targets(RELATION_CHILD_OF);
  if (parentRef) group.parentRef = parentRef;
  return group;
}

/**
 * The refs of a group and of every group below it, parents before children;
 * cycles in a broken org chart are walked once.
 */
export function subtreeOf(
  groups: ReadonlyMap<string, OrgGroup>,
  ref: string,
): string[] {
  const seen = new Set<string>([ref]);
  const queue = [ref];
  for (let i = 0; i < queue.length; i++) {
    for (const child of groups.get(queue[i])?.childRefs ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return queue;
}

/** Groups whose parent is not in the catalog (or who have none), by title. */
export function rootsOf(groups: ReadonlyMap<string, OrgGroup>): OrgGroup[] {
  return [...groups.values()]
    .filter(g => !g.parentRef || !groups.has(g.parentRef))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** How long one caller's read of every group is reused: the org chart changes rarely. */
export const ORG_TREE_TTL_MS = 10_000;

/** Who a cached read of the catalog belongs to: reads go through the catalog's permissions. */
function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${p.type}:${p.userEntityRef ?? p.subject ?? ''}`;
}

/** The team, its parent and its subtree out of every group. */
export function subtreeFrom(
  all: ReadonlyMap<string, OrgGroup>,
  teamRef: string,
): TeamSubtree {
  const team = all.get(teamRef);
  if (!team) return { groups: new Map() };
  const groups = new Map(
    subtreeOf(all, teamRef).map(ref => [ref, all.get(ref)!]),
  );
  const parent = team.parentRef ? all.get(team.parentRef) : undefined;
  return parent ? { team, parent, groups } : { team, groups };
}

/**
 * Reads the org tree from the catalog. Every group is read in one streamed
 * query (a few fields each) and reused for {@link ORG_TREE_TTL_MS} per
 * caller, so a team page costs no catalog round trip per level of the tree.
 */
export function createOrgTree(deps: {
  catalog: CatalogService;
  now?: () => number;
}) {
  const { catalog } = deps;
  const now = deps.now ?? Date.now;
  const cache = new Map<
    string,
    { at: number; groups: Promise<Map<string, OrgGroup>> }
  >();

  async function fetchGroups(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<OrgGroup[]> {
    const out: OrgGroup[] = [];
    for (let i = 0; i < refs.length; i += BATCH) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs.slice(i, i + BATCH), fields: FIELDS },
        { credentials },
      );
      for (const item of items) {
        if (item && item.kind.toLocaleLowerCase('en-US') === 'group')
          out.push(groupOf(item));
      }
    }
    return out;
  }

  async function readAll(
    credentials: BackstageCredentials,
  ): Promise<Map<string, OrgGroup>> {
    const groups = new Map<string, OrgGroup>();
    for await (const page of catalog.streamEntities(
      { filter: { kind: 'group' }, fields: FIELDS, pageSize: 1000 },
      { credentials },
    )) {
      for (const entity of page) {
        const group = groupOf(entity);
        groups.set(group.ref, group);
      }
    }
    return groups;
  }

  /** Every group in the catalog, as this caller may read them. */
  function all(
    credentials: BackstageCredentials,
  ): Promise<Map<string, OrgGroup>> {
    const key = principalKey(credentials);
    const hit = cache.get(key);
    if (hit && now() - hit.at < ORG_TREE_TTL_MS) return hit.groups;
    for (const [k, v] of cache)
      if (now() - v.at >= ORG_TREE_TTL_MS) cache.delete(k);
    const groups = readAll(credentials);
    cache.set(key, { at: now(), groups });
    groups.catch(() => cache.delete(key));
    return groups;
  }

  return {
    /** The groups among these refs that are in the catalog. */
    groups: fetchGroups,

    /** The team, its parent and every group below it. */
    async subtree(
      teamRef: string,
      credentials: BackstageCredentials,
    ): Promise<TeamSubtree> {
      return subtreeFrom(await all(credentials), teamRef);
    },

    all,
  };
}

/** Reads the org tree from the catalog. */
export type OrgTree = ReturnType<typeof createOrgTree>;
