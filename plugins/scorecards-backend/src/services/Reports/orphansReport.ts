import type { OrphanedEntity, OwnershipProblem } from '../Ownership/types';
import type { OrphansReport } from './types';

/** Every ownership problem, in the order pages list them. */
export const OWNERSHIP_PROBLEMS: OwnershipProblem[] = [
  'no-owner',
  'owner-missing',
  'owner-has-no-members',
];

/** The orphans, optionally only those with some problems. */
export function orphansReport(
  orphans: ReadonlyArray<OrphanedEntity>,
  problems?: ReadonlyArray<OwnershipProblem>,
): OrphansReport {
  const items = orphans.filter(o => !problems || problems.includes(o.problem));
  return { total: items.length, items };
}
