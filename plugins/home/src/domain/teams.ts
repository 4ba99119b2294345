import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** The groups among a user's ownership refs ("my teams"), lowercase, in their order. */
export function teamsOf(ownershipEntityRefs: string[]): string[] {
  const teams: string[] = [];
  for (const ref of ownershipEntityRefs) {
    try {
      const parsed = parseEntityRef(ref);
      if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') continue;
      const full = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
      if (!teams.includes(full)) teams.push(full);
    } catch {
      // not an entity ref: not a team
    }
  }
  return teams;
}
