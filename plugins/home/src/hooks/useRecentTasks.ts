import { useApi } from '@backstage/core-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';

/** The golden-path runs I started, newest first. */
export function useRecentTasks(limit = 5) {
  const api = useApi(scaffolderApiRef);
  return useAsync(async () => {
    const { tasks } = await api.listTasks({
      filterByOwnership: 'owned',
      limit,
    });
    return [...tasks]
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
      .slice(0, limit);
  }, [api, limit]);
}
