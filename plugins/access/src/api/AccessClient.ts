import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The policy's answer to "may I, and if not why?" (POST /api/permission/launchpad/explain). */
export interface AccessDecision {
  decisionId: string;
  result: 'ALLOW' | 'DENY';
  permission: string;
  rule: string;
  who: string;
  askWhom: string[];
  message: string;
}

/** Asks the portal's permission policy what the signed-in user may do. */
export interface AccessApi {
  explain(request: {
    permission: string;
    resourceRef?: string;
  }): Promise<AccessDecision>;
}

export const accessApiRef = createApiRef<AccessApi>({
  id: 'plugin.access.api',
});

export class AccessClient implements AccessApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async explain(request: {
    permission: string;
    resourceRef?: string;
  }): Promise<AccessDecision> {
    const base = await this.deps.discoveryApi.getBaseUrl('permission');
    const res = await this.deps.fetchApi.fetch(`${base}/launchpad/explain`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as AccessDecision;
  }
}
