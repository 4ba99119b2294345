import type { EnvironmentsResponse } from '@internal/plugin-kubernetes-environments-common';

/**
 * The environments with a configured cluster, when none of those clusters
 * runs anything of the component (else undefined): "not deployed yet",
 * which is not the same as "no cluster is configured".
 */
export function notDeployedAnywhere(
  view: EnvironmentsResponse,
): string[] | undefined {
  const withClusters = view.comparison.filter(r => r.status !== 'no-clusters');
  return withClusters.length > 0 &&
    withClusters.every(r => r.status === 'not-deployed')
    ? withClusters.map(r => r.environment)
    : undefined;
}
