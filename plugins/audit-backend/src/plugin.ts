import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { auditPermissions } from '@internal/plugin-audit-common';
import { readRetentionDays } from './config';
import { auditStoreServiceRef } from './database/auditStoreServiceRef';
import { createRouter } from './router';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The audit trail's REST API and retention. The rows themselves are written
 * by `auditorServiceFactory`, from every plugin's auditor.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auditStore: auditStoreServiceRef,
      },
      async init({
        config,
        logger,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        auditStore,
      }) {
        const retentionDays = readRetentionDays(config);
        // Migrated before the API answers.
        await auditStore.store();
        permissionsRegistry.addPermissions(auditPermissions);

        await scheduler.scheduleTask({
          id: 'audit-retention',
          frequency: { hours: 6 },
          timeout: { minutes: 30 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const before = new Date(Date.now() - retentionDays * DAY_MS);
            const result = await (await auditStore.store()).prune(before);
            if (result.prunedRows > 0) {
              logger.info(
                `Audit retention pruned ${result.prunedRows} rows older than ${retentionDays} days (through row ${result.lastPrunedId})`,
              );
            }
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            store: () => auditStore.store(),
          }),
        );
      },
    });
  },
});
