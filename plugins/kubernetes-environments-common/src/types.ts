/**
 * What a component runs in one environment's clusters and in all of them,
 * as `GET /api/kubernetes-environments/entities/:kind/:namespace/:name`
 * returns it.
 *
 * @public
 */
export interface EnvironmentsResponse {
  /** The component, e.g. `component:default/checkout-service`. */
  entityRef: string;
  /** One per configured environment, in the configured order (e.g. dev, stage, prod). */
  environments: EnvironmentView[];
  /** "What runs where": one row per environment, in the same order. */
  comparison: ComparisonRow[];
  /**
   * Set when another catalog entity claims the same
   * `backstage.io/kubernetes-id`: nobody can tell whose the workload is, so
   * its logs stay closed until one of them drops the annotation.
   */
  claimConflict?: KubernetesIdClaimConflict;
}

/**
 * Two or more catalog entities carry the same `backstage.io/kubernetes-id`.
 * A kubernetes-id belongs to exactly one entity: pod logs are authorized
 * against the owner of that entity, so a second claim closes them.
 *
 * @public
 */
export interface KubernetesIdClaimConflict {
  /** The kubernetes-id, as the pods' label carries it. */
  kubernetesId: string;
  /** Every entity claiming it, sorted. */
  entityRefs: string[];
  /** What is wrong and whom to ask, in one sentence. */
  message: string;
}

/**
 * One environment (e.g. prod) and its clusters.
 *
 * @public
 */
export interface EnvironmentView {
  /** The environment's id, e.g. `prod`. */
  environment: string;
  /** Its clusters (usually one). */
  clusters: ClusterView[];
}

/**
 * The component's objects in one cluster.
 *
 * @public
 */
export interface ClusterView {
  /** The cluster's name in app-config. */
  name: string;
  /** The cluster's title in app-config, if any. */
  title?: string;
  /**
   * `ok`: every object type was read; `partial`: some could not be (see
   * errors); `unreachable`: nothing could be read (down, too slow, wrong token).
   */
  status: 'ok' | 'partial' | 'unreachable';
  /** What went wrong talking to the cluster, one sentence each. */
  errors: string[];
  deployments: DeploymentView[];
  /** The Deployments' ReplicaSets, newest revision first: what rolled out, and what ran before. */
  replicaSets: ReplicaSetView[];
  pods: PodView[];
  horizontalPodAutoscalers: HorizontalPodAutoscalerView[];
  services: ServiceView[];
  ingresses: IngressView[];
  /** Argo CD Applications deploying the component to this cluster. */
  applications: ArgoApplicationView[];
  /** Problems found in the objects (CrashLoopBackOff, failing probes, ...), worst first. */
  problems: ProblemView[];
  /** The most recent Warning events about the component's objects, newest first. */
  warningEvents: EventView[];
}

/** @public */
export interface DeploymentView {
  name: string;
  namespace: string;
  /** Container images, e.g. `launchpad/checkout-service:1.4.2`. */
  images: string[];
  /** The tags of those images (the part after the last `:`; `latest` when absent). */
  imageTags: string[];
  replicas: {
    desired: number;
    ready: number;
    available: number;
    updated: number;
  };
  createdAt?: string;
}

/** @public */
export interface ReplicaSetView {
  name: string;
  namespace: string;
  /** The Deployment revision it belongs to (`deployment.kubernetes.io/revision`). */
  revision?: number;
  /** The Deployment that owns it. */
  deployment?: string;
  imageTags: string[];
  replicas: { desired: number; ready: number };
  createdAt?: string;
}

/** @public */
export interface ContainerView {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  /** `running`, `waiting` or `terminated`. */
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** Why it waits or terminated, e.g. `CrashLoopBackOff`, `OOMKilled`. */
  reason?: string;
}

/** @public */
export interface PodView {
  name: string;
  namespace: string;
  /** The pod phase, e.g. `Running`. */
  phase: string;
  /** What `kubectl get pods` would show in STATUS, e.g. `Running`, `CrashLoopBackOff`. */
  status: string;
  /** Containers ready / containers, e.g. `1/2`. */
  ready: string;
  /** Restarts of all its containers. */
  restarts: number;
  /** When the pod started (ISO 8601). */
  startedAt?: string;
  node?: string;
  containers: ContainerView[];
}

/** @public */
export interface HorizontalPodAutoscalerView {
  name: string;
  namespace: string;
  /** The workload it scales, e.g. `Deployment/checkout-service`. */
  target: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** Average CPU utilisation now and the target, in percent, when it scales on CPU. */
  cpu?: { current?: number; target?: number };
}

/** @public */
export interface ServiceView {
  name: string;
  namespace: string;
  type: string;
  clusterIP?: string;
  /** e.g. `80/TCP → 8080` */
  ports: string[];
}

/** @public */
export interface IngressView {
  name: string;
  namespace: string;
  hosts: string[];
}

/** @public */
export interface ArgoApplicationView {
  name: string;
  namespace: string;
  /** `Synced`, `OutOfSync` or `Unknown`. */
  syncStatus: string;
  /** `Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing` or `Unknown`. */
  healthStatus: string;
  /** The git revision last synced. */
  revision?: string;
  repoURL?: string;
  /** Whether Argo CD syncs it by itself. */
  autoSync: boolean;
}

/** @public */
export interface ProblemView {
  /** 1 (minor) to 10 (severe), as Backstage's error detection rates it. */
  severity: number;
  /** The objects' kind, e.g. `Pod`. */
  kind: string;
  /** The first object with this problem. */
  name: string;
  namespace: string;
  /** Every object of the kind with the same problem (e.g. all pods of a crash-looping release). */
  names: string[];
  /** What is wrong with the first of them, e.g. `back-off 5m0s restarting failed container=app`. */
  message: string;
  /** Why it probably happens and what to do, when known. */
  explanation?: string;
  actions: string[];
}

/** @public */
export interface EventView {
  reason: string;
  message: string;
  /** The object it is about, e.g. `Pod/checkout-service-7c9d-abcde`. */
  object: string;
  count: number;
  /** When it was last seen (ISO 8601). */
  lastSeen?: string;
}

/**
 * One environment in the side-by-side comparison.
 *
 * @public
 */
export interface ComparisonRow {
  environment: string;
  /**
   * `ok`: runs and is healthy; `problems`: runs with problems (see
   * problems); `not-deployed`: its clusters answered and have nothing of the
   * component; `unreachable`: no cluster of the environment could be read;
   * `no-clusters`: no cluster is configured for it.
   */
  status: 'ok' | 'problems' | 'not-deployed' | 'unreachable' | 'no-clusters';
  /** Image tags running, across its deployments. */
  imageTags: string[];
  replicas: { ready: number; desired: number };
  /** Restarts of all its pods. */
  restarts: number;
  /** Argo CD sync and health, when an Application deploys it. */
  argo?: { syncStatus: string; healthStatus: string };
  /** Number of problems found. */
  problems: number;
  /** The worst problem in one line, e.g. `2 of 2 pods CrashLoopBackOff`. */
  worstProblem?: string;
}

/**
 * The last lines of one container's log, as
 * `GET /api/kubernetes-environments/entities/:kind/:namespace/:name/logs` returns them.
 *
 * @public
 */
export interface PodLogsResponse {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  /** Whether these are the logs of the previous (crashed) instance of the container. */
  previous: boolean;
  tailLines: number;
  /** The log text, lines separated by `\n`. */
  text: string;
}

/**
 * A configured cluster, without anything secret, as `GET /clusters` returns it.
 *
 * @public
 */
export interface ClusterSummary {
  name: string;
  title?: string;
  environment: string;
}
