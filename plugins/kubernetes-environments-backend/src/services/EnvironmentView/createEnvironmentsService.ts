import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ClusterObjects,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
  kubernetesProxyPermission,
} from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type ClusterSummary,
  type EnvironmentsResponse,
  kubernetesLogsReadPermission,
  type PodLogsResponse,
} from '@internal/plugin-kubernetes-environments-common';
import type {
  ClusterClient,
  ClusterEnvironments,
  KubeJson,
} from '@internal/plugin-kubernetes-environments-node';
import { createWorkloadOwnership } from '../WorkloadOwnership/createWorkloadOwnership';
import { buildEnvironmentView } from './buildEnvironmentView';

/** A request for the last lines of one container's log. */
export interface PodLogsRequest {
  cluster: string;
  namespace: string;
  pod: string;
  /** Defaults to the pod's only (or first) container. */
  container?: string;
  tailLines: number;
  previous: boolean;
}

/** The plugin's domain: environment views and logs of catalog entities. */
export interface KubernetesEnvironmentsService {
  clusters(): ClusterSummary[];
  view(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EnvironmentsResponse>;
  logs(
    entityRef: string,
    request: PodLogsRequest,
    credentials: BackstageCredentials,
  ): Promise<PodLogsResponse>;
}

/** The objects kinds whose Warning events are shown. */
const EVENT_SOURCES = [
  'pods',
  'replicasets',
  'deployments',
  'horizontalpodautoscalers',
  'services',
  'ingresses',
];

function ownObjects(item: ClusterObjects) {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const r of item.resources) {
    if (!EVENT_SOURCES.includes(r.type)) continue;
    for (const o of r.resources as KubeJson[]) {
      names.add(o.metadata?.name);
      if (o.metadata?.namespace) namespaces.add(o.metadata.namespace);
    }
  }
  return { names, namespaces: [...namespaces].sort() };
}

