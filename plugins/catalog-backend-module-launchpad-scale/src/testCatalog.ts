/*
 * A generated catalog for database tests, in the mix of ../shared/bench/catalog-gen.py
 * (2 % groups, 8 % users, 1 % systems, 1 % domains, 20 % APIs, 8 % resources, the rest
 * components with owners, systems, dependencies and provided APIs), written into the
 * catalog's own tables the way its stitcher leaves them (search rows by Backstage's
 * buildEntitySearch).
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';

const catalogDist = path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'dist',
);
const { buildEntitySearch } = require(path.join(
  catalogDist,
  'database/operations/stitcher/buildEntitySearch.cjs.js',
));

const WORDS = [
  'payment',
  'billing',
  'invoice',
  'ledger',
  'checkout',
  'cart',
  'order',
  'catalog',
  'search',
  'pricing',
  'inventory',
  'shipping',
  'identity',
  'auth',
  'profile',
  'account',
  'notification',
  'analytics',
  'gateway',
  'scheduler',
  'worker',
  'queue',
  'stream',
  'media',
  'storage',
  'cache',
  'fraud',
  'risk',
  'tax',
  'refund',
];
const SUFFIX = [
  'service',
  'api',
  'worker',
  'ui',
  'backend',
  'frontend',
  'lib',
  'job',
  'adapter',
  'sync',
];
const TYPES = ['service', 'service', 'service', 'website', 'library'];
const LIFECYCLES = [
  'production',
  'production',
  'production',
  'experimental',
  'deprecated',
];

export interface TestEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    title?: string;
    description?: string;
    tags?: string[];
    [k: string]: unknown;
  };
  spec: Record<string, unknown>;
  relations?: Array<{ type: string; targetRef: string }>;
}

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` entities with their relations, deterministic for a seed. */
export function generateCatalog(n: number, seed: number): TestEntity[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const count = (share: number) => Math.max(1, Math.floor(n * share));
  const out: TestEntity[] = [];
  const add = (
    kind: string,
    name: string,
    spec: Record<string, unknown>,
    extra: Partial<TestEntity['metadata']> = {},
  ) => {
    const e: TestEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, namespace: 'default', ...extra },
      spec,
      relations: [],
    };
    out.push(e);
    return e;
  };
  const groups = Array.from({ length: count(0.02) }, (_, i) => `team-${i}`);
  groups.forEach((g, i) =>
    add(
      'Group',
      g,
      {
        type: 'team',
        children: [],
        ...(i > 0 && { parent: groups[Math.floor((i - 1) / 4)] }),
      },
      { title: `Team ${i}` },
    ),
  );
  for (let i = 0; i < count(0.08); i++)
    add('User', `user-${i}`, {
      memberOf: [pick(groups)],
      profile: { displayName: `User ${i}` },
    });
  const domains = Array.from({ length: count(0.01) }, (_, i) => `domain-${i}`);
  domains.forEach(d => add('Domain', d, { owner: pick(groups) }));
  const systems = Array.from({ length: count(0.01) }, (_, i) => `system-${i}`);
  systems.forEach(s =>
    add('System', s, { owner: pick(groups), domain: pick(domains) }),
  );
  const apis = Array.from(
    { length: count(0.2) },
    (_, i) => `${pick(WORDS)}-api-${i}`,
  );
  apis.forEach(a =>
    add('API', a, {
      type: 'openapi',
      lifecycle: pick(LIFECYCLES),
      owner: pick(groups),
      system: pick(systems),
      definition: 'openapi: 3.0.0',
    }),
  );
  for (let i = 0; i < count(0.08); i++)
    add('Resource', `resource-${i}`, {
      type: 'database',
      owner: pick(groups),
      system: pick(systems),
    });
  const components: string[] = [];
  const rest = n - out.length;
  for (let i = 0; i < rest; i++) {
    const name = `${pick(WORDS)}-${pick(SUFFIX)}-${i}`;
    components.push(name);
    add(
      'Component',
      name,
      {
        type: pick(TYPES),
        lifecycle: pick(LIFECYCLES),
        owner: pick(groups),
        system: pick(systems),
        dependsOn:
          i > 3
            ? Array.from(
                { length: Math.floor(r() * 4) },
                () => `component:${pick(components.slice(0, -1))}`,
              )
            : [],
        providesApis: r() < 0.5 ? [pick(apis)] : [],
      },
      {
        description: `The ${name} of Northwind`,
        tags: [pick(['java', 'go', 'typescript', 'python'])],
      },
    );
  }
  // Relations both ways, as the catalog's processors emit them.
  const byRef = new Map(
    out.map(e => [`${e.kind.toLowerCase()}:default/${e.metadata.name}`, e]),
  );
  const relate = (
    from: TestEntity,
    type: string,
    reverse: string,
    target: string,
  ) => {
    const src = `${from.kind.toLowerCase()}:default/${from.metadata.name}`;
    from.relations!.push({ type, targetRef: target });
    byRef.get(target)?.relations!.push({ type: reverse, targetRef: src });
  };
  for (const e of out) {
    const s = e.spec as Record<string, any>;
    if (s.owner) relate(e, 'ownedBy', 'ownerOf', `group:default/${s.owner}`);
    if (s.system) relate(e, 'partOf', 'hasPart', `system:default/${s.system}`);
    if (s.domain) relate(e, 'partOf', 'hasPart', `domain:default/${s.domain}`);
    if (s.parent) relate(e, 'childOf', 'parentOf', `group:default/${s.parent}`);
    for (const g of s.memberOf ?? [])
      relate(e, 'memberOf', 'hasMember', `group:default/${g}`);
    for (const d of s.dependsOn ?? [])
      relate(
        e,
        'dependsOn',
        'dependencyOf',
        d.replace('component:', 'component:default/'),
      );
    for (const a of s.providesApis ?? [])
      relate(e, 'providesApi', 'apiProvidedBy', `api:default/${a}`);
  }
  return out;
}

