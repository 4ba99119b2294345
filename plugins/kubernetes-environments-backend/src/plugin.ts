import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kubernetesEnvironmentsPermissions } from '@internal/plugin-kubernetes-environments-common';
import { createRouter } from './router';
import {
  createClusterClient,
  readClusters,
  readClusterTimeoutMs,
} from '@internal/plugin-kubernetes-environments-node';
import { createEnvironmentsService } from './services/EnvironmentView/createEnvironmentsService';

/**
 * Kubernetes per environment: a component's objects grouped by the
 * environment of their cluster, compared side by side with Argo CD status,
 * Warning events, and pod logs for the owners of the workload.
 */
export const kubernetesEnvironmentsPlugin = createBackendPlugin({
  pluginId: 'kubernetes-environments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auditor,
        auth,
        discovery,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const service = createEnvironmentsService({
          clusters: readClusters(config),
          clusterClient: createClusterClient({
            timeoutMs: readClusterTimeoutMs(config),
          }),
          catalog,
          auth,
          discovery,
          permissions,
          logger,
        });
        permissionsRegistry.addPermissions(kubernetesEnvironmentsPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            service,
            defaultTailLines:
              config.getOptionalNumber('launchpad.kubernetes.logTailLines') ??
              200,
          }),
        );
      },
    });
  },
});
