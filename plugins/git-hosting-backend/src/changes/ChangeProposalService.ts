import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  changeBranch,
  gitChangesManagePermission,
  type GitRepositoryStore,
  type RepoRef,
  repoUrls,
} from '@internal/plugin-git-hosting-node';
import { randomUUID } from 'node:crypto';
import type { ChangeProposalStore } from './database/ChangeProposalStore';
import type {
  ChangeProposal,
  ChangeProposalDetails,
  ChangeStatus,
  NewChangeProposal,
} from './types';

/** Change proposals on the portal's git host. Credentials are always the caller's. */
export interface ChangeProposalService {
  create(
    input: NewChangeProposal,
    credentials: BackstageCredentials,
  ): Promise<ChangeProposal>;
  list(
    repo: RepoRef,
    status: ChangeStatus | undefined,
  ): Promise<ChangeProposal[]>;
  get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ChangeProposalDetails>;
  merge(id: string, credentials: BackstageCredentials): Promise<ChangeProposal>;
  close(id: string, credentials: BackstageCredentials): Promise<ChangeProposal>;
}

/** Options for {@link createChangeProposalService}. */
export interface ChangeProposalServiceOptions {
  git: GitRepositoryStore;
  proposals: ChangeProposalStore;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** <backend.baseUrl>/api/git */
  baseUrl: string;
  maxDiffBytes: number;
  /** Who the host's commits (the branch's commit, a merge commit) are by. */
  committer: { name: string; email: string };
}

const userRefOf = (credentials: BackstageCredentials): string => {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef)
    throw new NotAllowedError(
      'Change proposals are opened, merged and closed by signed-in users',
    );
  return principal.userEntityRef.toLocaleLowerCase('en-US');
};

/**
 * The domain of change proposals: the branch (real git, via the store), the
 * record (the plugin's database), and who may do what, decided by the
 * permission policy on the repository's catalog entity.
 */
