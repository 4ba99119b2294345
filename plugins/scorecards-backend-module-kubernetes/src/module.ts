import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createClusterClient,
  readClusters,
  readClusterTimeoutMs,
} from '@internal/plugin-kubernetes-environments-node';
import { scorecardsFactSourcesExtensionPoint } from '@internal/plugin-scorecards-node';
import { KubernetesFactSource } from './KubernetesFactSource';

/**
 * Adds the Kubernetes fact source (`k8s.*`) to the scorecards plugin, over
 * the clusters configured for Backstage's Kubernetes plugin.
 *
 * @public
 */
export const scorecardsModuleKubernetesFacts = createBackendModule({
  pluginId: 'scorecards',
  moduleId: 'kubernetes-facts',
  register(env) {
    env.registerInit({
      deps: {
        factSources: scorecardsFactSourcesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ factSources, config, logger }) {
        factSources.addFactSource(
          new KubernetesFactSource({
            clusters: readClusters(config),
            client: createClusterClient({
              timeoutMs: readClusterTimeoutMs(config),
            }),
            productionEnvironment:
              config.getOptionalString(
                'scorecards.kubernetes.productionEnvironment',
              ) ?? 'prod',
            logger,
          }),
        );
      },
    });
  },
});
