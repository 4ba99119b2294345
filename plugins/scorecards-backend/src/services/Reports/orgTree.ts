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
/** Deeper than any real org chart; stops a runaway walk. */
const MAX_DEPTH = 50;

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

/** Reads the org tree from the catalog. */
export function createOrgTree(deps: { catalog: CatalogService }) {
  const { catalog } = deps;

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

  return {
    /** The groups among these refs that are in the catalog. */
    groups: fetchGroups,

    /**
     * The team and its subtree, one catalog round trip per level of the
     * tree; the parent comes with the first level below the team.
     */
    async subtree(
      teamRef: string,
      credentials: BackstageCredentials,
    ): Promise<TeamSubtree> {
      const groups = new Map<string, OrgGroup>();
      const [team] = await fetchGroups([teamRef], credentials);
      if (!team) return { groups };
      groups.set(team.ref, team);
      let parent: OrgGroup | undefined;
      let level = team.childRefs;
      let first = true;
      for (let depth = 0; depth < MAX_DEPTH; depth++) {
        const wanted = level.filter(r => !groups.has(r));
        const askParent = first && team.parentRef ? [team.parentRef] : [];
        if (wanted.length === 0 && askParent.length === 0) break;
        const found = await fetchGroups([...askParent, ...wanted], credentials);
        const next: string[] = [];
        for (const group of found) {
          if (first && group.ref === team.parentRef) {
            parent = group;
            if (!wanted.includes(group.ref)) continue;
          }
          if (groups.has(group.ref)) continue;
          groups.set(group.ref, group);
          next.push(...group.childRefs);
        }
        first = false;
        level = next;
      }
      return { team, parent, groups };
    },

    /** Every group in the catalog. */
    async all(
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
    },
  };
}

/** Reads the org tree from the catalog. */
export type OrgTree = ReturnType<typeof createOrgTree>;
