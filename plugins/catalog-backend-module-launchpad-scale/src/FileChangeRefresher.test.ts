/*
 * The file check on the catalog's real tables (its migrations and this
 * module's, on the embedded Postgres) with real files.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import { FileChangeRefresher } from './FileChangeRefresher';
import { migrateScaleTables } from './migrations';

jest.setTimeout(120_000);

const catalogMigrations = path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'migrations',
);

describe('FileChangeRefresher', () => {
  let admin: Knex;
  let db: Knex;
  let dir: string;
  const name = `catalog_files_${randomBytes(4).toString('hex')}`;
  const refreshed: string[][] = [];
  let refresher: FileChangeRefresher;
  const file = (n: string) => path.join(dir, n);
  const touch = (n: string, content: string, mtime: number) => {
    fs.writeFileSync(file(n), content);
    fs.utimesSync(file(n), mtime, mtime);
  };

  async function keyOnEntity(key: string) {
    const id = randomUUID();
    await db('refresh_state').insert({
      entity_id: id,
      entity_ref: `component:default/${id}`,
      unprocessed_entity: '{}',
      errors: '[]',
      next_update_at: db.fn.now(),
      last_discovery_at: db.fn.now(),
    });
    await db('refresh_keys').insert({ entity_id: id, key });
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-files-'));
    const { connection } = testDatabaseConfig();
    admin = knexFactory({ client: 'pg', connection });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(connection);
    url.pathname = `/${name}`;
    db = knexFactory({ client: 'pg', connection: url.toString() });
    await db.migrate.latest({ directory: catalogMigrations });
    await migrateScaleTables(db);
    refresher = new FileChangeRefresher({
      knex: db,
      logger: mockServices.logger.mock(),
      refresh: async keys => void refreshed.push(keys),
    });
    touch('a.yaml', 'a', 1_000_000);
    touch('b.yaml', 'b', 1_000_000);
    await keyOnEntity(`file:${file('a.yaml')}`);
    await keyOnEntity(`file:${file('a.yaml')}`); // two entities from one file
    await keyOnEntity(`file:${file('b.yaml')}`);
    await keyOnEntity('url:https://example.com/catalog-info.yaml');
  });

  afterAll(async () => {
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('only notes the files it sees for the first time', async () => {
    expect(await refresher.check()).toEqual({ checked: 2, refreshed: [] });
    expect(refreshed).toEqual([]);
  });

  it('refreshes nothing while no file changed', async () => {
    expect((await refresher.check()).refreshed).toEqual([]);
  });

  it('refreshes a changed file once, by its refresh key', async () => {
    touch('a.yaml', 'a2', 1_000_100);
    expect((await refresher.check()).refreshed).toEqual([
      `file:${file('a.yaml')}`,
    ]);
    expect((await refresher.check()).refreshed).toEqual([]);
    expect(refreshed).toEqual([[`file:${file('a.yaml')}`]]);
  });

  it('refreshes a file that disappeared (its entities go or report the error)', async () => {
    fs.rmSync(file('b.yaml'));
    expect((await refresher.check()).refreshed).toEqual([
      `file:${file('b.yaml')}`,
    ]);
  });

  it('forgets the marks of files the catalog no longer reads', async () => {
    await db('refresh_keys')
      .where({ key: `file:${file('b.yaml')}` })
      .delete();
    await refresher.check();
    expect(
      (await db('launchpad_file_marks').select('key')).map(r => r.key),
    ).toEqual([`file:${file('a.yaml')}`]);
  });

  it('keeps one mark per file across checkers (what a second instance sees)', async () => {
    const other = new FileChangeRefresher({
      knex: db,
      logger: mockServices.logger.mock(),
      refresh: async keys => void refreshed.push(keys),
    });
    touch('a.yaml', 'a3', 1_000_200);
    expect((await other.check()).refreshed).toEqual([`file:${file('a.yaml')}`]);
    expect((await refresher.check()).refreshed).toEqual([]);
  });
});
