import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { OwnerGuard, TaskUser } from '../services/ownerGuard';

/**
 * The team a golden path's `owner` names: a group of the default namespace
 * (`group:default/checkout`, `group:checkout` or `checkout`), whose name is
 * the team's organisation on the git host and its Argo CD project. Anything
 * else (a user, another kind, a group of another namespace, whose name could
 * be a team's of the default namespace) is an InputError.
 */
export function teamOfOwner(ownerRef: unknown): string {
  try {
    if (typeof ownerRef !== 'string') throw new Error('expected a string');
    const owner = parseEntityRef(ownerRef, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    if (owner.kind.toLocaleLowerCase('en-US') !== 'group')
      throw new Error(`expected a group, got a ${owner.kind}`);
    // Teams are groups of the default namespace: a group of the same
    // name elsewhere must not land in (or claim) this team's repositories.
    if (owner.namespace !== 'default')
      throw new Error(
        `expected a group of the default namespace, got ${owner.namespace}`,
      );
    return owner.name;
  } catch (error) {
    throw new InputError(
      `owner is not a group reference: ${(error as Error).message}`,
    );
  }
}

/**
 * The team a golden-path step creates for: the owner guard first decides that
 * the task's user may create for `owner` (one of their groups; admins any),
 * then {@link teamOfOwner} reads it.
 */
export async function authorisedTeam(
  ctx: {
    input: { owner: string };
    user?: TaskUser;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
  ownerGuard: OwnerGuard | undefined,
): Promise<string> {
  await ownerGuard?.assertMayOwn({
    owner: ctx.input.owner,
    user: ctx.user,
    credentials: await ctx.getInitiatorCredentials(),
  });
  return teamOfOwner(ctx.input.owner);
}
