/*
 * EXPLAIN battery: the catalog's hot queries, as Backstage's own catalog
 * code issues them (its DefaultEntitiesCatalog, fed by the REST router's own
 * request parsers), plus this module's file check, captured from knex and
 * explained on a real Postgres holding a generated catalog of a few thousand
 * entities (ANALYZEd). A plan that reads one of the large tables with a
 * Seq Scan fails the test, naming the query and the plan.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
// The scorecards change watcher's query runs on the catalog's tables, so its plan is checked here.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { DatabaseCatalogChangeFeed } from '@internal/plugin-scorecards-backend';
import { FileChangeRefresher } from './FileChangeRefresher';
import { migrateScaleTables } from './migrations';
import { generateCatalog, loadCatalogRows } from './testCatalog';

// Backstage's catalog internals, by file (the package exports only its plugin).
const catalogDist = path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'dist',
);
const internal = (file: string) => require(path.join(catalogDist, file));
const { DefaultEntitiesCatalog } = internal(
  'service/DefaultEntitiesCatalog.cjs.js',
);
const { parseQueryEntitiesParams } = internal(
  'service/request/parseQueryEntitiesParams.cjs.js',
);
const { parseEntityFilterParams } = internal(
  'service/request/parseEntityFilterParams.cjs.js',
);
const { parseEntityFacetParams } = internal(
  'service/request/parseEntityFacetParams.cjs.js',
);
const { decodeCursor, encodeCursor } = internal('service/util.cjs.js');

const LARGE_TABLES = [
  'final_entities',
  'search',
  'relations',
  'refresh_state',
  'refresh_keys',
  'refresh_state_references',
];
const ENTITIES = 4000;
const noLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => noLogger,
};

interface Captured {
  sql: string;
  bindings: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const own =
    node['Node Type'] === 'Seq Scan' &&
    node['Relation Name'] &&
    LARGE_TABLES.includes(node['Relation Name'])
      ? [node['Relation Name']]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

describe('the catalog hot queries use indexes', () => {
  let admin: Knex;
  let db: Knex;
  const name = `catalog_explain_${randomBytes(4).toString('hex')}`;
  const captured: Captured[] = [];
  let catalog: any;
  const componentNames: string[] = [];

  beforeAll(async () => {
    const { connection } = testDatabaseConfig();
    admin = knexFactory({ client: 'pg', connection });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(connection);
    url.pathname = `/${name}`;
    db = knexFactory({
      client: 'pg',
      connection: url.toString(),
      pool: { min: 1, max: 2 },
    });
    await db.migrate.latest({
      directory: path.join(catalogDist, '../migrations'),
    });
    await migrateScaleTables(db);
    const entities = generateCatalog(ENTITIES, 42);
    for (const e of entities)
      if (e.kind === 'Component') componentNames.push(e.metadata.name);
    await loadCatalogRows(db, entities);
    // As autovacuum leaves a settled catalog: statistics and the visibility map.
    await db.raw('VACUUM ANALYZE');
    catalog = new DefaultEntitiesCatalog({ database: db, logger: noLogger });
    db.on('query', (q: { sql: string; bindings?: unknown[] }) =>
      captured.push({ sql: q.sql, bindings: q.bindings ?? [] }),
    );
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.destroy();
  });

  /** Runs one request through the real catalog code and returns the SQL it sent. */
  async function sqlOf(run: () => Promise<unknown>): Promise<Captured[]> {
    captured.length = 0;
    await run();
    return [...captured];
  }

  async function explain(q: Captured): Promise<PlanNode> {
    const conn = await (db.client as any).acquireConnection();
    try {
      const res = await conn.query(
        `EXPLAIN (FORMAT JSON) ${q.sql}`,
        q.bindings,
      );
      return res.rows[0]['QUERY PLAN'][0].Plan;
    } finally {
      await (db.client as any).releaseConnection(conn);
    }
  }

  // The shapes of ../shared/bench/catalog-bench.mjs and the catalog UI, as query strings.
  const byQuery = (query: Record<string, string | string[]>) => () =>
    catalog.queryEntities({
      limit: query.limit ? Number(query.limit) : undefined,
      ...parseQueryEntitiesParams(query),
    });
  const shapes: Array<[string, () => () => Promise<unknown>]> = [
    [
      'list: by-query?limit=20&filter=kind=component',
      () => byQuery({ limit: '20', filter: 'kind=component' }),
    ],
    [
      'ordered list: orderField=metadata.name,asc',
      () =>
        byQuery({
          limit: '20',
          filter: 'kind=component',
          orderField: ['metadata.name,asc'],
        }),
    ],
    [
      'list, owner filter (catalog UI "owned")',
      () =>
        byQuery({
          limit: '20',
          filter: ['kind=component,relations.ownedBy=group:default/team-3'],
        }),
    ],
    [
      'list, type and lifecycle filter',
      () =>
        byQuery({
          limit: '20',
          filter:
            'kind=component,spec.type=website,spec.lifecycle=experimental',
        }),
    ],
    [
      'list, totalItems=exclude',
      () =>
        byQuery({
          limit: '20',
          filter: 'kind=component',
          totalItems: 'exclude',
        }),
    ],
    [
      'UI text search (fullTextFilterFields)',
      () =>
        byQuery({
          limit: '20',
          fullTextFilterTerm: 'payment',
          fullTextFilterFields: [
            'metadata.name',
            'metadata.title',
            'spec.profile.displayName',
          ],
        }),
    ],
    [
      'full text, no fields',
      () => byQuery({ limit: '20', fullTextFilterTerm: 'payment' }),
    ],
    [
      'by-name',
      () => () =>
        catalog.entitiesBatch({
          entityRefs: [
            `component:default/${componentNames[1234 % componentNames.length]}`,
          ],
        }),
    ],
    [
      'owner facet: entity-facets?facet=spec.owner&filter=kind=component',
      () => () =>
        catalog.facets({
          filter: parseEntityFilterParams({ filter: 'kind=component' }),
          facets: parseEntityFacetParams({ facet: 'spec.owner' }),
        }),
    ],
    [
      'kind facet (the bench counts with it)',
      () => () =>
        catalog.facets({
          filter: parseEntityFilterParams({}),
          facets: parseEntityFacetParams({ facet: 'kind' }),
        }),
    ],
    // Not here: pages of 1000 that stream a whole kind (the scorecards' scheduled run, the
    // search collator) read most of the table, where a Seq Scan is the right plan.
  ];

  it.each(shapes)('%s', async (_label, make) => {
    const queries = await sqlOf(make());
    expect(queries.length).toBeGreaterThan(0);
    const scans: string[] = [];
    for (const q of queries) {
      const plan = await explain(q);
      const tables = seqScans(plan);
      if (tables.length)
        scans.push(
          `Seq Scan on ${tables.join(', ')} in\n${
            q.sql
          }\nplan: ${JSON.stringify(plan, null, 1).slice(0, 3000)}`,
        );
    }
    expect(scans).toEqual([]);
  });

  it('the next page by cursor', async () => {
    const first: any = await catalog.queryEntities({
      limit: 20,
      ...parseQueryEntitiesParams({
        filter: 'kind=component',
        orderField: ['metadata.name,asc'],
      }),
    });
    const cursor = encodeCursor(first.pageInfo.nextCursor);
    const queries = await sqlOf(() =>
      catalog.queryEntities({ limit: 20, cursor: decodeCursor(cursor) }),
    );
    for (const q of queries)
      expect({ sql: q.sql, scans: seqScans(await explain(q)) }).toEqual({
        sql: q.sql,
        scans: [],
      });
  });

  it("the scorecards change watcher's fingerprint of the watched kinds", async () => {
    const feed = new DatabaseCatalogChangeFeed({ getClient: async () => db });
    const queries = await sqlOf(() =>
      feed.fingerprint(['component', 'group', 'template']),
    );
    expect(queries).toHaveLength(3);
    for (const q of queries)
      expect({ sql: q.sql, scans: seqScans(await explain(q)) }).toEqual({
        sql: q.sql,
        scans: [],
      });
  });

  it('the file change check reads the refresh keys by index', async () => {
    const refresher = new FileChangeRefresher({
      knex: db,
      logger: noLogger as any,
      refresh: async () => {},
    });
    const queries = await sqlOf(() => refresher.check());
    const keysQuery = queries.find(q => q.sql.includes('refresh_keys'));
    expect(keysQuery).toBeDefined();
    expect(seqScans(await explain(keysQuery!))).toEqual([]);
  });
});
