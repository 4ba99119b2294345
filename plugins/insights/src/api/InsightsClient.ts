import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { InsightsReport, ReportQuery } from './types';

/** Reads the platform insights. */
export interface InsightsApi {
  getReport(query?: ReportQuery): Promise<InsightsReport>;
}

export const insightsApiRef = createApiRef<InsightsApi>({
  id: 'plugin.insights.api',
});

/** {@link InsightsApi} over the insights backend's REST API. */
export class InsightsClient implements InsightsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getReport(query: ReportQuery = {}): Promise<InsightsReport> {
    const params = new URLSearchParams();
    if (query.days) params.set('days', String(query.days));
    if (query.team) params.set('team', query.team);
    if (query.template) params.set('template', query.template);
    const base = await this.deps.discoveryApi.getBaseUrl('insights');
    const res = await this.deps.fetchApi.fetch(`${base}/report?${params}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as InsightsReport;
  }
}
