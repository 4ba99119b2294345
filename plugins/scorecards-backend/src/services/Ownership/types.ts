import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/** What the catalog says about an entity's owner. */
export interface OwnerInfo {
  /** The owner's entity ref. */
  ref: string;
  /** Whether the owner is in the catalog. */
  exists: boolean;
  /** Whether the owner is a Group. */
  isGroup: boolean;
  /** Members of the group that are in the catalog (0 for anything but a group). */
  activeMembers: number;
}

/** Why an entity counts as orphaned. */
export type OwnershipProblem =
  | 'no-owner'
  | 'owner-missing'
  | 'owner-has-no-members';

/** An entity nobody can be asked about. */
export interface OrphanedEntity {
  entityRef: string;
  kind: string;
  title?: string;
  /** The declared owner, or null when there is none. */
  ownerRef: string | null;
  problem: OwnershipProblem;
}

/** Resolves owners and finds orphaned entities, reading the catalog. */
export interface OwnershipService {
  /** Looks up owners in batches: existence, kind and active members. */
  resolveOwners(
    ownerRefs: Iterable<string>,
    credentials: BackstageCredentials,
  ): Promise<Map<string, OwnerInfo>>;

  /**
   * Entities of the given kinds with no owner, an owner that is not in the
   * catalog, or an owner group without members.
   */
  findOrphans(options: {
    kinds: string[];
    credentials: BackstageCredentials;
  }): Promise<OrphanedEntity[]>;
}
