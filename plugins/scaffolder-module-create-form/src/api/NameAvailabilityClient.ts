import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  describeNameLookup,
  type NameAvailability,
} from '../domain/nameAvailability';

/** Options for {@link NameAvailabilityClient}. */
export interface NameAvailabilityClientOptions {
  discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  fetchApi: Pick<FetchApi, 'fetch'>;
}

/**
 * Asks the catalog (an entity of that name in the default namespace, any
 * kind: what launchpad:publish refuses) and the portal's git host
 * (`GET /api/git/repos/:team/:name`, 404 = free) whether a name is free.
 * Callers pass a name that already matches the form's pattern.
 */
export class NameAvailabilityClient {
  constructor(private readonly options: NameAvailabilityClientOptions) {}

  async check(
    input: { name: string; team?: string },
    signal?: AbortSignal,
  ): Promise<NameAvailability> {
    const { name, team } = input;
    try {
      const [catalogMatches, repositoryExists] = await Promise.all([
        this.catalogMatches(name, signal),
        team ? this.repositoryExists(team, name, signal) : undefined,
      ]);
      return describeNameLookup({
        name,
        team,
        catalogMatches,
        repositoryExists,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      return {
        status: 'unknown',
        message: `Could not check whether "${name}" is free (${
          (error as Error).message
        }); it is checked again when the repository is created.`,
      };
    }
  }

  private async catalogMatches(
    name: string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const base = await this.options.discoveryApi.getBaseUrl('catalog');
    const query = new URLSearchParams({
      filter: `metadata.namespace=default,metadata.name=${name}`,
      fields: 'kind,metadata.name',
      limit: '5',
    });
    const response = await this.options.fetchApi.fetch(
      `${base}/entities/by-query?${query}`,
      { signal },
    );
    if (!response.ok) {
      throw new Error(`the catalog answered ${response.status}`);
    }
    const body = (await response.json()) as {
      items?: Array<{ kind?: string; metadata?: { name?: string } }>;
    };
    return (body.items ?? []).map(
      e =>
        `${String(e.kind ?? 'entity').toLocaleLowerCase('en-US')}:default/${
          e.metadata?.name ?? name
        }`,
    );
  }

  private async repositoryExists(
    team: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const base = await this.options.discoveryApi.getBaseUrl('git');
    const response = await this.options.fetchApi.fetch(
      `${base}/repos/${encodeURIComponent(team)}/${encodeURIComponent(name)}`,
      { signal, headers: { Accept: 'application/json' } },
    );
    if (response.status === 404) return false;
    if (response.ok) return true;
    throw new Error(`the git host answered ${response.status}`);
  }
}
