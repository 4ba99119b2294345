/** Where a change proposal stands. */
export type ChangeStatus = 'open' | 'merged' | 'closed';

/**
 * A change proposal of the portal's git host, as
 * plugins/git-hosting-backend/src/changes/types.ts serves it.
 */
export interface ChangeProposal {
  id: string;
  org: string;
  repo: string;
  /** launchpad/<slug> */
  branch: string;
  baseCommit: string;
  headCommit: string;
  title: string;
  description: string;
  /** Entity ref of the user who proposed it. */
  author: string;
  status: ChangeStatus;
  createdByTask?: string;
  mergedCommit?: string;
  decidedBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** The git host's diff of a proposal: base commit to the branch's head. */
export interface ChangeDiff {
  /** The files that differ, with git's status letter (A, M, D, R...), in the patch's order. */
  files: Array<{ path: string; status: string }>;
  /** The unified diff (git diff --unified=3), cut at the server's limit. */
  patch: string;
  /** The patch was longer than the server's limit and was cut. */
  truncated: boolean;
}

/** One proposal with its diff and what the caller may do with it. */
export interface ChangeProposalDetails extends ChangeProposal {
  diff: ChangeDiff;
  canMerge: boolean;
  canClose: boolean;
}

/** How far a service is behind its template's current version. */
export type Behind = 'current' | 'patch' | 'minor' | 'major' | 'unknown';

/** A template upgrade proposal of one service. */
export interface UpgradeProposal {
  id: string;
  url: string;
  status: ChangeStatus;
  conflicts: string[];
}

/** One service created from a template. */
export interface FleetService {
  entityRef: string;
  owner: string;
  version: string | null;
  behind: Behind;
  proposal?: UpgradeProposal;
}

/** GET /api/template-upgrades/fleet?template=<ref> */
export interface TemplateFleet {
  template: string;
  currentVersion: string;
  services: FleetService[];
}

/** One template of GET /api/template-upgrades/templates */
export interface TemplateSummary {
  ref: string;
  title: string;
  currentVersion: string;
  /** How many services were created from it. */
  services: number;
  /** How many of them are behind its current version. */
  behind: number;
}
