/*
 * The objects here come from @internal/kube-standin's fixture generator
 * (objects valid against the Kubernetes and Argo CD schemas), shaped the way
 * Backstage's Kubernetes backend returns them for one service. No cluster
 * is involved; the end-to-end path is in packages/backend/src/kubernetes.test.ts.
 */
import type { ClusterObjects } from '@backstage/plugin-kubernetes-common';
import {
  generateClusterState,
  imageTags,
  KUBERNETES_ID_LABEL,
  type ClusterState,
  type Environment,
  type KubeObject,
} from '@internal/kube-standin';
import { buildEnvironmentView, imageTag } from './buildEnvironmentView';

const ENVS: Environment[] = ['dev', 'stage', 'prod'];
const SEED = 'view-test';

/** What Backstage's Kubernetes backend returns for one service from one cluster. */
function objectsFor(
  state: ClusterState,
  service: string,
  cluster: string = state.env,
): ClusterObjects {
  const own = (objects: KubeObject[]) =>
    objects.filter(o => o.metadata.labels?.[KUBERNETES_ID_LABEL] === service);
  const r = state.resources;
  return {
    cluster: { name: cluster },
    podMetrics: [],
    errors: [],
    resources: [
      { type: 'pods', resources: own(r.pods) },
      { type: 'services', resources: own(r.services) },
      { type: 'deployments', resources: own(r.deployments) },
      { type: 'replicasets', resources: own(r.replicasets) },
      {
        type: 'horizontalpodautoscalers',
        resources: own(r.horizontalpodautoscalers),
      },
      { type: 'ingresses', resources: own(r.ingresses) },
      { type: 'customresources', resources: own(r.applications) },
    ] as ClusterObjects['resources'],
  };
}

function states(
  options: {
    crashLooping?: Partial<Record<Environment, string[]>>;
    outOfSync?: Partial<Record<Environment, string[]>>;
  } = {},
) {
  return Object.fromEntries(
    ENVS.map(env => [
      env,
      generateClusterState({
        env,
        services: ['orders', 'inventory'],
        podsPerService: 3,
        crashLooping: options.crashLooping?.[env] ?? [],
        outOfSync: options.outOfSync?.[env] ?? [],
        seed: SEED,
        now: '2026-11-20T12:00:00Z',
      }),
    ]),
  ) as Record<Environment, ClusterState>;
}

const environmentOf = new Map(ENVS.map(e => [e, e]));

