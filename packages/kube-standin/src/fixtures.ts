/*
 * Fixture generator for the Kubernetes stand-in: the objects a real cluster
 * running Launchpad's services would hold, per environment. The output is a
 * stand-in for a real cluster's state, not a recording of one; the schema
 * tests (fixtures.test.ts) validate every object with kubernetes-models so it
 * stays shaped like what a kube-apiserver (and Argo CD) really serves.
 *
 * Deterministic: the same options (including `now`) give the same objects.
 * Per-service values (release versions) come from `seed` + service name, so a
 * service has consistent versions across the dev, stage and prod clusters;
 * per-cluster values (names, uids, IPs, restarts) also mix in the environment.
 */
import { Random, hashString } from './random';
import type {
  ClusterResources,
  ClusterState,
  Environment,
  KubeObject,
  ObjectMeta,
} from './types';

/** The label Backstage's kubernetes-backend selects a component's objects by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/** The label the stand-in puts on objects to say which environment they belong to. */
export const ENVIRONMENT_LABEL = 'launchpad.io/environment';

export interface ServiceFixture {
  /** The service name: Deployment name and `backstage.io/kubernetes-id` label value. */
  name: string;
  /** Defaults to ClusterStateOptions.namespace, else to the service name. */
  namespace?: string;
  /** Overrides ClusterStateOptions.podsPerService for this service. */
  replicas?: number;
}

export interface ClusterStateOptions {
  env: Environment;
  services: Array<string | ServiceFixture>;
  /** Pods (Deployment replicas) per service; default 3. */
  podsPerService?: number;
  /** Services whose app container is in CrashLoopBackOff, with restarts and Warning events. */
  crashLooping?: string[];
  /** Services whose pods run but fail their readiness probe (not ready, `Readiness probe failed` events). */
  readinessFailing?: string[];
  /** Services whose Argo CD Application is OutOfSync. */
  outOfSync?: string[];
  /** Argo CD Applications sync by hand (no automated policy), as the golden paths set up prod. */
  manualSync?: boolean;
  /** Services whose pods carry a second container (an `envoy` sidecar). */
  sidecars?: string[];
  /** Seed for everything random; default 'launchpad'. */
  seed?: string;
  /** The moment timestamps are generated against; default: the current time. */
  now?: Date | string | number;
  /** Namespace for every service that does not name its own; default: one namespace per service. */
  namespace?: string;
  /** Image repository prefix (no registry host): images are `<prefix>/<service>:<tag>`. Default 'launchpad'. */
  imageRepository?: string;
  /** Namespace of the Argo CD Applications; default 'argocd'. */
  argoNamespace?: string;
  /** The git repository Argo CD syncs a service from. */
  gitRepoUrl?: (service: string) => string;
}

const ENV_INDEX: Record<Environment, number> = { dev: 0, stage: 1, prod: 2 };
const APP_PORT = 8080;
const SIDECAR_IMAGE = 'envoyproxy/envoy:v1.31.2';
/** kube-apiserver's default --event-ttl */
const EVENT_TTL_MS = 60 * 60 * 1000;

interface ServicePlan {
  name: string;
  namespace: string;
  replicas: number;
  crashLooping: boolean;
  readinessFailing: boolean;
  outOfSync: boolean;
  sidecar: boolean;
  image: string;
  previousImage: string;
  tag: string;
}

/** The image tag a service runs in each environment: prod a release, stage its release candidate, dev a build. */
export function imageTags(
  seed: string,
  service: string,
): Record<Environment, { current: string; previous: string }> {
  const r = new Random(`${seed}/release/${service}`);
  const major = r.int(1, 3);
  const minor = r.int(1, 24);
  const patch = r.int(1, 9);
  const rc = r.int(2, 6);
  const build = r.hex(7);
  const previousBuild = r.hex(7);
  return {
    prod: {
      current: `${major}.${minor}.${patch}`,
      previous: `${major}.${minor}.${patch - 1}`,
    },
    stage: {
      current: `${major}.${minor + 1}.0-rc.${rc}`,
      previous: `${major}.${minor + 1}.0-rc.${rc - 1}`,
    },
    dev: {
      current: `${major}.${minor + 1}.0-dev.${build}`,
      previous: `${major}.${minor + 1}.0-dev.${previousBuild}`,
    },
  };
}

