import type { WorkloadHealth } from '../database/types';
import type { InsightEvent } from '../domain/types';

/** A Kubernetes Deployment as JSON (the fields read here). */
export type DeploymentJson = Record<string, any>;

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

function conditionTime(
  deployment: DeploymentJson,
  type: string,
  field: 'lastUpdateTime' | 'lastTransitionTime',
): number | undefined {
  const condition = (deployment.status?.conditions ?? []).find(
    (c: { type?: string }) => c?.type === type,
  );
  const at = Date.parse(condition?.[field] ?? '');
  return Number.isFinite(at) ? at : undefined;
}

/** Whether the rollout is complete and every replica available. */
export function isRolledOutAndHealthy(deployment: DeploymentJson): boolean {
  const wanted = Number(deployment.spec?.replicas ?? 1);
  const status = deployment.status ?? {};
  return (
    Number(status.observedGeneration ?? 0) >=
      Number(deployment.metadata?.generation ?? 0) &&
    Number(status.updatedReplicas ?? 0) >= wanted &&
    Number(status.availableReplicas ?? 0) >= wanted
  );
}

/**
 * One observation of a cluster's labelled Deployments, turned into events:
 * each revision that is rolled out and healthy is one `deployment` (keyed by
 * the workload and revision, so later polls add nothing), and a workload
 * whose health changed since the last observation is an `incident`
 * (degraded, or restored). Returns the new health rows to keep.
 */
export function observeWorkloads(options: {
  cluster: string;
  environment: string;
  deployments: DeploymentJson[];
  previous: Map<string, WorkloadHealth>;
  now: number;
}): { events: InsightEvent[]; health: WorkloadHealth[] } {
  const { cluster, environment, deployments, previous, now } = options;
  const events: InsightEvent[] = [];
  const health: WorkloadHealth[] = [];
  for (const d of deployments) {
    const service = d.metadata?.labels?.[KUBERNETES_ID];
    if (typeof service !== 'string' || !service) continue;
    const workload = `${cluster}/${d.metadata?.namespace}/${d.metadata?.name}`;
    const healthy = isRolledOutAndHealthy(d);
    const revision = String(
      d.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? '0',
    );
    const image: string | undefined =
      d.spec?.template?.spec?.containers?.[0]?.image;
    const base = { service: service.toLowerCase(), environment };
    if (healthy) {
      events.push({
        ...base,
        key: `k8s:${workload}:${revision}`,
        type: 'deployment',
        outcome: 'healthy',
        occurredAt: conditionTime(d, 'Progressing', 'lastUpdateTime') ?? now,
        detail: { source: 'cluster', cluster, workload, revision, image },
      });
    }
    const before = previous.get(workload);
    if (!before || before.healthy !== healthy) {
      const since = healthy
        ? now
        : conditionTime(d, 'Available', 'lastTransitionTime') ?? now;
      // A healthy workload seen for the first time is no restore.
      if (before || !healthy) {
        events.push({
          ...base,
          key: `k8s-incident:${workload}:${
            healthy ? 'restored' : 'degraded'
          }:${since}`,
          type: 'incident',
          outcome: healthy ? 'restored' : 'degraded',
          occurredAt: since,
          detail: { source: 'cluster', cluster, workload, revision, image },
        });
      }
      health.push({ workload, ...base, healthy, since });
    }
  }
  return { events, health };
}
