import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { kubernetesFetcherExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { durationToMilliseconds } from '@backstage/types';
import { withClusterTimeout } from './withClusterTimeout';

/** The default time one cluster may take. */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 5_000;

/**
 * Gives every cluster a timeout (launchpad.kubernetes.clusterTimeout, 5 s by
 * default), so a dead or slow cluster costs the Kubernetes tab at most that
 * and the other environments still show.
 */
export const kubernetesModuleClusterTimeout = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'cluster-timeout',
  register(reg) {
    reg.registerInit({
      deps: { fetchers: kubernetesFetcherExtensionPoint, config: coreServices.rootConfig },
      async init({ fetchers, config }) {
        const setting = config.getOptionalConfig('launchpad.kubernetes.clusterTimeout');
        const timeoutMs = setting ? durationToMilliseconds(readDurationFromConfig(setting)) : DEFAULT_CLUSTER_TIMEOUT_MS;
        fetchers.addFetcher(async ({ getDefault }) => withClusterTimeout(await getDefault(), timeoutMs));
      },
    });
  },
});
