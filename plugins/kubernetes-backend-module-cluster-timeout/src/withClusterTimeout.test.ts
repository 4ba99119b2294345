import type { KubernetesFetcher } from '@backstage/plugin-kubernetes-node';
import { withClusterTimeout } from './withClusterTimeout';

const answer = (name: string) =>
  ({
    errors: [],
    responses: [{ type: 'pods', resources: [{ metadata: { name } }] }],
  } as any);

function fetcherAnsweringAfter(ms: number | 'never'): KubernetesFetcher {
  const respond = () =>
    ms === 'never'
      ? new Promise<any>(() => {})
      : new Promise<any>(resolve => setTimeout(() => resolve(answer('p')), ms));
  return {
    fetchObjectsForService: respond,
    fetchPodMetricsByNamespaces: respond,
  };
}

const params = (cluster: string) =>
  ({ clusterDetails: { name: cluster } } as any);

describe('withClusterTimeout', () => {
  it('passes an answer that comes in time through unchanged', async () => {
    const fetcher = withClusterTimeout(fetcherAnsweringAfter(5), 1_000);
    await expect(
      fetcher.fetchObjectsForService(params('dev')),
    ).resolves.toEqual(answer('p'));
  });

  it('reports a cluster that does not answer in time as a fetch error naming it', async () => {
    const fetcher = withClusterTimeout(fetcherAnsweringAfter('never'), 50);
    await expect(
      fetcher.fetchObjectsForService(params('prod')),
    ).resolves.toEqual({
      errors: [
        {
          errorType: 'FETCH_ERROR',
          message: 'Cluster prod did not answer within 0.05 s',
        },
      ],
      responses: [],
    });
    await expect(
      fetcher.fetchPodMetricsByNamespaces(
        { name: 'prod' } as any,
        {} as any,
        new Set(['a']),
      ),
    ).resolves.toMatchObject({ errors: [{ errorType: 'FETCH_ERROR' }] });
  });

  it('keeps errors of the wrapped fetcher', async () => {
    const failing: KubernetesFetcher = {
      fetchObjectsForService: async () => Promise.reject(new Error('boom')),
      fetchPodMetricsByNamespaces: async () => ({ errors: [], responses: [] }),
    };
    await expect(
      withClusterTimeout(failing, 1_000).fetchObjectsForService(params('dev')),
    ).rejects.toThrow('boom');
  });
});
