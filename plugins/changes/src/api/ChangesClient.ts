import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ChangeProposal,
  ChangeProposalDetails,
  ChangeStatus,
} from './types';

/** A repository of the portal's git host. */
export interface GitRepoRef {
  org: string;
  name: string;
}

/** Change proposals of the portal's git host (plugin id `git`). */
export interface ChangesApi {
  /** The git host's base URL (`<backend>/api/git`), to recognise its repositories. */
  getGitBaseUrl(): Promise<string>;
  listChanges(
    repo: GitRepoRef,
    status?: ChangeStatus,
  ): Promise<ChangeProposal[]>;
  getChange(id: string): Promise<ChangeProposalDetails>;
  mergeChange(id: string): Promise<ChangeProposal>;
  closeChange(id: string): Promise<ChangeProposal>;
}

export const changesApiRef = createApiRef<ChangesApi>({
  id: 'plugin.changes.api',
});

export class ChangesClient implements ChangesApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getGitBaseUrl() {
    return this.deps.discoveryApi.getBaseUrl('git');
  }

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.getGitBaseUrl();
    const res = await this.deps.fetchApi.fetch(`${base}/${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  async listChanges(repo: GitRepoRef, status?: ChangeStatus) {
    const query = status ? `?status=${encodeURIComponent(status)}` : '';
    const { items } = await this.call<{ items: ChangeProposal[] }>(
      `repos/${encodeURIComponent(repo.org)}/${encodeURIComponent(
        repo.name,
      )}/changes${query}`,
    );
    return items;
  }

  getChange(id: string) {
    return this.call<ChangeProposalDetails>(
      `changes/${encodeURIComponent(id)}`,
    );
  }

  mergeChange(id: string) {
    return this.call<ChangeProposal>(
      `changes/${encodeURIComponent(id)}/merge`,
      { method: 'POST' },
    );
  }

  closeChange(id: string) {
    return this.call<ChangeProposal>(
      `changes/${encodeURIComponent(id)}/close`,
      { method: 'POST' },
    );
  }
}
