import type { PolicyQueryUser } from '@backstage/plugin-permission-node';

/** Who the policy treats specially, from `launchpad.permissions`. */
export interface PolicyRoles {
  /** Entity refs (groups or users) of platform admins: they may do everything. */
  admins: string[];
  /** Entity refs who may author templates (dry-runs, the template editor), besides admins. */
  templateAuthors: string[];
}

/** The caller as the rules see it: a signed-in user's refs, or nobody. */
export interface Caller {
  /** The user's entity ref; undefined for a caller that is not a signed-in user. */
  userEntityRef?: string;
  /** The user and the groups they belong to, as entity refs (lowercase). */
  claims: string[];
  isAdmin: boolean;
  isTemplateAuthor: boolean;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Works out a caller's roles from the permission framework's user (undefined: not a user). */
export function toCaller(
  roles: PolicyRoles,
  user?: { userEntityRef?: string; ownershipEntityRefs?: string[] },
): Caller {
  const claims = (user?.ownershipEntityRefs ?? []).map(lower);
  const admins = new Set(roles.admins.map(lower));
  const authors = new Set(roles.templateAuthors.map(lower));
  const isAdmin = claims.some(c => admins.has(c));
  return {
    userEntityRef: user?.userEntityRef ? lower(user.userEntityRef) : undefined,
    claims,
    isAdmin,
    isTemplateAuthor: isAdmin || claims.some(c => authors.has(c)),
  };
}

/** The permission framework's user, reduced to what {@link toCaller} needs. */
export function callerOf(roles: PolicyRoles, user?: PolicyQueryUser): Caller {
  return toCaller(roles, user?.info);
}