/** Writes entities into refresh_state, refresh_keys, final_entities, search and relations. */
export async function loadCatalogRows(
  knex: Knex,
  entities: TestEntity[],
): Promise<void> {
  const rows = entities.map((entity, i) => {
    const id = randomUUID();
    const ref = `${entity.kind.toLowerCase()}:default/${entity.metadata.name}`;
    const final = {
      ...entity,
      metadata: {
        ...entity.metadata,
        uid: id,
        etag: createHash('sha1').update(ref).digest('hex'),
      },
    };
    const file = `file:/srv/catalog/entities-${String(
      Math.floor(i / 500),
    ).padStart(3, '0')}.yaml`;
    return { id, ref, final, file };
  });
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await knex('refresh_state').insert(
      chunk.map(r => ({
        entity_id: r.id,
        entity_ref: r.ref,
        unprocessed_entity: JSON.stringify(r.final),
        processed_entity: JSON.stringify(r.final),
        errors: '[]',
        next_update_at: knex.raw(`now() + interval '1 hour' * random()`),
        last_discovery_at: knex.fn.now(),
        location_key: r.file,
      })),
    );
    await knex('refresh_keys').insert(
      chunk.map(r => ({ entity_id: r.id, key: r.file })),
    );
    await knex('final_entities').insert(
      chunk.map(r => ({
        entity_id: r.id,
        entity_ref: r.ref,
        hash: r.final.metadata.etag,
        final_entity: JSON.stringify(r.final),
        last_updated_at: knex.fn.now(),
      })),
    );
    await knex.batchInsert(
      'search',
      chunk.flatMap(r => buildEntitySearch(r.id, r.final)),
      1000,
    );
    await knex.batchInsert(
      'relations',
      chunk.flatMap(r =>
        r.final.relations!.map(rel => ({
          originating_entity_id: r.id,
          source_entity_ref: r.ref,
          type: rel.type,
          target_entity_ref: rel.targetRef,
        })),
      ),
      1000,
    );
  }
}
