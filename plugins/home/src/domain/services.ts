import type { TeamReport } from '@internal/plugin-scorecards-common';

/** A service of my team with its level on each scorecard that scores it. */
export interface ServiceLevels {
  entityRef: string;
  /** Scorecard title → level title (`No level` below the first). */
  levels: Array<{ scorecard: string; level: string; levelId: string | null }>;
}

/**
 * The entities a team's report says it owns itself, with their level on
 * each scorecard, by entity ref (lowercase).
 */
export function levelsByEntity(report: TeamReport): Map<string, ServiceLevels> {
  const byRef = new Map<string, ServiceLevels>();
  for (const card of report.scorecards) {
    const scorecard = card.scorecard.title ?? card.scorecard.id;
    for (const owned of card.owned) {
      const ref = owned.entityRef.toLocaleLowerCase('en-US');
      const row = byRef.get(ref) ?? { entityRef: ref, levels: [] };
      const title =
        owned.level === null
          ? 'No level'
          : card.scorecard.levels?.find(l => l.id === owned.level)?.title ??
            owned.level;
      row.levels.push({ scorecard, level: title, levelId: owned.level });
      byRef.set(ref, row);
    }
  }
  return byRef;
}
