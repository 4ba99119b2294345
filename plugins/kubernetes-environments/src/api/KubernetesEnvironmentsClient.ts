import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EnvironmentsResponse,
  PodLogsResponse,
} from '@internal/plugin-kubernetes-environments-common';

/** Which container's log to read. */
export interface PodLogsQuery {
  cluster: string;
  namespace: string;
  pod: string;
  container?: string;
  previous?: boolean;
  tailLines?: number;
}

/** Reads a component's Kubernetes objects per environment, and pod logs. */
export interface KubernetesEnvironmentsApi {
  getEnvironments(entity: CompoundEntityRef): Promise<EnvironmentsResponse>;
  getPodLogs(
    entity: CompoundEntityRef,
    query: PodLogsQuery,
  ): Promise<PodLogsResponse>;
}

export const kubernetesEnvironmentsApiRef =
  createApiRef<KubernetesEnvironmentsApi>({
    id: 'plugin.kubernetes-environments.api',
  });

export class KubernetesEnvironmentsClient implements KubernetesEnvironmentsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(entity: CompoundEntityRef, suffix: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl(
      'kubernetes-environments',
    );
    const path = [entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/');
    const res = await this.deps.fetchApi.fetch(
      `${base}/entities/${path}${suffix}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getEnvironments(entity: CompoundEntityRef) {
    return this.get<EnvironmentsResponse>(entity, '');
  }

  getPodLogs(entity: CompoundEntityRef, query: PodLogsQuery) {
    const params = new URLSearchParams({
      cluster: query.cluster,
      namespace: query.namespace,
      pod: query.pod,
      ...(query.container && { container: query.container }),
      ...(query.previous && { previous: 'true' }),
      ...(query.tailLines && { tailLines: String(query.tailLines) }),
    });
    return this.get<PodLogsResponse>(entity, `/logs?${params}`);
  }
}
