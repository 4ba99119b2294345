import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

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
