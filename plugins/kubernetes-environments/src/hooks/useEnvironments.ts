import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { kubernetesLogsReadPermission } from '@internal/plugin-kubernetes-environments-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  kubernetesEnvironmentsApiRef,
  type PodLogsQuery,
} from '../api/KubernetesEnvironmentsClient';

/** The current entity's objects per environment; `retry` reloads them. */
export function useEnvironments() {
  const { entity } = useEntity();
  const api = useApi(kubernetesEnvironmentsApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getEnvironments(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}

/**
 * Whether the signed-in user may read the current entity's logs, and when
 * not, the sentence to show where the Logs button is: who may, and whom to
 * ask. (The server decides by the owner of each pod's workload; this is the
 * usual case, where that is the entity itself.)
 */
export function useCanReadLogs(): {
  allowed: boolean;
  loading: boolean;
  refusal?: string;
} {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const decision = usePermission({
    permission: kubernetesLogsReadPermission,
    resourceRef: ref,
  });
  if (decision.allowed || decision.loading) return decision;
  const owner =
    typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;
  return {
    ...decision,
    refusal: `Only the owners of ${ref}${
      owner ? ` (${owner})` : ''
    } and platform admins can read the logs of its pods. Ask ${
      owner ?? 'its owners'
    } for access.`,
  };
}

/**
 * The server's sentence when it refused the logs (403: not the workload's
 * owner; 409: two entities claim its kubernetes-id), to show inline.
 */
export function logsRefusal(error: Error | undefined): string | undefined {
  // By name, not instanceof: the error may come from another copy of @backstage/errors
  if (error?.name !== 'ResponseError') return undefined;
  const { statusCode, body } = error as ResponseError;
  if (statusCode !== 403 && statusCode !== 409) return undefined;
  return body?.error?.message ?? error.message;
}

/** One container's log, loaded when `query` is set; `refusal` when the server said no. */
export function usePodLogs(query: PodLogsQuery | undefined) {
  const { entity } = useEntity();
  const api = useApi(kubernetesEnvironmentsApiRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    async () => (query ? api.getPodLogs(ref, query) : undefined),
    [api, ref.kind, ref.namespace, ref.name, JSON.stringify(query)],
  );
  return { ...state, refusal: logsRefusal(state.error) };
}