function iso(ms: number): string {
  // Kubernetes serializes metav1.Time with second precision.
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

class Generator {
  readonly rng: Random;
  readonly now: number;
  private resourceVersion: number;
  readonly res: ClusterResources = {
    namespaces: [],
    pods: [],
    services: [],
    configmaps: [],
    limitranges: [],
    resourcequotas: [],
    events: [],
    deployments: [],
    replicasets: [],
    statefulsets: [],
    daemonsets: [],
    horizontalpodautoscalers: [],
    ingresses: [],
    jobs: [],
    cronjobs: [],
    podmetrics: [],
    applications: [],
  };
  private podCount = 0;
  readonly nodes: Array<{ name: string; ip: string }> = [];

  constructor(readonly opts: ClusterStateOptions, readonly seed: string) {
    this.rng = new Random(`${seed}/${opts.env}`);
    this.now =
      opts.now === undefined ? Date.now() : new Date(opts.now).getTime();
    if (Number.isNaN(this.now))
      throw new Error(
        `generateClusterState: invalid "now": ${String(opts.now)}`,
      );
    this.resourceVersion =
      100000 + (hashString(`${seed}/${opts.env}`) % 900000);
  }

  get env(): Environment {
    return this.opts.env;
  }

  meta(
    name: string,
    namespace: string | undefined,
    createdMs: number,
    extra: Partial<ObjectMeta> = {},
  ): ObjectMeta {
    this.resourceVersion += 1;
    return {
      name,
      ...(namespace !== undefined && { namespace }),
      uid: this.rng.uuid(),
      resourceVersion: String(this.resourceVersion),
      creationTimestamp: iso(createdMs),
      ...extra,
    };
  }

  setupNodes(totalPods: number) {
    const count = Math.max(3, Math.ceil(totalPods / 40));
    const e = ENV_INDEX[this.env];
    for (let i = 0; i < count; i++) {
      const ip = `10.${e * 10}.${Math.floor(i / 200)}.${(i % 200) + 10}`;
      this.nodes.push({
        name: `${this.env}-worker-${this.rng.nameSuffix(5)}`,
        ip,
      });
    }
  }

  nextPodIp(): string {
    const i = this.podCount++;
    return `10.${ENV_INDEX[this.env] * 10 + 1}.${Math.floor(i / 250)}.${
      (i % 250) + 2
    }`;
  }

  event(
    involved: KubeObject,
    e: {
      type: 'Normal' | 'Warning';
      reason: string;
      message: string;
      component: string;
      host?: string;
      fieldPath?: string;
      firstMs: number;
      lastMs: number;
      count: number;
    },
  ): void {
    if (e.lastMs < this.now - EVENT_TTL_MS) return; // expired, like a real cluster's
    const ns = involved.metadata.namespace!;
    this.res.events.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: this.meta(
        `${involved.metadata.name}.${this.rng.hex(16)}`,
        ns,
        e.firstMs,
      ),
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        namespace: ns,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
        ...(e.fieldPath && { fieldPath: e.fieldPath }),
      },
      reason: e.reason,
      message: e.message,
      source: { component: e.component, ...(e.host && { host: e.host }) },
      firstTimestamp: iso(e.firstMs),
      lastTimestamp: iso(e.lastMs),
      count: e.count,
      type: e.type,
      reportingComponent: e.component,
      reportingInstance: e.host ?? '',
    });
  }
}

function labelsFor(
  plan: ServicePlan,
  env: Environment,
): Record<string, string> {
  return {
    app: plan.name,
    'app.kubernetes.io/name': plan.name,
    [KUBERNETES_ID_LABEL]: plan.name,
    [ENVIRONMENT_LABEL]: env,
  };
}

