import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ClusterObjects,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
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
  view(entityRef: string, credentials: BackstageCredentials): Promise<EnvironmentsResponse>;
  logs(
    entityRef: string,
    request: PodLogsRequest,
    credentials: BackstageCredentials,
  ): Promise<PodLogsResponse>;
}

/** The objects kinds whose Warning events are shown. */
const EVENT_SOURCES = ['pods', 'replicasets', 'deployments', 'horizontalpodautoscalers', 'services', 'ingresses'];

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
  fetch?: typeof fetch;
}): KubernetesEnvironmentsService {
  const { clusters, clusterClient, catalog, auth, discovery, permissions } = deps;
  const doFetch = deps.fetch ?? fetch;
  const byName = new Map(clusters.clusters.map(c => [c.name, c]));

  async function entityWithKubernetes(entityRef: string, credentials: BackstageCredentials) {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const annotations = entity.metadata.annotations ?? {};
    if (!annotations[KUBERNETES_ANNOTATION] && !annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]) {
      throw new NotFoundError(
        `${entityRef} has no ${KUBERNETES_ANNOTATION} or ${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION} annotation, so it has nothing in Kubernetes to show`,
      );
    }
    return entity;
  }

  /** Backstage's Kubernetes backend's objects for the entity, asked on behalf of the user. */
  async function objectsOf(entityRef: string, credentials: BackstageCredentials) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'kubernetes',
    });
    const baseUrl = await discovery.getBaseUrl('kubernetes');
    const res = await doFetch(`${baseUrl}/resources/workloads/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
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
          const all = await clusterClient.warningEvents(cluster, own.namespaces);
          events.set(
            item.cluster.name,
            all.filter(e => own.names.has((e.involvedObject ?? e.regarding)?.name)),
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
      const items = await objectsOf(ref, credentials);
      const { events, eventErrors } = await warningEvents(items);
      return buildEnvironmentView({
        entityRef: ref,
        environments: clusters.environments,
        environmentOf: clusters.environmentOf,
        items,
        events,
        eventErrors,
      });
    },

    async logs(entityRef, request, credentials) {
      const entity = await entityWithKubernetes(entityRef, credentials);
      const ref = stringifyEntityRef(entity);
      const [decision] = await permissions.authorize(
        [{ permission: kubernetesLogsReadPermission, resourceRef: ref }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Only the owners of ${ref} (and platform admins) can read its logs`,
        );
      }
      const cluster = byName.get(request.cluster);
      if (!cluster) {
        throw new NotFoundError(`No cluster named ${request.cluster} is configured`);
      }
      // Only pods of this entity: the objects Backstage's Kubernetes backend
      // selects for it, not any pod a caller names.
      const items = await objectsOf(ref, credentials);
      const pod = (items
        .find(i => i.cluster.name === request.cluster)
        ?.resources.find(r => r.type === 'pods')?.resources as KubeJson[] | undefined)?.find(
        p => p.metadata?.name === request.pod && p.metadata?.namespace === request.namespace,
      );
      if (!pod) {
        throw new NotFoundError(
          `${ref} has no pod ${request.namespace}/${request.pod} in cluster ${request.cluster}`,
        );
      }
      const containers: string[] = (pod.spec?.containers ?? []).map((c: KubeJson) => c.name);
      const container = request.container ?? containers[0];
      if (!containers.includes(container)) {
        throw new InputError(
          `Pod ${request.pod} has no container ${container}; it has ${containers.join(', ')}`,
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
