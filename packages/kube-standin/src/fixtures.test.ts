/*
 * The stand-in's made-up cluster state must look like a real cluster's: every
 * object is validated against the Kubernetes (and Argo CD) OpenAPI schemas
 * with kubernetes-models, and the states tests rely on are checked here.
 */
import { topPods } from '@kubernetes/client-node';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Deployment, ReplicaSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import {
  ConfigMap,
  Event,
  LimitRange,
  Namespace,
  Pod,
  ResourceQuota,
  Service,
} from 'kubernetes-models/v1';
import {
  ENVIRONMENT_LABEL,
  KUBERNETES_ID_LABEL,
  generateClusterState,
  imageTags,
} from './fixtures';
import type {
  ClusterState,
  Environment,
  KubeObject,
  ResourceName,
} from './types';

const NOW = '2025-06-02T12:00:00Z';
const ENVS: Environment[] = ['dev', 'stage', 'prod'];

type Validator = (o: KubeObject) => void;
const validators: Partial<Record<ResourceName, Validator>> = {
  namespaces: o => new Namespace(o as any).validate(),
  pods: o => new Pod(o as any).validate(),
  services: o => new Service(o as any).validate(),
  configmaps: o => new ConfigMap(o as any).validate(),
  limitranges: o => new LimitRange(o as any).validate(),
  resourcequotas: o => new ResourceQuota(o as any).validate(),
  events: o => new Event(o as any).validate(),
  deployments: o => new Deployment(o as any).validate(),
  replicasets: o => new ReplicaSet(o as any).validate(),
  horizontalpodautoscalers: o =>
    new HorizontalPodAutoscaler(o as any).validate(),
  ingresses: o => new Ingress(o as any).validate(),
  applications: o => new Application(o as any).validate(),
  // kubernetes-models has no metrics.k8s.io types: check the shape metrics-server
  // serves here, and that client-node's topPods reads it (see below).
  podmetrics: o => {
    expect(o).toMatchObject({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      window: expect.stringMatching(/^\d+s$/),
    });
    expect(Date.parse(o.timestamp)).not.toBeNaN();
    for (const c of o.containers) {
      expect(c.usage.cpu).toMatch(/^\d+n$/);
      expect(c.usage.memory).toMatch(/^\d+Ki$/);
    }
  },
};

function allObjects(state: ClusterState): Array<[ResourceName, KubeObject]> {
  return (Object.keys(state.resources) as ResourceName[]).flatMap(name =>
    state.resources[name].map(o => [name, o] as [ResourceName, KubeObject]),
  );
}

const services = [
  'orders-service',
  'inventory-service',
  'storefront-web',
  'payments-service',
];
const sample = (env: Environment) =>
  generateClusterState({
    env,
    services: [
      ...services.slice(0, 3),
      { name: 'payments-service', namespace: 'payments', replicas: 1 },
    ],
    podsPerService: 3,
    crashLooping: ['inventory-service'],
    readinessFailing: ['storefront-web'],
    outOfSync: ['orders-service'],
    sidecars: ['orders-service'],
    now: NOW,
  });