function containerSpecs(
  plan: ServicePlan,
  env: Environment,
  image: string,
  r: Random,
) {
  const cpu = r.pick([100, 200, 250, 500]);
  const mem = r.pick([128, 256, 512]);
  const app = {
    name: 'app',
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
    env: [
      { name: 'ENVIRONMENT', value: env },
      { name: 'SERVICE_NAME', value: plan.name },
    ],
    resources: {
      requests: { cpu: `${cpu}m`, memory: `${mem}Mi` },
      limits: { cpu: `${cpu * 2}m`, memory: `${mem * 2}Mi` },
    },
    readinessProbe: {
      httpGet: { path: '/healthz', port: APP_PORT, scheme: 'HTTP' },
      initialDelaySeconds: 5,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: '/livez', port: APP_PORT, scheme: 'HTTP' },
      initialDelaySeconds: 15,
      timeoutSeconds: 1,
      periodSeconds: 20,
      successThreshold: 1,
      failureThreshold: 3,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  if (!plan.sidecar) return [app];
  const sidecar = {
    name: 'envoy',
    image: SIDECAR_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'admin', containerPort: 9901, protocol: 'TCP' }],
    resources: {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  return [app, sidecar];
}

function podSpecTemplate(containers: unknown[]) {
  return {
    containers,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
  };
}

function generateService(g: Generator, plan: ServicePlan) {
  const env = g.env;
  const r = new Random(`${g.seed}/${env}/${plan.name}`);
  const labels = labelsFor(plan, env);
  const containers = containerSpecs(plan, env, plan.image, r);
  const previousContainers = containerSpecs(
    plan,
    env,
    plan.previousImage,
    new Random(`${g.seed}/${env}/${plan.name}`),
  );

  // Timeline: the Deployment is old, the current rollout recent (dev most recent).
  const minute = 60_000;
  const rolloutAgo =
    {
      dev: r.int(10, 600),
      stage: r.int(60, 3 * 1440),
      prod: r.int(1440, 14 * 1440),
    }[env] * minute;
  const rolloutMs = g.now - rolloutAgo;
  const deploymentMs = rolloutMs - r.int(20, 300) * 1440 * minute;
  const revision = r.int(3, 60);
  const generation = revision + r.int(0, 3);

  const ready = !plan.crashLooping && !plan.readinessFailing;
  const readyCount = ready ? plan.replicas : 0;

  // Deployment
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: g.meta(plan.name, plan.namespace, deploymentMs, {
      generation,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
    }),
    spec: {
      replicas: plan.replicas,
      selector: { matchLabels: { app: plan.name } },
      template: { metadata: { labels }, spec: podSpecTemplate(containers) },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: generation,
      replicas: plan.replicas,
      updatedReplicas: plan.replicas,
      ...(readyCount > 0 && {
        readyReplicas: readyCount,
        availableReplicas: readyCount,
      }),
      ...(readyCount < plan.replicas && {
        unavailableReplicas: plan.replicas - readyCount,
      }),
      conditions: ready
        ? [
            {
              type: 'Available',
              status: 'True',
              lastUpdateTime: iso(rolloutMs + 40_000),
              lastTransitionTime: iso(rolloutMs + 40_000),
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
            },
            {
              type: 'Progressing',
              status: 'True',
              lastUpdateTime: iso(rolloutMs + 60_000),
              lastTransitionTime: iso(deploymentMs),
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${plan.name}-HASH" has successfully progressed.`,
            },
          ]
        : [
            {
              type: 'Available',
              status: 'False',
              lastUpdateTime: iso(rolloutMs + 20_000),
              lastTransitionTime: iso(rolloutMs + 20_000),
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
            {
              type: 'Progressing',
              status: 'False',
              lastUpdateTime: iso(rolloutMs + 600_000),
              lastTransitionTime: iso(rolloutMs + 600_000),
              reason: 'ProgressDeadlineExceeded',
              message: `ReplicaSet "${plan.name}-HASH" has timed out progressing.`,
            },
          ],
    },
  };
  g.res.deployments.push(deployment);

  const ownerRef = (o: KubeObject) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: o.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  });

  // ReplicaSets: the previous revision (scaled to 0) and the current one.
  const replicaSet = (
    hash: string,
    rev: number,
    cs: unknown[],
    createdMs: number,
    replicas: number,
    readyReplicas: number,
  ) => {
    const rsLabels = { ...labels, 'pod-template-hash': hash };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: g.meta(`${plan.name}-${hash}`, plan.namespace, createdMs, {
        generation: replicas === 0 ? 2 : 1,
        labels: rsLabels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(plan.replicas),
          'deployment.kubernetes.io/max-replicas': String(
            plan.replicas + Math.ceil(plan.replicas / 4),
          ),
          'deployment.kubernetes.io/revision': String(rev),
        },
        ownerReferences: [ownerRef(deployment)],
      }),
      spec: {
        replicas,
        selector: {
          matchLabels: { app: plan.name, 'pod-template-hash': hash },
        },
        template: { metadata: { labels: rsLabels }, spec: podSpecTemplate(cs) },
      },
      status: {
        replicas,
        ...(replicas > 0 && { fullyLabeledReplicas: replicas }),
        ...(readyReplicas > 0 && {
          readyReplicas,
          availableReplicas: readyReplicas,
        }),
        observedGeneration: replicas === 0 ? 2 : 1,
      },
    };
    g.res.replicasets.push(rs);
    return rs;
  };
  replicaSet(
    r.nameSuffix(10),
    revision - 1,
    previousContainers,
    rolloutMs - r.int(1, 30) * 1440 * minute,
    0,
    0,
  );
  const hash = r.nameSuffix(10);
  const rs = replicaSet(
    hash,
    revision,
    containers,
    rolloutMs,
    plan.replicas,
    readyCount,
  );
  for (const c of deployment.status.conditions)
    c.message = c.message.replace(`${plan.name}-HASH`, rs.metadata.name);

  // Pods
  for (let i = 0; i < plan.replicas; i++) {
    const createdMs = rolloutMs + i * 2_000 + r.int(0, 1_500);
    const node = r.pick(g.nodes);
    const podIp = g.nextPodIp();
    const name = `${rs.metadata.name}-${r.nameSuffix(5)}`;
    const startedMs = createdMs + r.int(3, 20) * 1000;
    const restarts = plan.crashLooping ? r.int(6, 40) : 0;
    const statuses = containers.map(c => {
      const base = {
        name: c.name,
        image: c.image,
        imageID: `${c.image.split(':')[0]}@sha256:${new Random(
          `${g.seed}/image/${c.image}`,
        ).hex(64)}`,
        containerID: `containerd://${r.hex(64)}`,
        restartCount: 0,
      };
      if (c.name === 'app' && plan.crashLooping) {
        const finishedMs = g.now - r.int(10, 280) * 1000;
        return {
          ...base,
          ready: false,
          started: false,
          restartCount: restarts,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off 5m0s restarting failed container=app pod=${name}_${plan.namespace}(UID)`,
            },
          },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              startedAt: iso(finishedMs - r.int(2, 9) * 1000),
              finishedAt: iso(finishedMs),
              containerID: base.containerID,
            },
          },
        };
      }
      const notReady = c.name === 'app' && plan.readinessFailing;
      return {
        ...base,
        ready: !notReady,
        started: true,
        state: { running: { startedAt: iso(startedMs) } },
        lastState: {},
      };
    });
    const allReady = statuses.every(s => s.ready);
    const unready = statuses.filter(s => !s.ready).map(s => s.name);
    const condition = (type: string, atMs: number, ok = true) => ({
      type,
      status: ok ? 'True' : 'False',
      lastTransitionTime: iso(atMs),
      ...(!ok && {
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${unready.join(' ')}]`,
      }),
    });
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: g.meta(name, plan.namespace, createdMs, {
        generateName: `${rs.metadata.name}-`,
        labels: { ...labels, 'pod-template-hash': hash },
        ownerReferences: [ownerRef(rs)],
      }),
      spec: {
        ...podSpecTemplate(containers),
        nodeName: node.name,
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          condition('PodReadyToStartContainers', startedMs - 2_000),
          condition('Initialized', createdMs + 1_000),
          condition(
            'Ready',
            allReady ? startedMs + 8_000 : startedMs,
            allReady,
          ),
          condition(
            'ContainersReady',
            allReady ? startedMs + 8_000 : startedMs,
            allReady,
          ),
          condition('PodScheduled', createdMs),
        ],
        hostIP: node.ip,
        hostIPs: [{ ip: node.ip }],
        podIP: podIp,
        podIPs: [{ ip: podIp }],
        startTime: iso(createdMs + 500),
        containerStatuses: statuses,
        qosClass: 'Burstable',
      },
    };
    for (const s of statuses as any[]) {
      if (s.state.waiting)
        s.state.waiting.message = s.state.waiting.message.replace(
          '(UID)',
          `(${pod.metadata.uid})`,
        );
    }
    g.res.pods.push(pod);

    // What metrics-server reports for its running containers.
    const running = statuses.filter(s => s.state.running);
    if (running.length > 0) {
      g.res.podmetrics.push({
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: {
          name,
          namespace: plan.namespace,
          creationTimestamp: iso(g.now),
          labels: pod.metadata.labels,
        },
        timestamp: iso(g.now - r.int(1, 30) * 1000),
        window: '15s',
        containers: running.map(s => ({
          name: s.name,
          usage: {
            cpu: `${r.int(1_000_000, 300_000_000)}n`,
            memory: `${r.int(40_000, 350_000)}Ki`,
          },
        })),
      });
    }

    // Events, as the scheduler and kubelet would have recorded them (and expired after an hour).
    const kubelet = { component: 'kubelet', host: node.name };
    g.event(pod, {
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${plan.namespace}/${name} to ${node.name}`,
      component: 'default-scheduler',
      firstMs: createdMs,
      lastMs: createdMs,
      count: 1,
    });
    for (const c of containers) {
      const fieldPath = `spec.containers{${c.name}}`;
      g.event(pod, {
        type: 'Normal',
        reason: 'Pulled',
        message: `Container image "${c.image}" already present on machine`,
        ...kubelet,
        fieldPath,
        firstMs: createdMs + 1_000,
        lastMs: createdMs + 1_000,
        count: 1,
      });
      g.event(pod, {
        type: 'Normal',
        reason: 'Created',
        message: `Created container ${c.name}`,
        ...kubelet,
        fieldPath,
        firstMs: createdMs + 2_000,
        lastMs: createdMs + 2_000,
        count: 1,
      });
      g.event(pod, {
        type: 'Normal',
        reason: 'Started',
        message: `Started container ${c.name}`,
        ...kubelet,
        fieldPath,
        firstMs: startedMs,
        lastMs: startedMs,
        count: 1,
      });
    }
    if (plan.crashLooping) {
      const fieldPath = 'spec.containers{app}';
      g.event(pod, {
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container app in pod ${name}_${plan.namespace}(${pod.metadata.uid})`,
        ...kubelet,
        fieldPath,
        firstMs: startedMs + 30_000,
        lastMs: g.now - r.int(5, 60) * 1000,
        count: restarts * 4 + r.int(0, 3),
      });
      g.event(pod, {
        type: 'Warning',
        reason: 'Unhealthy',
        message: `Readiness probe failed: Get "http://${podIp}:${APP_PORT}/healthz": dial tcp ${podIp}:${APP_PORT}: connect: connection refused`,
        ...kubelet,
        fieldPath,
        firstMs: startedMs + 10_000,
        lastMs: g.now - r.int(60, 300) * 1000,
        count: restarts * 2 + r.int(1, 3),
      });
    }
    if (plan.readinessFailing) {
      g.event(pod, {
        type: 'Warning',
        reason: 'Unhealthy',
        message:
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
        ...kubelet,
        fieldPath: 'spec.containers{app}',
        firstMs: startedMs + 10_000,
        lastMs: g.now - r.int(1, 15) * 1000,
        count: Math.max(3, Math.floor((g.now - startedMs) / 10_000)),
      });
    }
  }
  g.event(deployment, {
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: `Scaled up replica set ${rs.metadata.name} from 0 to ${plan.replicas}`,
    component: 'deployment-controller',
    firstMs: rolloutMs,
    lastMs: rolloutMs,
    count: 1,
  });

  // Service, Ingress, ConfigMap
  const clusterIp = `10.${96 + ENV_INDEX[env]}.${r.int(0, 255)}.${r.int(
    1,
    254,
  )}`;
  g.res.services.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: g.meta(plan.name, plan.namespace, deploymentMs, { labels }),
    spec: {
      type: 'ClusterIP',
      selector: { app: plan.name },
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: APP_PORT },
      ],
      clusterIP: clusterIp,
      clusterIPs: [clusterIp],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  });
  const host = ingressHost(plan.name, env);
  g.res.ingresses.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: g.meta(plan.name, plan.namespace, deploymentMs, {
      generation: 1,
      labels,
    }),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [host], secretName: `${plan.name}-tls` }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: plan.name, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
    status: {
      loadBalancer: {
        ingress: [
          { ip: `10.${ENV_INDEX[env] * 10}.255.${10 + ENV_INDEX[env]}` },
        ],
      },
    },
  });
  g.res.configmaps.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: g.meta(`${plan.name}-config`, plan.namespace, deploymentMs, {
      labels,
    }),
    data: {
      ENVIRONMENT: env,
      LOG_LEVEL: env === 'prod' ? 'info' : 'debug',
      PORT: String(APP_PORT),
    },
  });

  // HorizontalPodAutoscaler (autoscaling/v2) for services with more than one replica
  if (plan.replicas >= 2) {
    const utilization = ready ? r.int(20, 65) : 0;
    g.res.horizontalpodautoscalers.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: g.meta(plan.name, plan.namespace, deploymentMs, { labels }),
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: plan.name,
        },
        minReplicas: plan.replicas,
        maxReplicas: plan.replicas * 3,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
      status: {
        currentReplicas: plan.replicas,
        desiredReplicas: plan.replicas,
        ...(ready && {
          currentMetrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                current: {
                  averageUtilization: utilization,
                  averageValue: `${r.int(20, 300)}m`,
                },
              },
            },
          ],
        }),
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            lastTransitionTime: iso(deploymentMs),
            reason: 'ReadyForNewScale',
            message: 'recommended size matches current size',
          },
          ready
            ? {
                type: 'ScalingActive',
                status: 'True',
                lastTransitionTime: iso(rolloutMs),
                reason: 'ValidMetricFound',
                message:
                  'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
              }
            : {
                type: 'ScalingActive',
                status: 'False',
                lastTransitionTime: iso(rolloutMs + 60_000),
                reason: 'FailedGetResourceMetric',
                message:
                  'the HPA was unable to compute the replica count: did not receive metrics for targeted pods (pods might be unready)',
              },
          {
            type: 'ScalingLimited',
            status: 'True',
            lastTransitionTime: iso(deploymentMs),
            reason: 'TooFewReplicas',
            message:
              'the desired replica count is less than the minimum replica count',
          },
        ],
      },
    });
  }

  // Argo CD Application: sync and health as Argo CD's controller reports them.
  const repoURL =
    g.opts.gitRepoUrl?.(plan.name) ??
    `https://git.launchpad.test/launchpad/${plan.name}.git`;
  const source = {
    repoURL,
    path: `deploy/overlays/${env}`,
    targetRevision: env === 'prod' ? 'release' : 'main',
  };
  const destination = {
    server: 'https://kubernetes.default.svc',
    namespace: plan.namespace,
  };
  const revisionSha = r.hex(40);
  const health = plan.crashLooping
    ? 'Degraded'
    : plan.readinessFailing
    ? 'Progressing'
    : 'Healthy';
  const sync = plan.outOfSync ? 'OutOfSync' : 'Synced';
  const deployedMs = rolloutMs - 5_000;
  const appResource = (
    group: string,
    kind: string,
    status: string,
    healthStatus?: string,
  ) => ({
    ...(group && { group }),
    version: 'v1',
    kind,
    namespace: plan.namespace,
    name: plan.name,
    status,
    ...(healthStatus && { health: { status: healthStatus } }),
  });
  g.res.applications.push({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: g.meta(
      `${plan.name}-${env}`,
      g.opts.argoNamespace ?? 'argocd',
      deploymentMs,
      {
        generation: r.int(50, 5000),
        labels: { [KUBERNETES_ID_LABEL]: plan.name, [ENVIRONMENT_LABEL]: env },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
    ),
    spec: {
      project: 'default',
      source,
      destination,
      syncPolicy: {
        ...(!g.opts.manualSync && { automated: { prune: true, selfHeal: true } }),
        syncOptions: ['CreateNamespace=true'],
      },
    },
    status: {
      sync: {
        status: sync,
        revision: plan.outOfSync ? r.hex(40) : revisionSha,
        comparedTo: { source, destination },
      },
      health: {
        status: health,
        ...(plan.crashLooping && {
          message: `Deployment "${plan.name}" exceeded its progress deadline`,
        }),
      },
      summary: {
        images: containers.map(c => c.image).sort(),
        externalURLs: [`https://${host}/`],
      },
      sourceType: 'Kustomize',
      reconciledAt: iso(g.now - r.int(10, 170) * 1000),
      resources: [
        appResource('', 'ConfigMap', 'Synced'),
        appResource('', 'Service', 'Synced', 'Healthy'),
        appResource(
          'apps',
          'Deployment',
          plan.outOfSync ? 'OutOfSync' : 'Synced',
          health,
        ),
        ...(plan.replicas >= 2
          ? [
              {
                ...appResource(
                  'autoscaling',
                  'HorizontalPodAutoscaler',
                  'Synced',
                  'Healthy',
                ),
                version: 'v2',
              },
            ]
          : []),
        appResource('networking.k8s.io', 'Ingress', 'Synced', 'Healthy'),
      ],
      operationState: {
        operation: {
          sync: { revision: revisionSha },
          initiatedBy: { automated: true },
          retry: { limit: 5 },
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: iso(deployedMs),
        finishedAt: iso(deployedMs + 4_000),
        syncResult: { revision: revisionSha, source, resources: [] },
      },
      history: [
        {
          id: revision,
          revision: revisionSha,
          source,
          deployStartedAt: iso(deployedMs),
          deployedAt: iso(deployedMs + 4_000),
        },
      ],
    },
  });
}

/** The host a service's Ingress serves in an environment (a reserved .test domain). */
export function ingressHost(service: string, env: Environment): string {
  return `${service}.${env}.launchpad.test`;
}

/**
 * Generates the state of one stand-in cluster: for each service a
 * Deployment, its ReplicaSets and Pods, a Service, an Ingress, a ConfigMap,
 * an HPA (2+ replicas), Events, pod metrics and an Argo CD Application,
 * plus each namespace with its LimitRange and ResourceQuota.
 */
export function generateClusterState(
  options: ClusterStateOptions,
): ClusterState {
  const seed = options.seed ?? 'launchpad';
  const g = new Generator(options, seed);
  const repo = options.imageRepository ?? 'launchpad';
  const podsPerService = options.podsPerService ?? 3;
  const names = new Set<string>();
  const plans: ServicePlan[] = options.services.map(s => {
    const spec = typeof s === 'string' ? { name: s } : s;
    if (
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.name) ||
      spec.name.length > 50
    ) {
      throw new Error(
        `generateClusterState: "${spec.name}" is not a valid service name (lowercase DNS label, at most 50 characters)`,
      );
    }
    if (names.has(spec.name))
      throw new Error(
        `generateClusterState: service "${spec.name}" is listed twice`,
      );
    names.add(spec.name);
    const tags = imageTags(seed, spec.name)[options.env];
    return {
      name: spec.name,
      namespace: spec.namespace ?? options.namespace ?? spec.name,
      replicas: spec.replicas ?? podsPerService,
      crashLooping: options.crashLooping?.includes(spec.name) ?? false,
      readinessFailing: options.readinessFailing?.includes(spec.name) ?? false,
      outOfSync: options.outOfSync?.includes(spec.name) ?? false,
      sidecar: options.sidecars?.includes(spec.name) ?? false,
      image: `${repo}/${spec.name}:${tags.current}`,
      previousImage: `${repo}/${spec.name}:${tags.previous}`,
      tag: tags.current,
    };
  });
  for (const list of [
    options.crashLooping,
    options.readinessFailing,
    options.outOfSync,
    options.sidecars,
  ]) {
    const unknown = (list ?? []).filter(n => !names.has(n));
    if (unknown.length)
      throw new Error(
        `generateClusterState: unknown services ${unknown.join(', ')}`,
      );
  }

  g.setupNodes(plans.reduce((n, p) => n + p.replicas, 0));

  // Namespaces, with the LimitRange and ResourceQuota a platform team sets on each.
  const byNamespace = new Map<string, ServicePlan[]>();
  for (const p of plans)
    byNamespace.set(p.namespace, [...(byNamespace.get(p.namespace) ?? []), p]);
  for (const [ns, members] of [...byNamespace].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const createdMs = g.now - 400 * 86_400_000;
    // A namespace that holds a single service belongs to it; a shared one to none.
    const owner: Record<string, string> =
      members.length === 1 ? { [KUBERNETES_ID_LABEL]: members[0].name } : {};
    const labels = {
      'kubernetes.io/metadata.name': ns,
      [ENVIRONMENT_LABEL]: options.env,
      ...owner,
    };
    g.res.namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: g.meta(ns, undefined, createdMs, { labels }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    const podsInNs = members.reduce((n, p) => n + p.replicas, 0);
    g.res.limitranges.push({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: g.meta('default-limits', ns, createdMs, {
        labels: { ...owner },
      }),
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '512Mi' },
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            max: { cpu: '4', memory: '8Gi' },
          },
        ],
      },
    });
    const hard = {
      pods: String(Math.max(20, podsInNs * 4)),
      'requests.cpu': '16',
      'requests.memory': '32Gi',
      'limits.cpu': '32',
      'limits.memory': '64Gi',
    };
    g.res.resourcequotas.push({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: g.meta('compute', ns, createdMs, { labels: { ...owner } }),
      spec: { hard },
      status: { hard, used: { pods: String(podsInNs) } },
    });
  }

  for (const plan of plans) generateService(g, plan);

  return { env: options.env, generatedAt: iso(g.now), seed, resources: g.res };
}
