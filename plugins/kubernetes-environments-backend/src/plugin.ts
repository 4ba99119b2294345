import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import { kubernetesEnvironmentsPermissions } from '@internal/plugin-kubernetes-environments-common';
import { createRouter } from './router';
import { createClusterClient } from './services/Clusters/ClusterClient';
import { readClusters } from './services/Clusters/readClusters';
import { createEnvironmentsService } from './services/EnvironmentView/createEnvironmentsService';

/** Same default as the cluster-timeout module of the Kubernetes backend. */
const DEFAULT_CLUSTER_TIMEOUT_MS = 5_000;

/**
 * Kubernetes per environment: a component's objects grouped by the
 * environment of their cluster, compared side by side with Argo CD status,
 * Warning events, and pod logs for the component's owners.
 */
export const kubernetesEnvironmentsPlugin = createBackendPlugin({
  pluginId: 'kubernetes-environments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const timeout = config.getOptionalConfig('launchpad.kubernetes.clusterTimeout');
        const service = createEnvironmentsService({
          clusters: readClusters(config),
          clusterClient: createClusterClient({
            timeoutMs: timeout
              ? durationToMilliseconds(readDurationFromConfig(timeout))
              : DEFAULT_CLUSTER_TIMEOUT_MS,
          }),
          catalog,
          auth,
          discovery,
          permissions,
        });
        permissionsRegistry.addPermissions(kubernetesEnvironmentsPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            service,
            defaultTailLines: config.getOptionalNumber('launchpad.kubernetes.logTailLines') ?? 200,
          }),
        );
      },
    });
  },
});
