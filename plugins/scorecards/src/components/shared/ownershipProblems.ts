import { OrphansReport, OwnershipProblem } from '../../api/types';

type Orphan = OrphansReport['items'][number];

/** Short labels for the problem chips. */
export const PROBLEM_LABELS: Record<OwnershipProblem, string> = {
  'no-owner': 'No owner',
  'owner-missing': 'Owner not in catalog',
  'owner-has-no-members': 'Stale owner',
};

/** Why nobody can be asked about the entity, and what to do, in a sentence. */
export function reasonOf(orphan: Pick<Orphan, 'problem' | 'ownerRef'>): string {
  switch (orphan.problem) {
    case 'no-owner':
      return 'No owner is set: add spec.owner with the team that runs it.';
    case 'owner-missing':
      return `${orphan.ownerRef} is not in the catalog (renamed, removed or misspelt): point spec.owner at an existing team.`;
    case 'owner-has-no-members':
    default:
      return `${orphan.ownerRef} has no members in the catalog: add its members, or hand the entity to an active team.`;
  }
}

/** How many orphans have each problem. */
export function countProblems(
  items: ReadonlyArray<Pick<Orphan, 'problem'>>,
): Record<OwnershipProblem, number> {
  const counts: Record<OwnershipProblem, number> = {
    'no-owner': 0,
    'owner-missing': 0,
    'owner-has-no-members': 0,
  };
  for (const item of items) counts[item.problem] += 1;
  return counts;
}
