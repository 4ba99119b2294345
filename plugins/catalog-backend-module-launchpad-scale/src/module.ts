import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
  type EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { FileChangeRefresher } from './FileChangeRefresher';
import { migrateScaleTables } from './migrations';

/**
 * The catalog at scale: indexes for the hot queries (this package's
 * migrations, checked by the EXPLAIN battery in src/hotQueries.test.ts), and
 * changed catalog files refreshed within seconds (FileChangeRefresher), so
 * `catalog.processingInterval` can be long instead of reprocessing every
 * entity every minute.
 */
export const catalogModuleLaunchpadScale = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'launchpad-scale',
  register(reg) {
    let connection: EntityProviderConnection | undefined;
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        config,
        database,
        scheduler,
        lifecycle,
        logger,
        processing,
      }) {
        // Emits no entities: its connection is how changed files get refreshed.
        const provider: EntityProvider = {
          getProviderName: () => 'launchpad-file-changes',
          connect: async c => {
            connection = c;
          },
        };
        processing.addEntityProvider(provider);

        const own = config.getOptionalConfig(
          'launchpad.catalog.fileChangeCheck',
        );
        const enabled = own?.getOptionalBoolean('enabled') ?? true;
        const seconds = own?.getOptionalNumber('seconds') ?? 15;

        // The catalog's tables exist once its own init (migrations) has run.
        lifecycle.addStartupHook(async () => {
          const knex = await database.getClient();
          if (!database.migrations?.skip) await migrateScaleTables(knex);
          if (!enabled) return;
          const refresher = new FileChangeRefresher({
            knex,
            logger,
            refresh: async keys => {
              if (!connection)
                throw new Error(
                  'the catalog has not connected its entity providers yet',
                );
              await connection.refresh({ keys });
            },
          });
          await scheduler.scheduleTask({
            id: 'launchpad-catalog-file-changes',
            scope: 'global',
            frequency: { seconds },
            timeout: { minutes: 2 },
            initialDelay: { seconds },
            fn: async () => {
              await refresher.check();
            },
          });
        });
      },
    });
  },
});
