import type {
  FetchResponseWrapper,
  KubernetesFetcher,
} from '@backstage/plugin-kubernetes-node';

/**
 * Wraps a fetcher so that every request to one cluster answers within
 * `timeoutMs`: past it, the cluster is reported with a FETCH_ERROR that says
 * it did not answer, and the fan-out returns the other clusters' objects.
 * (Upstream's fetcher has no timeout, and the fan-out waits for the slowest
 * cluster.) The late request is not cancelled: the default fetcher takes no
 * abort signal; its answer is dropped.
 */
export function withClusterTimeout(
  fetcher: KubernetesFetcher,
  timeoutMs: number,
): KubernetesFetcher {
  const bounded = (cluster: string, request: Promise<FetchResponseWrapper>) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<FetchResponseWrapper>(resolve => {
      timer = setTimeout(
        () =>
          resolve({
            errors: [
              {
                errorType: 'FETCH_ERROR',
                message: `Cluster ${cluster} did not answer within ${
                  timeoutMs / 1000
                } s`,
              },
            ],
            responses: [],
          }),
        timeoutMs,
      );
    });
    return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
  };

  return {
    fetchObjectsForService: params =>
      bounded(
        params.clusterDetails.name,
        fetcher.fetchObjectsForService(params),
      ),
    fetchPodMetricsByNamespaces: (
      clusterDetails,
      credential,
      namespaces,
      labelSelector,
    ) =>
      bounded(
        clusterDetails.name,
        fetcher.fetchPodMetricsByNamespaces(
          clusterDetails,
          credential,
          namespaces,
          labelSelector,
        ),
      ),
  };
}