export function createChangeProposalService(
  options: ChangeProposalServiceOptions,
): ChangeProposalService {
  const {
    git,
    proposals,
    catalog,
    auth,
    permissions,
    baseUrl,
    maxDiffBytes,
    committer,
  } = options;

  /** The entities registered from the repository's catalog-info.yaml: its owners are the repository's. */
  async function repoEntities(repo: RepoRef): Promise<Entity[]> {
    const location = `url:${repoUrls(baseUrl, repo).rawUrl(
      'catalog-info.yaml',
    )}`;
    const { items } = await catalog.getEntities(
      {
        filter: {
          'metadata.annotations.backstage.io/managed-by-location': location,
        },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items;
  }

  /**
   * Whether the caller may merge (and open, and close) changes of a
   * repository: the permission on each of its entities; a repository no
   * entity claims, platform admins only (the policy's unconditional answer).
   */
  async function mayManage(
    repo: RepoRef,
    credentials: BackstageCredentials,
  ): Promise<{ allowed: boolean; owners: string[] }> {
    const entities = await repoEntities(repo);
    const owners = [
      ...new Set(
        entities
          .map(e => (e.spec as { owner?: unknown })?.owner)
          .filter((o): o is string => typeof o === 'string'),
      ),
    ];
    if (!entities.length) {
      const [decision] = await permissions.authorizeConditional(
        [{ permission: gitChangesManagePermission }],
        { credentials },
      );
      return { allowed: decision.result === AuthorizeResult.ALLOW, owners };
    }
    const decisions = await permissions.authorize(
      entities.map(e => ({
        permission: gitChangesManagePermission,
        resourceRef: stringifyEntityRef(e),
      })),
      { credentials },
    );
    return {
      allowed: decisions.some(d => d.result === AuthorizeResult.ALLOW),
      owners,
    };
  }

  async function requireManage(
    repo: RepoRef,
    credentials: BackstageCredentials,
    what: string,
  ) {
    const { allowed, owners } = await mayManage(repo, credentials);
    if (!allowed) {
      throw new NotAllowedError(
        `Only the owners of ${repo.org}/${repo.name}'s catalog entity${
          owners.length
            ? ` (${owners.join(', ')})`
            : ' (none is registered from its catalog-info.yaml)'
        } and platform admins may ${what} its change proposals; ask ${
          owners.length ? owners.join(' or ') : 'a platform admin'
        }`,
      );
    }
  }

  async function load(id: string): Promise<ChangeProposal> {
    const proposal = await proposals.get(id);
    if (!proposal) throw new NotFoundError(`No change proposal ${id}`);
    return proposal;
  }

  const repoOf = (p: ChangeProposal): RepoRef => ({ org: p.org, name: p.repo });

  function requireOpen(p: ChangeProposal, what: string) {
    if (p.status !== 'open')
      throw new ConflictError(
        `Change proposal ${p.id} (${p.org}/${p.repo} ${p.branch}) is ${p.status}; only an open one can be ${what}`,
      );
  }

  return {
    async create(input, credentials) {
      const author = userRefOf(credentials);
      const repo = { org: input.org, name: input.repo };
      const branch = changeBranch(input.slug);
      const summary = await git.get(repo); // 404 for a repository that is not there
      await requireManage(repo, credentials, 'open');
      if (!summary.head)
        throw new ConflictError(
          `${repo.org}/${repo.name} is empty: there is nothing to change`,
        );
      const base = input.base ?? summary.head;
      const head = await git.commitFiles(repo, base, input.files, {
        authorName: committer.name,
        authorEmail: committer.email,
        message: `${input.title}\n\n${
          input.description ? `${input.description}\n\n` : ''
        }Proposed-by: ${author}`,
        branch,
        newBranch: true,
      });
      try {
        return await proposals.insert({
          id: randomUUID(),
          org: repo.org,
          repo: repo.name,
          branch,
          baseCommit: base,
          headCommit: head,
          title: input.title,
          description: input.description,
          author,
          createdByTask: input.createdByTask,
        });
      } catch (error) {
        // no branch without its record
        await git.deleteBranch(repo, branch, head).catch(() => undefined);
        throw error;
      }
    },

    async list(repo, status) {
      await git.get(repo); // 404 for a repository that is not there
      return proposals.list(repo.org, repo.name, status);
    },

    async get(id, credentials) {
      const proposal = await load(id);
      const diff = await git.diff(
        repoOf(proposal),
        proposal.baseCommit,
        proposal.headCommit,
        { maxBytes: maxDiffBytes },
      );
      let canMerge = false;
      let canClose = false;
      const principal = credentials.principal as {
        type?: string;
        userEntityRef?: string;
      };
      if (proposal.status === 'open' && principal.type === 'user') {
        canMerge = (await mayManage(repoOf(proposal), credentials)).allowed;
        canClose =
          canMerge ||
          principal.userEntityRef?.toLocaleLowerCase('en-US') ===
            proposal.author;
      }
      return { ...proposal, diff, canMerge, canClose };
    },

    async merge(id, credentials) {
      const user = userRefOf(credentials);
      const proposal = await load(id);
      await requireManage(repoOf(proposal), credentials, 'merge');
      requireOpen(proposal, 'merged');
      const result = await git.mergeBranch(repoOf(proposal), proposal.branch, {
        authorName: committer.name,
        authorEmail: committer.email,
        message: `Merge ${proposal.branch}: ${proposal.title}\n\nChange-proposal: ${proposal.id}\nProposed-by: ${proposal.author}\nMerged-by: ${user}`,
      });
      const merged = await proposals.decide(id, {
        status: 'merged',
        decidedBy: user,
        mergedCommit: result.commit,
      });
      if (!merged)
        throw new ConflictError(
          `Change proposal ${id} was merged or closed meanwhile`,
        );
      return merged;
    },

    async close(id, credentials) {
      const user = userRefOf(credentials);
      const proposal = await load(id);
      if (proposal.author !== user)
        await requireManage(repoOf(proposal), credentials, 'close');
      requireOpen(proposal, 'closed');
      const closed = await proposals.decide(id, {
        status: 'closed',
        decidedBy: user,
      });
      if (!closed)
        throw new ConflictError(
          `Change proposal ${id} was merged or closed meanwhile`,
        );
      return closed;
    },
  };
}
