import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { auditApiRef } from '../api/AuditClient';

/** Walks the hash chain on demand. */
export function useChainVerification() {
  const api = useApi(auditApiRef);
  return useAsyncFn(() => api.verify(), [api]);
}
