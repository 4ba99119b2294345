import type {
  InitiativeProgress,
  InitiativesReport,
} from '@internal/plugin-scorecards-common';

/**
 * The initiatives that concern a team: those with at least one of its
 * entities in scope, once each (the first team's view), overdue first, then
 * by due date.
 */
export function initiativesConcerning(
  reports: InitiativesReport[],
): Array<InitiativeProgress & { teamRef: string }> {
  const seen = new Set<string>();
  const out: Array<InitiativeProgress & { teamRef: string }> = [];
  for (const report of reports) {
    for (const initiative of report.initiatives) {
      if (initiative.entities === 0 || seen.has(initiative.id)) continue;
      seen.add(initiative.id);
      out.push({ ...initiative, teamRef: report.teamRef ?? '' });
    }
  }
  const rank = { overdue: 0, open: 1, done: 2 } as const;
  return out.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] || a.dueDate.localeCompare(b.dueDate),
  );
}