export function createEnvironmentsService(deps: {
  clusters: ClusterEnvironments;
  clusterClient: ClusterClient;
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  permissions: PermissionsService;
  logger: LoggerService;
  fetch?: typeof fetch;
}): KubernetesEnvironmentsService {
  const {
    clusters,
    clusterClient,
    catalog,
    auth,
    discovery,
    permissions,
    logger,
  } = deps;
  const doFetch = deps.fetch ?? fetch;
  const byName = new Map(clusters.clusters.map(c => [c.name, c]));
  const ownership = createWorkloadOwnership({ catalog, auth, logger });

  /** Whether the caller may use Backstage's raw Kubernetes proxy: whoever may reach any pod anyway. */
  async function mayReachAnyPod(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: kubernetesProxyPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Logs are authorized against the owner of the WORKLOAD, not the entity in
   * the URL: anyone can register a component whose annotations select
   * another team's pods. The pod's `backstage.io/kubernetes-id` label names
   * the workload, exactly one catalog entity may claim that id, and the
   * logs permission is checked on that entity.
   */
  async function authorizeWorkloadLogs(
    pod: KubeJson,
    credentials: BackstageCredentials,
  ) {
    const podName = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const kubernetesId: unknown = pod.metadata?.labels?.[KUBERNETES_ANNOTATION];
    if (typeof kubernetesId !== 'string' || kubernetesId === '') {
      if (await mayReachAnyPod(credentials)) return;
      throw new NotAllowedError(
        `Pod ${podName} carries no ${KUBERNETES_ANNOTATION} label, so no catalog entity owns it and nobody can say whose logs these are; only platform admins may read them. Ask the platform team, or label the workload with its component's kubernetes-id`,
      );
    }
    const claim = await ownership.claimOf(kubernetesId);
    if (claim.kind === 'conflict')
      throw new ConflictError(claim.conflict.message);
    if (claim.kind === 'unclaimed') {
      if (await mayReachAnyPod(credentials)) return;
      throw new NotAllowedError(
        `No catalog entity claims kubernetes-id ${kubernetesId} (the label of pod ${podName}), so nobody can say whose logs these are; only platform admins may read them. Ask the platform team`,
      );
    }
    const [decision] = await permissions.authorize(
      [
        {
          permission: kubernetesLogsReadPermission,
          resourceRef: claim.entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const owner =
        typeof claim.entity.spec?.owner === 'string'
          ? claim.entity.spec.owner
          : undefined;
      throw new NotAllowedError(
        `Only the owners of ${claim.entityRef}${
          owner ? ` (${owner})` : ''
        } and platform admins can read the logs of its pods: pod ${podName} carries its kubernetes-id ${kubernetesId}. Ask ${
          owner ?? 'its owners'
        } for access`,
      );
    }
  }

  async function entityWithKubernetes(
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const annotations = entity.metadata.annotations ?? {};
    if (
      !annotations[KUBERNETES_ANNOTATION] &&
      !annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]
    ) {
      throw new NotFoundError(
        `${entityRef} has no ${KUBERNETES_ANNOTATION} or ${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION} annotation, so it has nothing in Kubernetes to show`,
      );
    }
    return entity;
  }

  /** Backstage's Kubernetes backend's objects for the entity, asked on behalf of the user. */
  async function objectsOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'kubernetes',
    });
    const baseUrl = await discovery.getBaseUrl('kubernetes');
    const res = await doFetch(`${baseUrl}/resources/workloads/query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ entityRef, auth: {} }),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return ((await res.json()) as ObjectsByEntityResponse).items;
  }

  async function warningEvents(items: ClusterObjects[]) {
    const events = new Map<string, KubeJson[]>();
    const eventErrors = new Map<string, string>();
    await Promise.all(
      items.map(async item => {
        const cluster = byName.get(item.cluster.name);
        const own = ownObjects(item);
        if (!cluster || own.namespaces.length === 0) return;
        try {
          const all = await clusterClient.warningEvents(
            cluster,
            own.namespaces,
          );
          events.set(
            item.cluster.name,
            all.filter(e =>
              own.names.has((e.involvedObject ?? e.regarding)?.name),
            ),
          );
        } catch (e) {
          eventErrors.set(item.cluster.name, (e as Error).message);
        }
      }),
    );
    return { events, eventErrors };
  }

  return {
    clusters() {
      return clusters.clusters.map(c => ({
        name: c.name,
        ...(c.title && { title: c.title }),
        environment: clusters.environmentOf.get(c.name) ?? 'unassigned',
      }));
    },

    async view(entityRef, credentials) {
      const entity = await entityWithKubernetes(entityRef, credentials);
      const ref = stringifyEntityRef(entity);
      const kubernetesId = entity.metadata.annotations?.[KUBERNETES_ANNOTATION];
      const [items, claim] = await Promise.all([
        objectsOf(ref, credentials),
        kubernetesId ? ownership.claimOf(kubernetesId) : undefined,
      ]);
      const { events, eventErrors } = await warningEvents(items);
      const view = buildEnvironmentView({
        entityRef: ref,
        environments: clusters.environments,
        environmentOf: clusters.environmentOf,
        clusters: clusters.clusters,
        items,
        events,
        eventErrors,
      });
      return claim?.kind === 'conflict'
        ? { ...view, claimConflict: claim.conflict }
        : view;
    },

    async logs(entityRef, request, credentials) {
      const entity = await entityWithKubernetes(entityRef, credentials);
      const ref = stringifyEntityRef(entity);
      const cluster = byName.get(request.cluster);
      if (!cluster) {
        throw new NotFoundError(
          `No cluster named ${request.cluster} is configured`,
        );
      }
      // Only pods of this entity: the objects Backstage's Kubernetes backend
      // selects for it, not any pod a caller names.
      const items = await objectsOf(ref, credentials);
      const item = items.find(i => i.cluster.name === request.cluster);
      const pod = (
        item?.resources.find(r => r.type === 'pods')?.resources as
          | KubeJson[]
          | undefined
      )?.find(
        p =>
          p.metadata?.name === request.pod &&
          p.metadata?.namespace === request.namespace,
      );
      if (!pod && item?.errors.length) {
        // Not "no such pod" when the cluster could not be asked
        throw new ServiceUnavailableError(
          `Cluster ${
            request.cluster
          } could not list the pods of ${ref}: ${item.errors
            .map(e => ('message' in e && e.message) || e.errorType)
            .join('; ')}`,
        );
      }
      if (!pod) {
        throw new NotFoundError(
          `${ref} has no pod ${request.namespace}/${request.pod} in cluster ${request.cluster}`,
        );
      }
      await authorizeWorkloadLogs(pod, credentials);
      const containers: string[] = (pod.spec?.containers ?? []).map(
        (c: KubeJson) => c.name,
      );
      const container = request.container ?? containers[0];
      if (!containers.includes(container)) {
        throw new InputError(
          `Pod ${
            request.pod
          } has no container ${container}; it has ${containers.join(', ')}`,
        );
      }
      const text = await clusterClient.podLog(cluster, {
        namespace: request.namespace,
        pod: request.pod,
        container,
        tailLines: request.tailLines,
        previous: request.previous,
      });
      return {
        cluster: request.cluster,
        namespace: request.namespace,
        pod: request.pod,
        container,
        previous: request.previous,
        tailLines: request.tailLines,
        text,
      };
    },
  };
}
