/*
 * A fresh database on the embedded Postgres that `npm test` starts, with the
 * score store migrated into it; dropped after the file's tests.
 */
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import knexFactory, { type Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { DatabaseScoreStore } from '../database/DatabaseScoreStore';

export interface ScoreStoreDatabase {
  store: DatabaseScoreStore;
  db: Knex;
  drop(): Promise<void>;
}

export async function createScoreStoreDatabase(
  prefix: string,
): Promise<ScoreStoreDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const { connection } = testDatabaseConfig();
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(connection);
  url.pathname = `/${name}`;
  const db = knexFactory({ client: 'pg', connection: url.toString() });
  const store = await DatabaseScoreStore.create({
    database: { getClient: async () => db },
  });
  return {
    store,
    db,
    async drop() {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}
