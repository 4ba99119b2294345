import type { Entity } from '@backstage/catalog-model';

/** An entity the graph can start from. */
export interface GraphStart {
  entityRef: string;
  title: string;
  kind: string;
}

/** The kinds offered as a starting point, in the order they are listed. */
export const START_KINDS = [
  'System',
  'Component',
  'API',
  'Resource',
  'Domain',
  'Group',
];

/** Whether the graph page's URL names an entity to start from (`rootEntityRefs[]=…`). */
export function hasRoot(search: string): boolean {
  const params = new URLSearchParams(search);
  return [...params.keys()].some(
    key => /^rootEntityRefs(\[\d*\])?$/.test(key) && params.get(key),
  );
}

/** The graph page's address around one entity, two hops deep. */
export function graphPath(basePath: string, entityRef: string): string {
  const params = new URLSearchParams();
  params.append('rootEntityRefs[]', entityRef);
  params.set('maxDepth', '2');
  return `${basePath}?${params.toString()}`;
}

/**
 * The entities matching what was typed (every word in the name, title or
 * kind), systems first, then by title; at most `limit`.
 */
export function matchStarts(
  entities: ReadonlyArray<Entity>,
  query: string,
  limit = 24,
): GraphStart[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entities
    .map(e => ({
      entityRef: `${e.kind.toLowerCase()}:${
        e.metadata.namespace ?? 'default'
      }/${e.metadata.name}`,
      title: e.metadata.title ?? e.metadata.name,
      kind: e.kind,
      haystack: `${e.metadata.name} ${e.metadata.title ?? ''} ${
        e.kind
      }`.toLowerCase(),
    }))
    .filter(s => words.every(w => s.haystack.includes(w)))
    .sort(
      (a, b) =>
        START_KINDS.indexOf(a.kind) - START_KINDS.indexOf(b.kind) ||
        a.title.localeCompare(b.title),
    )
    .slice(0, limit)
    .map(({ haystack: _, ...start }) => start);
}