describe('generateClusterState', () => {
  it.each(ENVS)(
    'makes %s objects that are valid against the Kubernetes and Argo CD schemas',
    env => {
      const state = sample(env);
      const failures: string[] = [];
      for (const [name, o] of allObjects(state)) {
        const validate = validators[name];
        if (!validate) {
          failures.push(`${name}: no schema validator`);
          continue;
        }
        try {
          validate(o);
        } catch (e) {
          failures.push(
            `${o.kind} ${o.metadata.namespace}/${o.metadata.name}: ${
              (e as Error).message
            }`,
          );
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it('validates for real: a broken object fails the same schemas', () => {
    const pod = structuredClone(sample('dev').resources.pods[0]);
    pod.status.containerStatuses[0].restartCount = 'many';
    expect(() => validators.pods!(pod)).toThrow(/restartCount must be integer/);
    const app = structuredClone(sample('dev').resources.applications[0]);
    delete app.spec.destination;
    expect(() => validators.applications!(app)).toThrow(/destination/);
  });

  it('gives pod metrics that client-node computes usage from, as Backstage does', async () => {
    const state = sample('prod');
    const usage = await topPods(
      {
        listPodForAllNamespaces: async () => ({ items: state.resources.pods }),
      } as any,
      {
        getPodMetrics: async () => ({ items: state.resources.podmetrics }),
      } as any,
    );
    expect(usage).toHaveLength(state.resources.pods.length);
    const running = usage.filter(u => u.Containers.length > 0);
    expect(running.length).toBe(state.resources.podmetrics.length);
    for (const u of running) {
      expect(Number(u.CPU.CurrentUsage)).toBeGreaterThan(0);
      expect(Number(u.Memory.CurrentUsage)).toBeGreaterThan(0);
      expect(Number(u.CPU.RequestTotal)).toBeGreaterThan(0);
    }
  });

  it('is deterministic for the same options, and differs per seed', () => {
    expect(sample('prod')).toEqual(sample('prod'));
    const other = generateClusterState({
      env: 'prod',
      services,
      now: NOW,
      seed: 'another',
    });
    expect(other.resources.pods.map(p => p.metadata.name)).not.toEqual(
      sample('prod').resources.pods.map(p => p.metadata.name),
    );
  });

  it('gives each environment its own image tags, consistent per service', () => {
    const tags = imageTags('launchpad', 'orders-service');
    const images = ENVS.map(
      env =>
        sample(env).resources.deployments.find(
          d => d.metadata.name === 'orders-service',
        )!.spec.template.spec.containers[0].image,
    );
    expect(images).toEqual(
      ENVS.map(env => `launchpad/orders-service:${tags[env].current}`),
    );
    expect(new Set(images).size).toBe(3);
    expect(tags.prod.current).toMatch(/^\d+\.\d+\.\d+$/);
    expect(tags.stage.current).toMatch(/-rc\.\d+$/);
    expect(tags.dev.current).toMatch(/-dev\.[0-9a-f]{7}$/);
  });

  it('labels every object but events with backstage.io/kubernetes-id (as kubelet events carry no labels)', () => {
    const state = sample('stage');
    const objects = allObjects(state);
    for (const [, o] of objects.filter(([name]) => name === 'events'))
      expect(o.metadata.labels).toBeUndefined();
    for (const [, o] of objects.filter(([name]) => name !== 'events'))
      expect(services).toContain(o.metadata.labels?.[KUBERNETES_ID_LABEL]);
    for (const name of ['deployments', 'pods', 'applications'] as const) {
      expect(
        state.resources[name].every(
          o => o.metadata.labels?.[ENVIRONMENT_LABEL] === 'stage',
        ),
      ).toBe(true);
    }
  });

  it('links pods to their ReplicaSet and Deployment like the controllers do', () => {
    const { pods, replicasets, deployments } = sample('prod').resources;
    for (const pod of pods) {
      const rs = replicasets.find(
        r => r.metadata.uid === pod.metadata.ownerReferences![0].uid,
      )!;
      expect(rs).toBeDefined();
      expect(pod.metadata.name.startsWith(`${rs.metadata.name}-`)).toBe(true);
      expect(pod.metadata.labels!['pod-template-hash']).toBe(
        rs.metadata.labels!['pod-template-hash'],
      );
      const deployment = deployments.find(
        d => d.metadata.uid === rs.metadata.ownerReferences![0].uid,
      )!;
      expect(deployment.spec.selector.matchLabels.app).toBe(
        pod.metadata.labels!.app,
      );
    }
  });

  it('shows a crash-looping service as a kubelet would', () => {
    const state = sample('prod');
    const pods = state.resources.pods.filter(
      p => p.metadata.labels![KUBERNETES_ID_LABEL] === 'inventory-service',
    );
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      const app = pod.status.containerStatuses.find(
        (c: any) => c.name === 'app',
      );
      expect(app.state.waiting.reason).toBe('CrashLoopBackOff');
      expect(app.restartCount).toBeGreaterThan(0);
      expect(app.lastState.terminated).toMatchObject({
        exitCode: 1,
        reason: 'Error',
      });
      expect(app.ready).toBe(false);
      const events = state.resources.events.filter(
        e =>
          e.involvedObject.name === pod.metadata.name && e.type === 'Warning',
      );
      expect(events.map(e => e.reason).sort()).toEqual([
        'BackOff',
        'Unhealthy',
      ]);
      expect(events.find(e => e.reason === 'Unhealthy')!.message).toMatch(
        /^Readiness probe failed: /,
      );
    }
    const deployment = state.resources.deployments.find(
      d => d.metadata.name === 'inventory-service',
    )!;
    expect(deployment.status.readyReplicas).toBeUndefined();
    expect(deployment.status.unavailableReplicas).toBe(3);
    const app = state.resources.applications.find(
      a => a.metadata.labels![KUBERNETES_ID_LABEL] === 'inventory-service',
    )!;
    expect(app.status.health.status).toBe('Degraded');
  });

  it('shows failing readiness probes as unready pods with Warning events', () => {
    const state = sample('dev');
    const pods = state.resources.pods.filter(
      p => p.metadata.labels![KUBERNETES_ID_LABEL] === 'storefront-web',
    );
    for (const pod of pods) {
      expect(pod.status.containerStatuses[0]).toMatchObject({
        ready: false,
        started: true,
        restartCount: 0,
      });
      expect(
        pod.status.conditions.find((c: any) => c.type === 'Ready').status,
      ).toBe('False');
      const warning = state.resources.events.find(
        e =>
          e.involvedObject.name === pod.metadata.name && e.type === 'Warning',
      )!;
      expect(warning).toMatchObject({
        reason: 'Unhealthy',
        message:
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
      });
    }
  });

  it('keeps healthy services healthy, and reports Argo CD sync and health', () => {
    const state = sample('stage');
    const pods = state.resources.pods.filter(
      p => p.metadata.labels![KUBERNETES_ID_LABEL] === 'orders-service',
    );
    for (const pod of pods) {
      expect(pod.status.phase).toBe('Running');
      expect(
        pod.status.containerStatuses.map((c: any) => [
          c.name,
          c.ready,
          c.restartCount,
        ]),
      ).toEqual([
        ['app', true, 0],
        ['envoy', true, 0],
      ]);
    }
    expect(
      state.resources.events.filter(
        e =>
          e.type === 'Warning' &&
          pods.some(p => p.metadata.name === e.involvedObject.name),
      ),
    ).toEqual([]);
    const app = (svc: string) =>
      state.resources.applications.find(
        a => a.metadata.labels![KUBERNETES_ID_LABEL] === svc,
      )!;
    expect(app('orders-service').status.sync.status).toBe('OutOfSync');
    expect(app('orders-service').status.health.status).toBe('Healthy');
    expect(app('payments-service').status.sync.status).toBe('Synced');
    expect(app('orders-service').status.summary.images).toContain(
      pods[0].spec.containers[0].image,
    );
    expect(
      state.resources.horizontalpodautoscalers.map(h => h.metadata.name),
    ).not.toContain('payments-service'); // 1 replica
  });

  it('scales to 3 clusters x 500 pods with unique names and uids', () => {
    const many = Array.from(
      { length: 50 },
      (_, i) => `service-${String(i).padStart(2, '0')}`,
    );
    const states = ENVS.map(env =>
      generateClusterState({
        env,
        services: many,
        podsPerService: 10,
        crashLooping: ['service-07'],
        now: NOW,
      }),
    );
    for (const state of states) {
      expect(state.resources.pods).toHaveLength(500);
      expect(
        new Set(
          state.resources.pods.map(
            p => `${p.metadata.namespace}/${p.metadata.name}`,
          ),
        ).size,
      ).toBe(500);
      expect(new Set(state.resources.pods.map(p => p.status.podIP)).size).toBe(
        500,
      );
      const uids = allObjects(state)
        .map(([, o]) => o.metadata.uid)
        .filter(Boolean);
      expect(new Set(uids).size).toBe(uids.length);
      // a sample of the big state through the schemas too
      for (const pod of state.resources.pods.filter((_, i) => i % 50 === 0))
        new Pod(pod as any).validate();
    }
  });

  it('rejects options that name unknown services', () => {
    expect(() =>
      generateClusterState({
        env: 'dev',
        services: ['a'],
        crashLooping: ['b'],
      }),
    ).toThrow(/unknown services b/);
    expect(() =>
      generateClusterState({ env: 'dev', services: ['Not_Valid'] }),
    ).toThrow(/not a valid service name/);
  });
});
