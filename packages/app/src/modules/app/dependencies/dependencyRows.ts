import type { Entity } from '@backstage/catalog-model';

/** One entity this entity depends on, or one that depends on it. */
export interface DependencyRow {
  /** e.g. `component:default/orders-service` */
  entityRef: string;
  kind: string;
  /** `spec.type` of the related entity when the catalog has it, e.g. `database`. */
  type?: string;
  /** How the two are related, in words, e.g. `consumes its API orders-api`. */
  how: string;
}

/** Both directions of an entity's dependencies. */
export interface Dependencies {
  /** What it needs: components and resources it depends on, APIs it consumes (and who provides them). */
  dependsOn: DependencyRow[];
  /** Who needs it: dependencyOf, consumers of the API (or of the APIs it provides). */
  usedBy: DependencyRow[];
}

/** An entity's own ref, lowercased kind as the catalog's relations write it. */
export function refOf(entity: Entity): string {
  return `${entity.kind.toLowerCase()}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
}

const targets = (entity: Entity | undefined, type: string): string[] =>
  (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef.toLowerCase());

const kindOf = (ref: string) => ref.slice(0, ref.indexOf(':'));
const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

/** Every ref whose entity is needed to tell types and transitive consumers. */
export function relatedRefs(entity: Entity): string[] {
  return [
    ...new Set(
      [
        'dependsOn',
        'consumesApi',
        'dependencyOf',
        'apiConsumedBy',
        'providesApi',
        'apiProvidedBy',
      ].flatMap(type => targets(entity, type)),
    ),
  ].sort();
}

/**
 * An entity's dependencies both ways, from the catalog's relations: what it
 * depends on (dependsOn, consumesApi and the providers of those APIs) and
 * what depends on it (dependencyOf, apiConsumedBy, and the consumers of the
 * APIs it provides). `related` holds the catalog's entities for
 * {@link relatedRefs} (missing ones are fine: the row keeps its ref).
 * Each entity appears once per side, with every way it is related.
 */
export function dependenciesOf(
  entity: Entity,
  related: ReadonlyArray<Entity>,
): Dependencies {
  const self = refOf(entity);
  const byRef = new Map(related.map(e => [refOf(e), e]));
  const collect = () => new Map<string, string[]>();
  const dependsOn = collect();
  const usedBy = collect();
  const add = (side: Map<string, string[]>, ref: string, how: string) => {
    if (ref === self) return;
    const ways = side.get(ref) ?? [];
    if (!ways.includes(how)) ways.push(how);
    side.set(ref, ways);
  };

  for (const ref of targets(entity, 'dependsOn')) {
    const type = byRef.get(ref)?.spec?.type;
    add(
      dependsOn,
      ref,
      kindOf(ref) === 'resource' && type === 'database'
        ? 'its database'
        : 'depends on it',
    );
  }
  for (const api of targets(entity, 'consumesApi')) {
    add(dependsOn, api, 'consumes this API');
    for (const provider of targets(byRef.get(api), 'apiProvidedBy'))
      add(dependsOn, provider, `provides ${nameOf(api)}, which it consumes`);
  }
  for (const provider of targets(entity, 'apiProvidedBy'))
    add(dependsOn, provider, 'provides this API');

  for (const ref of targets(entity, 'dependencyOf'))
    add(usedBy, ref, 'depends on it');
  for (const consumer of targets(entity, 'apiConsumedBy'))
    add(usedBy, consumer, 'consumes this API');
  for (const api of targets(entity, 'providesApi')) {
    for (const consumer of targets(byRef.get(api), 'apiConsumedBy'))
      add(usedBy, consumer, `consumes its API ${nameOf(api)}`);
  }

  const rows = (side: Map<string, string[]>): DependencyRow[] =>
    [...side]
      .map(([ref, ways]) => {
        const type = byRef.get(ref)?.spec?.type;
        return {
          entityRef: ref,
          kind: kindOf(ref),
          ...(typeof type === 'string' && { type }),
          how: ways.join('; '),
        };
      })
      .sort(
        (a, b) =>
          a.kind.localeCompare(b.kind) ||
          a.entityRef.localeCompare(b.entityRef),
      );
  return { dependsOn: rows(dependsOn), usedBy: rows(usedBy) };
}
