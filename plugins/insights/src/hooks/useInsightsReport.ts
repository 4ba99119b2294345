import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { insightsApiRef } from '../api/InsightsClient';
import type { ReportQuery } from '../api/types';

/** The insights report for the filters. */
export function useInsightsReport(query: ReportQuery) {
  const api = useApi(insightsApiRef);
  return useAsync(
    () => api.getReport(query),
    [api, query.days, query.team, query.template],
  );
}
