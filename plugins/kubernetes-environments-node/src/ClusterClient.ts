import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ConfiguredCluster } from './readClusters';

/** A Kubernetes object as JSON. */
export type KubeJson = Record<string, any>;

/** What the portal reads from a cluster itself (Backstage's Kubernetes backend reads the rest). */
export interface ClusterClient {
  /**
   * Deployments and HorizontalPodAutoscalers of the whole cluster that carry
   * a label (any value), e.g. `backstage.io/kubernetes-id`: two list calls
   * for every component at once.
   */
  labelledWorkloads(
    cluster: ConfiguredCluster,
    label: string,
  ): Promise<{ deployments: KubeJson[]; horizontalPodAutoscalers: KubeJson[] }>;
  /** Warning events in the given namespaces. */
  warningEvents(
    cluster: ConfiguredCluster,
    namespaces: string[],
  ): Promise<KubeJson[]>;
  /** The last lines of one container's log. */
  podLog(
    cluster: ConfiguredCluster,
    request: {
      namespace: string;
      pod: string;
      container: string;
      tailLines: number;
      previous: boolean;
    },
  ): Promise<string>;
}

type ClientNode = typeof import('@kubernetes/client-node');

/**
 * Loads @kubernetes/client-node (ESM only) the way Backstage's Kubernetes
 * backend does, with a dynamic import on first use.
 */
let clientNode: Promise<ClientNode> | undefined;
const loadClientNode = () => (clientNode ??= import('@kubernetes/client-node'));

/** Rejects with a ServiceUnavailableError once `ms` passed; the late request's answer is dropped. */
async function within<T>(
  cluster: string,
  ms: number,
  work: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceUnavailableError(
            `Cluster ${cluster} did not answer within ${ms / 1000} s`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Kubernetes `Status` message of a failed request, when it has one. */
function statusMessage(body: unknown): string | undefined {
  try {
    const status = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof status?.message === 'string' ? status.message : undefined;
  } catch {
    return typeof body === 'string' && body ? body.slice(0, 300) : undefined;
  }
}

/** Maps a client-node failure to the portal's errors, saying which cluster. */
function clusterError(cluster: string, e: unknown): Error {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number') {
    const message = `Cluster ${cluster}: ${
      statusMessage((e as { body?: unknown }).body) ?? `HTTP ${code}`
    }`;
    if (code === 404) return new NotFoundError(message);
    if (code === 400) return new InputError(message);
    if (code === 401 || code === 403)
      return new ServiceUnavailableError(
        `${message} (the cluster refused the portal's credentials: check its service account token)`,
      );
    return new ServiceUnavailableError(message);
  }
  if (e instanceof ServiceUnavailableError) return e;
  return new ServiceUnavailableError(
    `Cluster ${cluster} could not be reached: ${
      (e as Error)?.message ?? String(e)
    }`,
  );
}

/**
 * Talks to clusters with @kubernetes/client-node, with the service account
 * token from app-config, bounded by the per-cluster timeout.
 */
export function createClusterClient(options: {
  timeoutMs: number;
}): ClusterClient {
  const { timeoutMs } = options;

  async function kubeConfig(cluster: ConfiguredCluster) {
    if (cluster.authProvider && cluster.authProvider !== 'serviceAccount') {
      throw new ServiceUnavailableError(
        `Cluster ${cluster.name} uses the ${cluster.authProvider} auth provider; events and logs need a service account token (authProvider: serviceAccount)`,
      );
    }
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify,
          ...(cluster.caData && { caData: cluster.caData }),
        },
      ],
      users: [{ name: 'backstage', token: cluster.serviceAccountToken }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: 'backstage' },
      ],
      currentContext: cluster.name,
    });
    return { k8s, kc };
  }

  async function coreApi(cluster: ConfiguredCluster) {
    const { k8s, kc } = await kubeConfig(cluster);
    return kc.makeApiClient(k8s.CoreV1Api);
  }

  async function call<T>(
    cluster: ConfiguredCluster,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await within(cluster.name, timeoutMs, work());
    } catch (e) {
      throw clusterError(cluster.name, e);
    }
  }

  return {
    async labelledWorkloads(cluster, label) {
      const { k8s, kc } = await kubeConfig(cluster);
      const apps = kc.makeApiClient(k8s.AppsV1Api);
      const autoscaling = kc.makeApiClient(k8s.AutoscalingV2Api);
      const [deployments, hpas] = await call(cluster, () =>
        Promise.all([
          apps.listDeploymentForAllNamespaces({ labelSelector: label }),
          autoscaling.listHorizontalPodAutoscalerForAllNamespaces({
            labelSelector: label,
          }),
        ]),
      );
      return {
        deployments: deployments.items as unknown as KubeJson[],
        horizontalPodAutoscalers: hpas.items as unknown as KubeJson[],
      };
    },

    async warningEvents(cluster, namespaces) {
      const api = await coreApi(cluster);
      const lists = await call(cluster, () =>
        Promise.all(
          namespaces.map(namespace =>
            api.listNamespacedEvent({
              namespace,
              fieldSelector: 'type=Warning',
            }),
          ),
        ),
      );
      return lists.flatMap(l => l.items as unknown as KubeJson[]);
    },

    async podLog(cluster, request) {
      const api = await coreApi(cluster);
      return call(cluster, () =>
        api.readNamespacedPodLog({
          name: request.pod,
          namespace: request.namespace,
          container: request.container,
          tailLines: request.tailLines,
          previous: request.previous,
        }),
      );
    },
  };
}
