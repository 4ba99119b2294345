import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityScorecardsResponse } from './types';

/** Reads scores from the scorecards backend. */
export interface ScorecardsApi {
  /** The entity's scores, or undefined when it has not been scored yet. */
  getEntityScorecards(entity: CompoundEntityRef): Promise<EntityScorecardsResponse | undefined>;
}

export const scorecardsApiRef = createApiRef<ScorecardsApi>({ id: 'plugin.scorecards.api' });

export class ScorecardsClient implements ScorecardsApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getEntityScorecards(entity: CompoundEntityRef) {
    const base = await this.deps.discoveryApi.getBaseUrl('scorecards');
    const path = [entity.kind, entity.namespace, entity.name].map(encodeURIComponent).join('/');
    const res = await this.deps.fetchApi.fetch(`${base}/entities/${path}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as EntityScorecardsResponse;
  }
}
