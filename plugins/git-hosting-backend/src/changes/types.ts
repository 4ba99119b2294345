import type { CommitDiff } from '@internal/plugin-git-hosting-node';

/** Where a change proposal stands. */
export type ChangeStatus = 'open' | 'merged' | 'closed';

/** A change proposal: a branch of a repository on the git host, waiting to be merged or closed. */
export interface ChangeProposal {
  id: string;
  org: string;
  repo: string;
  /** launchpad/<slug> */
  branch: string;
  /** The default branch's commit the change was made on. */
  baseCommit: string;
  /** The branch's commit. */
  headCommit: string;
  title: string;
  description: string;
  /** The user who proposed it (entity ref). */
  author: string;
  status: ChangeStatus;
  /** The scaffolder task that proposed it, if any. */
  createdByTask?: string;
  /** The default branch's commit after the merge. */
  mergedCommit?: string;
  /** Who merged or closed it. */
  decidedBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** One proposal with its diff, and whether the caller may merge or close it. */
export interface ChangeProposalDetails extends ChangeProposal {
  diff: CommitDiff;
  /** The caller owns the repository's catalog entity or is a platform admin. */
  canMerge: boolean;
  /** canMerge, or the caller proposed it. */
  canClose: boolean;
}

/** What a new proposal is made of. */
export interface NewChangeProposal {
  org: string;
  repo: string;
  /** Names the branch: launchpad/<slug>. */
  slug: string;
  title: string;
  description: string;
  /** Repository path -> new content. */
  files: Record<string, string>;
  /** The default branch's commit to start from; default: its head. */
  base?: string;
  createdByTask?: string;
}
