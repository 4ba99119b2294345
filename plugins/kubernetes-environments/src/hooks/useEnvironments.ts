import { getCompoundEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { kubernetesLogsReadPermission } from '@internal/plugin-kubernetes-environments-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { kubernetesEnvironmentsApiRef, type PodLogsQuery } from '../api/KubernetesEnvironmentsClient';

/** The current entity's objects per environment; `retry` reloads them. */
export function useEnvironments() {
  const { entity } = useEntity();
  const api = useApi(kubernetesEnvironmentsApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(() => api.getEnvironments(ref), [api, ref.kind, ref.namespace, ref.name]);
}

/** Whether the signed-in user may read the current entity's logs. */
export function useCanReadLogs() {
  const { entity } = useEntity();
  return usePermission({
    permission: kubernetesLogsReadPermission,
    resourceRef: stringifyEntityRef(entity),
  });
}

/** One container's log, loaded when `query` is set. */
export function usePodLogs(query: PodLogsQuery | undefined) {
  const { entity } = useEntity();
  const api = useApi(kubernetesEnvironmentsApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => (query ? api.getPodLogs(ref, query) : undefined),
    [api, ref.kind, ref.namespace, ref.name, JSON.stringify(query)],
  );
}
