import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterClient,
  ConfiguredCluster,
} from '@internal/plugin-kubernetes-environments-node';
import type { EventStore } from '../database/types';
import { observeWorkloads } from './observeWorkloads';

/**
 * The portal's own observation of the clusters: each poll lists the
 * Deployments carrying `backstage.io/kubernetes-id` in every cluster tagged
 * with an environment and records rollouts and health changes. A cluster that
 * is down is skipped (logged), the others are observed.
 */
export class ClusterObserver {
  constructor(
    private readonly options: {
      clusters: ConfiguredCluster[];
      client: ClusterClient;
      store: EventStore;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async poll(): Promise<number> {
    const { clusters, client, store, logger } = this.options;
    const previous = await store.workloadHealth();
    let added = 0;
    for (const cluster of clusters) {
      if (!cluster.environment) continue;
      let deployments;
      try {
        ({ deployments } = await client.labelledWorkloads(
          cluster,
          'backstage.io/kubernetes-id',
        ));
      } catch (e) {
        logger.warn(
          `Insights: cluster ${cluster.name} not observed: ${
            (e as Error).message
          }`,
        );
        continue;
      }
      const { events, health } = observeWorkloads({
        cluster: cluster.name,
        environment: cluster.environment,
        deployments,
        previous,
        now: (this.options.now ?? Date.now)(),
      });
      added += await store.add(events);
      await store.setWorkloadHealth(health);
    }
    return added;
  }
}
