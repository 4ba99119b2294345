import type { FactValues } from '@internal/plugin-scorecards-common';

/** A Kubernetes object as JSON. */
type KubeJson = Record<string, any>;

/** What one cluster said: its labelled workloads, or why it could not say. */
export type ClusterWorkloads =
  | {
      cluster: string;
      environment: string;
      deployments: KubeJson[];
      horizontalPodAutoscalers: KubeJson[];
    }
  | { cluster: string; environment: string; error: string };

/** The facts {@link kubernetesFacts} provides, with what they mean (the README lists them too). */
export const KUBERNETES_FACTS = {
  'k8s.environments':
    'the environments where a Deployment of the component runs (list, in the configured order)',
  'k8s.prodReplicas':
    'the fewest replicas any of its production Deployments may run: the HPA minReplicas when an HPA scales it, else spec.replicas (number; null when not in production)',
  'k8s.probesConfigured':
    'every container of its Deployments, in every environment, has a liveness and a readiness probe (boolean; null when it runs nowhere)',
} as const;

/**
 * Runtime facts of components from their clusters' Deployments and HPAs,
 * matched by the `backstage.io/kubernetes-id` label. A fact that depends on
 * a cluster that did not answer is left out (so its checks are unknown,
 * not failed).
 */
export function kubernetesFacts(options: {
  /** Entity refs by the kubernetes id they are labelled with. */
  entitiesById: ReadonlyMap<string, string[]>;
  clusters: ReadonlyArray<ClusterWorkloads>;
  environments: ReadonlyArray<string>;
  productionEnvironment: string;
  label: string;
}): Map<string, FactValues> {
  const { clusters, label, productionEnvironment } = options;
  const answered = clusters.filter(
    (c): c is Extract<ClusterWorkloads, { deployments: KubeJson[] }> =>
      !('error' in c),
  );
  const allAnswered = answered.length === clusters.length;
  const prodAnswered = clusters
    .filter(c => c.environment === productionEnvironment)
    .every(c => !('error' in c));
  const order = (env: string) => {
    const i = options.environments.indexOf(env);
    return i < 0 ? options.environments.length : i;
  };

  const out = new Map<string, FactValues>();
  for (const [id, refs] of options.entitiesById) {
    const mine = answered.map(c => ({
      environment: c.environment,
      deployments: c.deployments.filter(
        d => d.metadata?.labels?.[label] === id,
      ),
      hpas: c.horizontalPodAutoscalers.filter(
        h => h.metadata?.labels?.[label] === id,
      ),
    }));
    const running = mine.filter(m => m.deployments.length > 0);
    const facts: FactValues = {};

    if (allAnswered) {
      facts['k8s.environments'] = [
        ...new Set(running.map(m => m.environment)),
      ].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
      const containers = running.flatMap(m =>
        m.deployments.flatMap(
          d => (d.spec?.template?.spec?.containers ?? []) as KubeJson[],
        ),
      );
      facts['k8s.probesConfigured'] =
        containers.length === 0
          ? null
          : containers.every(c => c.livenessProbe && c.readinessProbe);
    }

    if (prodAnswered) {
      const prod = mine.filter(m => m.environment === productionEnvironment);
      const minimums = prod.flatMap(m =>
        m.deployments.map(d => {
          const hpa = m.hpas.find(
            h =>
              h.metadata?.namespace === d.metadata?.namespace &&
              h.spec?.scaleTargetRef?.kind === 'Deployment' &&
              h.spec?.scaleTargetRef?.name === d.metadata?.name,
          );
          return Number(
            hpa ? hpa.spec?.minReplicas ?? 1 : d.spec?.replicas ?? 1,
          );
        }),
      );
      facts['k8s.prodReplicas'] = minimums.length
        ? Math.min(...minimums)
        : null;
    }

    for (const ref of refs) out.set(ref, facts);
  }
  return out;
}
