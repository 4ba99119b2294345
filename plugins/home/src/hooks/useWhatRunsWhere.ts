import { useApi } from '@backstage/core-plugin-api';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the environments plugin's API ref; it has no -react package to hold it yet
import { kubernetesEnvironmentsApiRef } from '@internal/plugin-kubernetes-environments';
import useAsync from 'react-use/esm/useAsync';
import { compoundRef } from './useTeamServices';

/** One service's "what runs where" rows (one per environment). */
export function useWhatRunsWhere(entityRef: string, enabled: boolean) {
  const api = useApi(kubernetesEnvironmentsApiRef);
  return useAsync(async () => {
    if (!enabled) return undefined;
    const response = await api.getEnvironments(compoundRef(entityRef));
    return response.comparison;
  }, [api, entityRef, enabled]);
}
