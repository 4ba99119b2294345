import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** An owner as a full lowercase entity ref (groups by default); undefined when it is not one. */
export function ownerRef(owner: unknown): string | undefined {
  if (typeof owner !== 'string' || owner.length > 512) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
