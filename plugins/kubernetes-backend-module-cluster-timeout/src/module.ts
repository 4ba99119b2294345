import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubernetesFetcherExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { readClusterTimeoutMs } from '@internal/plugin-kubernetes-environments-node';
import { withClusterTimeout } from './withClusterTimeout';

export { DEFAULT_CLUSTER_TIMEOUT_MS } from '@internal/plugin-kubernetes-environments-node';

/**
 * Gives every cluster a timeout (launchpad.kubernetes.clusterTimeout, 5 s by
 * default), so a dead or slow cluster costs the Kubernetes tab at most that
 * and the other environments still show. The portal's own cluster reads
 * (events, logs, scorecard facts) use the same setting.
 */
export const kubernetesModuleClusterTimeout = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'cluster-timeout',
  register(reg) {
    reg.registerInit({
      deps: {
        fetchers: kubernetesFetcherExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ fetchers, config }) {
        const timeoutMs = readClusterTimeoutMs(config);
        fetchers.addFetcher(async ({ getDefault }) =>
          withClusterTimeout(await getDefault(), timeoutMs),
        );
      },
    });
  },
});
