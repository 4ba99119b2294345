import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { changesApiRef } from '../api/ChangesClient';
import { gitHostRepoOf } from '../domain/gitHostRepo';

/** The current entity's repository on the git host and its change proposals (every status). */
export function useRepoChanges() {
  const { entity } = useEntity();
  const api = useApi(changesApiRef);
  return useAsyncRetry(async () => {
    const repo = gitHostRepoOf(entity, await api.getGitBaseUrl());
    if (!repo) return { repo: undefined, items: [] };
    return { repo, items: await api.listChanges(repo) };
  }, [api, entity]);
}
