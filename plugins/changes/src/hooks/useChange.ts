import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { changesApiRef } from '../api/ChangesClient';

/** A change proposal with its diff; `retry` reloads it. */
export function useChange(id: string) {
  const api = useApi(changesApiRef);
  return useAsyncRetry(() => api.getChange(id), [api, id]);
}

/**
 * The catalog entity registered from the repository's catalog-info.yaml:
 * the resource the git host asks the permission policy about. Undefined
 * when no entity claims the repository (then only platform admins may).
 */
export function useRepoEntityRef(org?: string, name?: string) {
  const changes = useApi(changesApiRef);
  const catalog = useApi(catalogApiRef);
  return useAsyncRetry(async () => {
    if (!org || !name) return undefined;
    const base = await changes.getGitBaseUrl();
    const location = `url:${base}/${org}/${name}/raw/main/catalog-info.yaml`;
    const { items } = await catalog.getEntities({
      filter: {
        'metadata.annotations.backstage.io/managed-by-location': location,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return items.length ? stringifyEntityRef(items[0]) : undefined;
  }, [changes, catalog, org, name]);
}

/** The sentence to show for a refused or failed action: the server's own, by status. */
export function actionErrorMessage(action: string, error: unknown): string {
  if (error instanceof ResponseError) {
    const message = error.body?.error?.message ?? error.message;
    if (error.statusCode === 403)
      return `You may not ${action} this change: ${message}`;
    if (error.statusCode === 409)
      return `This change cannot be ${
        action === 'merge' ? 'merged' : 'closed'
      } now: ${message}. Reload the page to see where it stands.`;
    if (error.statusCode === 404) return `This change is gone: ${message}`;
    return `Could not ${action} this change (${error.statusCode}): ${message}`;
  }
  return `Could not ${action} this change: ${
    error instanceof Error ? error.message : String(error)
  }`;
}

/** Merge or close: the running action, the last error, and the functions. */
export function useChangeActions(id: string, onDone: () => void) {
  const api = useApi(changesApiRef);
  const [running, setRunning] = useState<'merge' | 'close' | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = useCallback(
    async (action: 'merge' | 'close') => {
      setRunning(action);
      setError(undefined);
      try {
        await (action === 'merge' ? api.mergeChange(id) : api.closeChange(id));
        onDone();
      } catch (e) {
        setError(actionErrorMessage(action, e));
      } finally {
        setRunning(undefined);
      }
    },
    [api, id, onDone],
  );
  return { running, error, run };
}
