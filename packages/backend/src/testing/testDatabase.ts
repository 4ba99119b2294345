import { randomBytes } from 'node:crypto';

/** The variable Backstage's TestDatabases reads for a Postgres 18 server. */
export const TEST_POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING';

/**
 * Database config for a test backend on the real (embedded) Postgres that
 * `npm test` starts. Each call gets its own prefix, so every plugin gets
 * fresh databases; reuse the returned object to "restart" onto the same data.
 */
export function testDatabaseConfig() {
  const connection = process.env[TEST_POSTGRES_ENV];
  if (!connection) {
    throw new Error(
      `${TEST_POSTGRES_ENV} is not set. Backend integration tests run against the embedded ` +
        'Postgres that `npm test` (or `npm run test:unit`) starts; run them that way, or point ' +
        'the variable at a Postgres server.',
    );
  }
  return {
    client: 'pg',
    connection,
    prefix: `t${randomBytes(4).toString('hex')}_`,
  };
}
