import { randomBytes } from 'node:crypto';

/** The variable Backstage's TestDatabases reads for a Postgres 18 server. */
export const TEST_POSTGRES_ENV =
  'BACKSTAGE_TEST_DATABASE_POSTGRES18_CONNECTION_STRING';

/**
 * Database config for a test backend on the real (embedded) Postgres that
 * `npm test` starts. Each call gets its own prefix, so every plugin gets
 * fresh databases; reuse the returned object to "restart" onto the same data.
 * Fails, rather than skips, when there is no Postgres to run against.
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

/** Polls until `check` returns a value other than undefined, or gives up with `describe()`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: {
    timeoutMs?: number;
    intervalMs?: number;
    describe: () => string | Promise<string>;
  },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting: ${await options.describe()}`);
    await new Promise(r => setTimeout(r, options.intervalMs ?? 250));
  }
}
