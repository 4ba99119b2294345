import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { KUBERNETES_ANNOTATION } from '@backstage/plugin-kubernetes-common';
import type { KubernetesIdClaimConflict } from '@internal/plugin-kubernetes-environments-common';

/** Who a workload (the pods carrying one `backstage.io/kubernetes-id` label) belongs to. */
export type WorkloadClaim =
  | { kind: 'owned'; kubernetesId: string; entity: Entity; entityRef: string }
  | { kind: 'unclaimed'; kubernetesId: string }
  | { kind: 'conflict'; conflict: KubernetesIdClaimConflict };

/** Finds the one catalog entity a kubernetes-id belongs to. */
export interface WorkloadOwnership {
  /**
   * The entities claiming `kubernetesId`, looked up with the plugin's own
   * credentials, so an entity the caller may not read still counts as a claim.
   * A conflict is logged as a warning every time it is seen.
   */
  claimOf(kubernetesId: string): Promise<WorkloadClaim>;
}

/** The sentence shown wherever a conflict closes logs. */
export function claimConflictMessage(
  kubernetesId: string,
  entityRefs: string[],
): string {
  const claimants =
    entityRefs.length === 2
      ? `${entityRefs[0]} and ${entityRefs[1]}`
      : `${entityRefs.slice(0, -1).join(', ')} and ${entityRefs.at(-1)}`;
  return `kubernetes-id ${kubernetesId} is claimed by ${claimants}; logs stay closed until one of them drops it — ask the platform team`;
}

export function createWorkloadOwnership(deps: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}): WorkloadOwnership {
  const { catalog, auth, logger } = deps;
  return {
    async claimOf(kubernetesId) {
      // The catalog matches filter values case-insensitively, so `Orders`
      // and `orders` are both found: a claim that differs only in case is
      // still a second claim.
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: kubernetesId,
          },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
            'spec.owner',
          ],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      if (items.length === 0) return { kind: 'unclaimed', kubernetesId };
      if (items.length === 1) {
        return {
          kind: 'owned',
          kubernetesId,
          entity: items[0],
          entityRef: stringifyEntityRef(items[0]),
        };
      }
      const entityRefs = items.map(e => stringifyEntityRef(e)).sort();
      const message = claimConflictMessage(kubernetesId, entityRefs);
      logger.warn(`Kubernetes claim conflict: ${message}`, {
        kubernetesId,
        entityRefs: entityRefs.join(','),
      });
      return {
        kind: 'conflict',
        conflict: { kubernetesId, entityRefs, message },
      };
    },
  };
}
