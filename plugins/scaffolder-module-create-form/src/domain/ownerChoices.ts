import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Platform admins when `launchpad.permissions.admins` is not visible to the app (the backend's default). */
export const DEFAULT_ADMINS = ['group:default/platform'];

function normalize(ref: string, defaultKind: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** The groups among a user's ownership refs (their teams), normalised, in order. */
export function teamsOf(ownershipEntityRefs: string[]): string[] {
  const teams: string[] = [];
  for (const ref of ownershipEntityRefs) {
    // only refs that say they are a group (an identity's refs always name their kind)
    if (!/^group:/i.test(ref)) continue;
    const full = normalize(ref, 'group');
    if (full?.startsWith('group:') && !teams.includes(full)) teams.push(full);
  }
  return teams;
}

/** Whether one of the user's refs (the user or a team) is a platform admin. */
export function isPlatformAdmin(
  ownershipEntityRefs: string[],
  admins: string[],
): boolean {
  const adminRefs = new Set(
    admins.map(a => normalize(a, 'group')).filter(Boolean),
  );
  return ownershipEntityRefs.some(r => {
    const asUser = normalize(r, 'user');
    return (
      (asUser !== undefined && adminRefs.has(asUser)) ||
      adminRefs.has(normalize(r, 'group') ?? '')
    );
  });
}

/** What the owner field offers and starts with. */
export interface OwnerChoices {
  /** Group refs to choose from: the user's teams, or every group for a platform admin. */
  options: string[];
  /** The user's first team, to pre-fill an empty field; undefined when they are in none. */
  initial?: string;
}

/**
 * The owner field's choices: a developer creates for one of their teams (the
 * server's owner guard refuses any other), a platform admin for any group.
 */
export function ownerChoices(input: {
  ownershipEntityRefs: string[];
  admins: string[];
  /** Every group in the catalog (only needed for admins). */
  allGroups?: string[];
}): OwnerChoices {
  const mine = teamsOf(input.ownershipEntityRefs);
  const admin = isPlatformAdmin(input.ownershipEntityRefs, input.admins);
  const options = admin
    ? [
        ...mine,
        ...teamsOf(input.allGroups ?? []).filter(g => !mine.includes(g)),
      ]
    : mine;
  return { options, initial: mine[0] };
}