describe('buildEnvironmentView', () => {
  it('shows a healthy service side by side: image tag, replicas and Argo CD status per environment', () => {
    const s = states();
    const view = buildEnvironmentView({
      entityRef: 'component:default/orders',
      environments: ENVS,
      environmentOf,
      items: ENVS.map(env => objectsFor(s[env], 'orders')),
    });
    const tags = imageTags(SEED, 'orders');
    expect(view.comparison).toEqual(
      ENVS.map(env => ({
        environment: env,
        status: 'ok',
        imageTags: [tags[env].current],
        replicas: { ready: 3, desired: 3 },
        restarts: 0,
        argo: { syncStatus: 'Synced', healthStatus: 'Healthy' },
        problems: 0,
      })),
    );
    const prod = view.environments[2];
    expect(prod.environment).toBe('prod');
    const cluster = prod.clusters[0];
    expect(cluster.status).toBe('ok');
    expect(cluster.pods.map(p => [p.status, p.ready])).toEqual([
      ['Running', '1/1'],
      ['Running', '1/1'],
      ['Running', '1/1'],
    ]);
    expect(cluster.deployments[0].images).toEqual([
      `launchpad/orders:${tags.prod.current}`,
    ]);
    // the current rollout and the one before, newest first
    expect(
      cluster.replicaSets.map(rs => [
        rs.deployment,
        rs.imageTags,
        rs.replicas.desired,
      ]),
    ).toEqual([
      ['orders', [tags.prod.current], 3],
      ['orders', [tags.prod.previous], 0],
    ]);
    expect(cluster.replicaSets[0].revision).toBeGreaterThan(
      cluster.replicaSets[1].revision!,
    );
    expect(cluster.services[0].ports.length).toBeGreaterThan(0);
    expect(cluster.ingresses[0].hosts).toEqual(['orders.prod.launchpad.test']);
    expect(cluster.horizontalPodAutoscalers[0]).toMatchObject({
      target: 'Deployment/orders',
      minReplicas: expect.any(Number),
    });
    expect(cluster.applications).toEqual([
      expect.objectContaining({
        name: 'orders-prod',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      }),
    ]);
  });

  it('calls out a crash-looping release in stage, with restarts and why', () => {
    const s = states({ crashLooping: { stage: ['orders'] } });
    const events = new Map([
      ['stage', s.stage.resources.events.filter(e => e.type === 'Warning')],
    ]);
    const view = buildEnvironmentView({
      entityRef: 'component:default/orders',
      environments: ENVS,
      environmentOf,
      items: ENVS.map(env => objectsFor(s[env], 'orders')),
      events,
    });
    const [dev, stage, prod] = view.comparison;
    expect([dev.status, stage.status, prod.status]).toEqual([
      'ok',
      'problems',
      'ok',
    ]);
    expect(stage.replicas.ready).toBe(0);
    expect(stage.restarts).toBeGreaterThan(0);
    expect(stage.argo).toEqual({
      syncStatus: 'Synced',
      healthStatus: 'Degraded',
    });
    expect(stage.worstProblem).toBe('3 of 3 pods CrashLoopBackOff');
    // the three pods' identical crash loops are one problem naming them all
    const podProblems = view.environments[1].clusters[0].problems.filter(
      p => p.kind === 'Pod',
    );
    expect(podProblems.length).toBeGreaterThan(0);
    for (const p of podProblems) expect(p.names).toHaveLength(3);

    const cluster = view.environments[1].clusters[0];
    expect(new Set(cluster.pods.map(p => p.status))).toEqual(
      new Set(['CrashLoopBackOff']),
    );
    expect(cluster.pods[0].containers[0]).toMatchObject({
      state: 'waiting',
      reason: 'CrashLoopBackOff',
    });
    expect(cluster.problems[0].kind).toBe('Pod');
    expect(
      cluster.problems.some(
        p => p.kind === 'Application' && /Degraded/.test(p.message),
      ),
    ).toBe(true);
    expect(cluster.warningEvents.length).toBeGreaterThan(0);
    expect(cluster.warningEvents.some(e => e.reason === 'BackOff')).toBe(true);
    const seen = cluster.warningEvents.map(e => e.lastSeen ?? '');
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('says when Argo CD has a release waiting to be synced by hand', () => {
    const s = states({ outOfSync: { prod: ['orders'] } });
    const prodItem = objectsFor(s.prod, 'orders');
    for (const r of prodItem.resources)
      if (r.type === 'customresources')
        for (const app of r.resources as any[])
          delete app.spec.syncPolicy.automated;
    const view = buildEnvironmentView({
      entityRef: 'component:default/orders',
      environments: ENVS,
      environmentOf,
      items: [
        objectsFor(s.dev, 'orders'),
        objectsFor(s.stage, 'orders'),
        prodItem,
      ],
    });
    expect(view.comparison[2]).toMatchObject({
      status: 'problems',
      argo: { syncStatus: 'OutOfSync', healthStatus: 'Healthy' },
      worstProblem: expect.stringContaining('syncs manually'),
    });
  });

  it('keeps the other environments when one cluster does not answer, and says why', () => {
    const s = states();
    const dead: ClusterObjects = {
      cluster: { name: 'prod' },
      resources: [],
      podMetrics: [],
      errors: [
        {
          errorType: 'FETCH_ERROR',
          message: 'Cluster prod did not answer within 5 s',
        },
      ],
    };
    const view = buildEnvironmentView({
      entityRef: 'component:default/orders',
      environments: ENVS,
      environmentOf,
      items: [objectsFor(s.dev, 'orders'), objectsFor(s.stage, 'orders'), dead],
    });
    expect(view.comparison.map(r => r.status)).toEqual([
      'ok',
      'ok',
      'unreachable',
    ]);
    expect(view.environments[2].clusters[0]).toMatchObject({
      status: 'unreachable',
      errors: ['Cluster prod did not answer within 5 s'],
    });
  });

  it('names a wrong token once, not once per resource type', () => {
    const refused: ClusterObjects = {
      cluster: { name: 'stage' },
      resources: [],
      podMetrics: [],
      errors: ['pods', 'services', 'deployments'].map(type => ({
        errorType: 'UNAUTHORIZED_ERROR' as const,
        statusCode: 401,
        resourcePath: `/api/v1/${type}`,
      })),
    };
    const view = buildEnvironmentView({
      entityRef: 'component:default/orders',
      environments: ENVS,
      environmentOf,
      items: [refused],
    });
    expect(view.environments[1].clusters[0].errors).toEqual([
      "The cluster refused the portal's credentials (401): check its service account token",
    ]);
    expect(view.comparison.map(r => r.status)).toEqual([
      'no-clusters',
      'unreachable',
      'no-clusters',
    ]);
  });

  it('tells "not deployed here" from "cannot tell", and shows untagged clusters as unassigned', () => {
    const s = states();
    const view = buildEnvironmentView({
      entityRef: 'component:default/ledger',
      environments: ENVS,
      environmentOf,
      items: [
        objectsFor(s.dev, 'ledger'),
        objectsFor(s.stage, 'orders', 'scratch'),
      ],
    });
    expect(view.environments.map(e => e.environment)).toEqual([
      'dev',
      'stage',
      'prod',
      'unassigned',
    ]);
    expect(view.comparison.map(r => r.status)).toEqual([
      'not-deployed',
      'no-clusters',
      'no-clusters',
      'ok',
    ]);
  });

  it('reads a new service that no configured cluster runs as "not deployed", not "no cluster configured"', () => {
    // Backstage's Kubernetes backend leaves out every cluster that answered
    // with nothing, so a service nobody deployed yet arrives with no items.
    const configured = [
      { name: 'dev' },
      { name: 'stage', title: 'Stage (eu-west)' },
      { name: 'prod' },
    ];
    const view = buildEnvironmentView({
      entityRef: 'component:default/brand-new',
      environments: ENVS,
      environmentOf,
      clusters: configured,
      items: [],
    });
    expect(view.comparison.map(r => r.status)).toEqual([
      'not-deployed',
      'not-deployed',
      'not-deployed',
    ]);
    expect(view.environments.map(e => e.clusters.map(c => c.name))).toEqual([
      ['dev'],
      ['stage'],
      ['prod'],
    ]);
    expect(view.environments[1].clusters[0]).toMatchObject({
      title: 'Stage (eu-west)',
      status: 'ok',
      deployments: [],
      pods: [],
    });

    // An environment without any configured cluster still says so, and a
    // cluster that answered keeps its own view rather than an empty one.
    const s = states();
    const mixed = buildEnvironmentView({
      entityRef: 'component:default/orders',
      environments: [...ENVS, 'qa'],
      environmentOf,
      clusters: configured,
      items: [objectsFor(s.stage, 'orders')],
    });
    expect(mixed.comparison.map(r => r.status)).toEqual([
      'not-deployed',
      'ok',
      'not-deployed',
      'no-clusters',
    ]);
    expect(mixed.environments[1].clusters).toHaveLength(1);
    expect(
      mixed.environments[1].clusters[0].deployments.length,
    ).toBeGreaterThan(0);
  });

  it('reads image tags like a registry does', () => {
    expect(imageTag('launchpad/orders:1.2.3')).toBe('1.2.3');
    expect(imageTag('registry.example:5000/team/orders')).toBe('latest');
    expect(imageTag('orders@sha256:abc')).toBe('sha256:abc');
    expect(imageTag('registry.example:5000/orders:2.0.0-rc.1')).toBe(
      '2.0.0-rc.1',
    );
  });
});
