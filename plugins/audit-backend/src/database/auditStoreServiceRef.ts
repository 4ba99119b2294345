import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type LifecycleService,
} from '@backstage/backend-plugin-api';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import type { AuditStore } from './types';
import { DatabaseAuditStore } from './DatabaseAuditStore';

/**
 * The audit trail's store, one per backend instance. It lives in the
 * database Backstage gives the `audit` plugin (`backstage_plugin_audit`, or
 * `<prefix>audit` with `backend.database.prefix`), whichever plugin is
 * auditing, so every plugin's auditor and the audit plugin's API share it.
 */
export interface AuditStoreService {
  /** The store, once its database exists and is migrated. */
  store(): Promise<AuditStore>;
  /** Resolves when every row handed to the store so far is written. */
  flush(): Promise<void>;
}

/** @public */
export const auditStoreServiceRef = createServiceRef<AuditStoreService>({
  id: 'launchpad.audit.store',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        rootLogger: coreServices.rootLogger,
        rootLifecycle: coreServices.rootLifecycle,
      },
      factory({ config, rootLogger, rootLifecycle }) {
        const logger = rootLogger.child({ plugin: 'audit' });
        // Same manager and naming as Backstage's own database service.
        const database = DatabaseManager.fromConfig(config, {
          rootLogger,
          rootLifecycle,
        }).forPlugin('audit', {
          logger,
          lifecycle: rootLifecycle as LifecycleService,
        });
        let created: Promise<DatabaseAuditStore> | undefined;
        const store = () => {
          if (!created) {
            created = database
              .getClient()
              .then(knex => DatabaseAuditStore.create({ knex }));
            created.catch(() => {
              created = undefined;
            });
          }
          return created;
        };
        const flush = async () => {
          if (created) await (await created).flush();
        };
        // Events audited until the end are written before the pool closes.
        rootLifecycle.addBeforeShutdownHook(() => flush().catch(() => {}));
        return { store, flush };
      },
    }),
});
