/** The environments a Launchpad cluster can serve. */
export type Environment = 'dev' | 'stage' | 'prod';

/** metadata of a Kubernetes object, as much of it as the stand-in fills in. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  [key: string]: unknown;
}

/**
 * A Kubernetes object as JSON. The generator fills in full objects; the
 * schema tests validate them with kubernetes-models.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: any;
}

/**
 * Everything one stand-in cluster serves, per resource (the plural of its
 * REST path). Pod logs are not stored: they are derived from the pod (see
 * podLog in logs.ts).
 */
export interface ClusterResources {
  namespaces: KubeObject[];
  pods: KubeObject[];
  services: KubeObject[];
  configmaps: KubeObject[];
  limitranges: KubeObject[];
  resourcequotas: KubeObject[];
  events: KubeObject[];
  deployments: KubeObject[];
  replicasets: KubeObject[];
  statefulsets: KubeObject[];
  daemonsets: KubeObject[];
  horizontalpodautoscalers: KubeObject[];
  ingresses: KubeObject[];
  jobs: KubeObject[];
  cronjobs: KubeObject[];
  /** metrics.k8s.io/v1beta1 PodMetrics, as metrics-server reports them */
  podmetrics: KubeObject[];
  /** Argo CD argoproj.io/v1alpha1 Applications (a custom resource) */
  applications: KubeObject[];
}

export type ResourceName = keyof ClusterResources;

/** The state of one stand-in cluster. */
export interface ClusterState {
  env: Environment;
  /** The "now" the timestamps were generated against (ISO 8601). */
  generatedAt: string;
  /** Seed used for names, uids, numbers and logs. */
  seed: string;
  resources: ClusterResources;
}
