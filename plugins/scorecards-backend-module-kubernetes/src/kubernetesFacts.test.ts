/*
 * Deployments and HPAs from @internal/kube-standin's fixture generator
 * (schema-valid objects); no cluster is involved here. The fact source
 * against stand-in clusters over HTTP is tested in
 * packages/backend/src/kubernetes.test.ts.
 */
import {
  generateClusterState,
  KUBERNETES_ID_LABEL,
  type Environment,
} from '@internal/kube-standin';
import { type ClusterWorkloads, kubernetesFacts } from './kubernetesFacts';

const ENVS: Environment[] = ['dev', 'stage', 'prod'];

function cluster(
  env: Environment,
  options: { prodSingle?: string[]; sidecars?: string[]; only?: string[] } = {},
): ClusterWorkloads {
  const services = (options.only ?? ['orders', 'ledger', 'edge']).map(name =>
    env === 'prod' && options.prodSingle?.includes(name)
      ? { name, replicas: 1 }
      : name,
  );
  const state = generateClusterState({
    env,
    services,
    podsPerService: 3,
    sidecars: options.sidecars,
    seed: 'facts',
  });
  return {
    cluster: `c-${env}`,
    environment: env,
    deployments: state.resources.deployments,
    horizontalPodAutoscalers: state.resources.horizontalpodautoscalers,
  };
}

const facts = (
  clusters: ClusterWorkloads[],
  ids = ['orders', 'ledger', 'edge', 'nowhere'],
) =>
  kubernetesFacts({
    entitiesById: new Map(ids.map(id => [id, [`component:default/${id}`]])),
    clusters,
    environments: ENVS,
    productionEnvironment: 'prod',
    label: KUBERNETES_ID_LABEL,
  });

describe('kubernetesFacts', () => {
  it('reads environments, production replicas (HPA minimum) and probes per component', () => {
    const result = facts([
      cluster('prod', { prodSingle: ['ledger'], sidecars: ['edge'] }),
      cluster('dev', { sidecars: ['edge'] }),
      cluster('stage', { only: ['orders', 'edge'], sidecars: ['edge'] }),
    ]);
    expect(result.get('component:default/orders')).toEqual({
      'k8s.environments': ['dev', 'stage', 'prod'],
      'k8s.prodReplicas': 3,
      'k8s.probesConfigured': true,
    });
    // one replica in prod and no HPA (the generator adds one from 2 replicas)
    expect(result.get('component:default/ledger')).toEqual({
      'k8s.environments': ['dev', 'prod'],
      'k8s.prodReplicas': 1,
      'k8s.probesConfigured': true,
    });
    // the envoy sidecar has no probes
    expect(result.get('component:default/edge')?.['k8s.probesConfigured']).toBe(
      false,
    );
    expect(result.get('component:default/nowhere')).toEqual({
      'k8s.environments': [],
      'k8s.prodReplicas': null,
      'k8s.probesConfigured': null,
    });
  });

  it('takes the HPA minimum over spec.replicas, since the HPA may scale down to it', () => {
    const prod = cluster('prod');
    if ('error' in prod) throw new Error('unexpected');
    const hpa = prod.horizontalPodAutoscalers.find(
      h => h.metadata.labels[KUBERNETES_ID_LABEL] === 'orders',
    )!;
    hpa.spec.minReplicas = 1;
    expect(
      facts([prod], ['orders']).get('component:default/orders')?.[
        'k8s.prodReplicas'
      ],
    ).toBe(1);
  });

  it('leaves out what a cluster that did not answer would have said', () => {
    const result = facts([
      cluster('dev'),
      cluster('stage'),
      {
        cluster: 'c-prod',
        environment: 'prod',
        error: 'Cluster c-prod did not answer within 5 s',
      },
    ]);
    // production replicas and the full picture are unknown, not "0" or "false"
    expect(result.get('component:default/orders')).toEqual({});
    const onlyProdDown = facts([
      cluster('prod'),
      { cluster: 'c-dev', environment: 'dev', error: 'down' },
    ]);
    expect(onlyProdDown.get('component:default/orders')).toEqual({
      'k8s.prodReplicas': 3,
    });
  });
});
