/*
 * The change fingerprint on the catalog's real tables (its own migrations on
 * the embedded Postgres), and the watcher reading no entity while it stays
 * the same.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import { DatabaseCatalogChangeFeed } from './CatalogChangeFeed';
import { EntityChangeWatcher } from './EntityChangeWatcher';

jest.setTimeout(120_000);

const catalogMigrations = path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'migrations',
);

describe('DatabaseCatalogChangeFeed', () => {
  let admin: Knex;
  let db: Knex;
  const name = `scorecards_feed_${randomBytes(4).toString('hex')}`;
  let feed: DatabaseCatalogChangeFeed;

  async function stitch(ref: string, content: string) {
    const existing = await db('final_entities')
      .where({ entity_ref: ref })
      .first();
    const id = existing?.entity_id ?? randomUUID();
    if (!existing) {
      await db('refresh_state').insert({
        entity_id: id,
        entity_ref: ref,
        unprocessed_entity: '{}',
        errors: '[]',
        next_update_at: db.fn.now(),
        last_discovery_at: db.fn.now(),
      });
    }
    // As the stitcher writes: a new time with new content.
    await db('final_entities')
      .insert({
        entity_id: id,
        entity_ref: ref,
        hash: content,
        final_entity: JSON.stringify({ content }),
        last_updated_at: db.raw(`clock_timestamp()`),
      })
      .onConflict('entity_id')
      .merge(['final_entity', 'hash', 'last_updated_at']);
  }
  const remove = (ref: string) =>
    db('refresh_state').where({ entity_ref: ref }).delete();

  beforeAll(async () => {
    const { connection } = testDatabaseConfig();
    admin = knexFactory({ client: 'pg', connection });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(connection);
    url.pathname = `/${name}`;
    db = knexFactory({ client: 'pg', connection: url.toString() });
    await db.migrate.latest({ directory: catalogMigrations });
    feed = new DatabaseCatalogChangeFeed({ getClient: async () => db });
    await stitch('component:default/a', '1');
    await stitch('component:default/b', '1');
    await stitch('group:default/team-a', '1');
    await stitch('api:default/not-watched', '1');
  });

  afterAll(async () => {
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.destroy();
  });

  const kinds = ['component', 'group'];

  it('stays the same while nothing of the watched kinds changes', async () => {
    const before = await feed.fingerprint(kinds);
    await stitch('api:default/not-watched', '2');
    expect(await feed.fingerprint(kinds)).toBe(before);
  });

  it.each([
    ['an update', () => stitch('component:default/a', '2')],
    ['an addition', () => stitch('component:default/c', '1')],
    ['a removal', () => remove('component:default/b')],
    ['a group update', () => stitch('group:default/team-a', '2')],
    [
      'a removal and an addition together',
      async () => {
        await remove('component:default/c');
        await stitch('component:default/d', '1');
      },
    ],
  ])('changes with %s', async (_what, change) => {
    const before = await feed.fingerprint(kinds);
    await change();
    expect(await feed.fingerprint(kinds)).not.toBe(before);
  });

  it('treats kinds as literal prefixes (no LIKE wildcards)', async () => {
    await stitch('componentx:default/a', '1');
    const before = await feed.fingerprint(['component_']);
    await stitch('componentx:default/a', '2');
    expect(await feed.fingerprint(['component_'])).toBe(before);
  });

  it('lets an idle poll read no entity from the catalog', async () => {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'a', etag: 'e1' },
          spec: {},
        },
      ],
    });
    const stream = jest.spyOn(catalog, 'streamEntities');
    const evaluate = jest.fn(async () => ({} as any));
    const watcher = new EntityChangeWatcher({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      definitions: {
        list: () => [{ definition: { appliesTo: { kind: ['Component'] } } }],
      } as any,
      evaluator: { evaluate } as any,
      changeFeed: feed,
    });
    await watcher.poll(); // the baseline
    const afterBaseline = stream.mock.calls.length;
    expect(afterBaseline).toBeGreaterThan(0);
    await watcher.poll();
    await watcher.poll();
    expect(stream.mock.calls.length).toBe(afterBaseline);

    await stitch('component:default/a', '3');
    await watcher.poll();
    expect(stream.mock.calls.length).toBeGreaterThan(afterBaseline);
  });
});
