import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityReport,
  InitiativesReport,
  OrphansReport,
  TeamReport,
  TeamsReport,
  TeamTrendReport,
} from './types';

/** Reads scores from the scorecards backend. */
export interface ScorecardsApi {
  /** The entity's scores, or undefined when it has not been scored yet. */
  getEntityScorecards(
    entity: CompoundEntityRef,
  ): Promise<EntityReport | undefined>;
  /** A team's roll-up over its subtree (without the trend). */
  getTeam(teamRef: string): Promise<TeamReport>;
  /** A team's level distribution per day. */
  getTeamTrend(
    teamRef: string,
    options?: { days?: number },
  ): Promise<TeamTrendReport>;
  /** The top-level teams of the org tree with their sub-teams. */
  getTeams(): Promise<TeamsReport>;
  /** Initiatives with their progress: of everyone, or of a team's subtree. */
  getInitiatives(options?: {
    teamRef?: string;
    days?: number;
  }): Promise<InitiativesReport>;
  /** Entities without an owner, with a missing owner or an owner group without members. */
  getOrphans(): Promise<OrphansReport>;
}

export const scorecardsApiRef = createApiRef<ScorecardsApi>({
  id: 'plugin.scorecards.api',
});

function teamPath(teamRef: string) {
  const ref = parseEntityRef(teamRef, {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  return `teams/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
    ref.name,
  )}`;
}

export class ScorecardsClient implements ScorecardsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('scorecards');
    const res = await this.deps.fetchApi.fetch(`${base}/${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  async getEntityScorecards(entity: CompoundEntityRef) {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/');
    try {
      return await this.get<EntityReport>(`entities/${path}`);
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  getTeam(teamRef: string) {
    return this.get<TeamReport>(teamPath(teamRef));
  }

  getTeamTrend(teamRef: string, options: { days?: number } = {}) {
    return this.get<TeamTrendReport>(
      `${teamPath(teamRef)}/trend?days=${options.days ?? 90}`,
    );
  }

  getTeams() {
    return this.get<TeamsReport>('teams');
  }

  getInitiatives(options: { teamRef?: string; days?: number } = {}) {
    const days = `days=${options.days ?? 90}`;
    return this.get<InitiativesReport>(
      options.teamRef
        ? `${teamPath(options.teamRef)}/initiatives?${days}`
        : `initiatives?${days}`,
    );
  }

  getOrphans() {
    return this.get<OrphansReport>('orphans');
  }
}
