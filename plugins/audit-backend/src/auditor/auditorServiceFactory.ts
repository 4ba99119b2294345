import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { auditStoreServiceRef } from '../database/auditStoreServiceRef';
import { readMinSeverity, readSeverityLogLevels } from '../config';
import { ChainedAuditorService } from './ChainedAuditorService';

/**
 * Backstage's auditor (`coreServices.auditor`) with two sinks: the log, as
 * Backstage's default, and the hash-chained audit trail in Postgres. Install
 * it in place of the default: `backend.add(auditorServiceFactory)`.
 *
 * @public
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    auditStore: auditStoreServiceRef,
  },
  createRootContext({ config }) {
    return {
      policy: { minSeverity: readMinSeverity(config) },
      logLevels: readSeverityLogLevels(config),
    };
  },
  factory({ logger, auth, httpAuth, plugin, auditStore }, root) {
    return new ChainedAuditorService({
      pluginId: plugin.getId(),
      auth,
      httpAuth,
      logger,
      store: () => auditStore.store(),
      policy: root.policy,
      logLevels: root.logLevels,
    });
  },
});
