import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { RepoRef } from '@internal/plugin-git-hosting-node';

/** A proposal's state on the git host. */
export type ProposalStatus = 'open' | 'merged' | 'closed';

/** What an upgrade proposes: a new branch `launchpad/<slug>` with these files. */
export interface ProposalInput {
  repo: RepoRef;
  slug: string;
  title: string;
  description: string;
  files: Record<string, string>;
  /** The default branch's commit the upgrade was computed on. */
  base: string;
}

/** Opens change proposals and reads their state (the built-in git host; GitHub/GitLab pull requests are not done). */
export interface ChangeProposer {
  propose(
    input: ProposalInput,
    credentials: BackstageCredentials,
  ): Promise<{ id: string; url: string }>;
  status(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ProposalStatus | undefined>;
}

/**
 * The git host's change proposals over its HTTP API, on behalf of the user
 * who asked for the upgrade: the git host checks again that they may open
 * proposals on the repository, and audits it.
 */
export class GitHostChangeProposer implements ChangeProposer {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** The git host's public base (gitBaseUrl), whose /changes/:id is the change page. */
      gitBaseUrl: string;
      fetch?: typeof fetch;
    },
  ) {}

  private async call(
    path: string,
    credentials: BackstageCredentials,
    init: RequestInit = {},
  ) {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'git',
    });
    const base = await this.deps.discovery.getBaseUrl('git');
    const response = await (this.deps.fetch ?? fetch)(`${base}${path}`, {
      ...init,
      headers: {
        ...(init.headers ?? {}),
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });
    return response;
  }

  async propose(input: ProposalInput, credentials: BackstageCredentials) {
    const response = await this.call(
      `/repos/${encodeURIComponent(input.repo.org)}/${encodeURIComponent(
        input.repo.name,
      )}/changes`,
      credentials,
      {
        method: 'POST',
        body: JSON.stringify({
          slug: input.slug,
          title: input.title,
          description: input.description,
          files: input.files,
          base: input.base,
        }),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as { id: string };
    return {
      id: body.id,
      url: `${this.deps.gitBaseUrl.replace(
        /\/+$/,
        '',
      )}/changes/${encodeURIComponent(body.id)}`,
    };
  }

  async status(id: string, credentials: BackstageCredentials) {
    const response = await this.call(
      `/changes/${encodeURIComponent(id)}`,
      credentials,
    );
    if (response.status === 404 || response.status === 403) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return ((await response.json()) as { status: ProposalStatus }).status;
  }
}
