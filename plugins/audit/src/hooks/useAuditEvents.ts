import { useApi } from '@backstage/core-plugin-api';
import type {
  AuditEvent,
  AuditEventFilter,
} from '@internal/plugin-audit-common';
import { useCallback, useEffect, useState } from 'react';
import { auditApiRef } from '../api/AuditClient';

export interface AuditEventsState {
  items: AuditEvent[];
  loading: boolean;
  error?: Error;
  /** True while older rows exist beyond the loaded ones. */
  hasMore: boolean;
  loadMore(): void;
}

/** Events matching the filter, newest first, loaded a page at a time. */
export function useAuditEvents(filter: AuditEventFilter): AuditEventsState {
  const api = useApi(auditApiRef);
  const [items, setItems] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const key = JSON.stringify(filter);

  const load = useCallback(
    async (after: string | undefined, replace: boolean) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.listEvents({ ...filter, cursor: after });
        setItems(old => (replace ? page.items : [...old, ...page.items]));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e as Error);
        if (replace) setItems([]);
      } finally {
        setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );

  useEffect(() => {
    load(undefined, true);
  }, [load]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== undefined,
    loadMore: () => {
      if (cursor) load(cursor, false);
    },
  };
}
