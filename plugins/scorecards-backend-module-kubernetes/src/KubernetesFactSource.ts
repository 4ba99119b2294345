import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import type {
  ClusterClient,
  ClusterEnvironments,
} from '@internal/plugin-kubernetes-environments-node';
import {
  type FactSource,
  FactSourceUnavailableError,
} from '@internal/plugin-scorecards-node';
import type { FactValues } from '@internal/plugin-scorecards-common';
import { type ClusterWorkloads, kubernetesFacts } from './kubernetesFacts';

/**
 * Runtime facts (`k8s.*`) read from the configured clusters: two list calls
 * per cluster (Deployments and HPAs carrying the kubernetes-id label) for
 * all components at once, bounded by the per-cluster timeout.
 */
export class KubernetesFactSource implements FactSource {
  readonly id = 'k8s';

  constructor(
    private readonly deps: {
      clusters: ClusterEnvironments;
      client: ClusterClient;
      productionEnvironment: string;
      logger?: LoggerService;
    },
  ) {}

  async retrieve(
    entities: ReadonlyArray<Entity>,
  ): Promise<Map<string, FactValues>> {
    const entitiesById = new Map<string, string[]>();
    for (const entity of entities) {
      const id = entity.metadata.annotations?.[KUBERNETES_ANNOTATION];
      if (!id) continue;
      entitiesById.set(id, [
        ...(entitiesById.get(id) ?? []),
        stringifyEntityRef(entity),
      ]);
    }
    const { clusters, client, productionEnvironment } = this.deps;
    if (entitiesById.size === 0 || clusters.clusters.length === 0)
      return new Map();

    const workloads: ClusterWorkloads[] = await Promise.all(
      clusters.clusters.map(async cluster => {
        const environment =
          clusters.environmentOf.get(cluster.name) ?? 'unassigned';
        try {
          const w = await client.labelledWorkloads(
            cluster,
            KUBERNETES_ANNOTATION,
          );
          return { cluster: cluster.name, environment, ...w };
        } catch (e) {
          return {
            cluster: cluster.name,
            environment,
            error: (e as Error).message,
          };
        }
      }),
    );
    const failed = workloads.filter(
      (w): w is Extract<ClusterWorkloads, { error: string }> => 'error' in w,
    );
    if (failed.length === workloads.length) {
      throw new FactSourceUnavailableError(
        `No cluster answered: ${failed.map(f => f.error).join('; ')}`,
      );
    }
    for (const f of failed)
      this.deps.logger?.warn(
        `Kubernetes facts without cluster ${f.cluster}: ${f.error}`,
      );
    return kubernetesFacts({
      entitiesById,
      clusters: workloads,
      environments: clusters.environments,
      productionEnvironment,
      label: KUBERNETES_ANNOTATION,
    });
  }
}
