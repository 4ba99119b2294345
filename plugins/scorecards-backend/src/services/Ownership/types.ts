import type {
  OrphanedEntity,
  OwnershipProblem,
} from '@internal/plugin-scorecards-common';
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

export type { OrphanedEntity, OwnershipProblem };
