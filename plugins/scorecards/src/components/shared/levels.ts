import { ScorecardInfo } from '../../api/types';

/** The key the API uses for entities below the first level. */
export const NO_LEVEL = 'none';

const KNOWN: Record<string, string> = {
  [NO_LEVEL]: '#e57373',
  bronze: '#c0803f',
  silver: '#90a4ae',
  gold: '#e3b341',
};
const PALETTE = ['#4db6ac', '#7986cb', '#ba68c8', '#4fc3f7', '#aed581'];

/** The colour of a level in bars and charts: the metal for bronze/silver/gold, red for none. */
export function levelColor(levelId: string, index: number): string {
  return KNOWN[levelId] ?? PALETTE[index % PALETTE.length];
}

/** Levels lowest first, `none` before them, then any level the counts have that the scorecard lost. */
export function levelOrder(
  scorecard: ScorecardInfo,
  counts: Record<string, number> = {},
) {
  const ids = [NO_LEVEL, ...(scorecard.levels ?? []).map(l => l.id)];
  for (const key of Object.keys(counts)) if (!ids.includes(key)) ids.push(key);
  return ids.map((id, index) => ({
    id,
    title:
      id === NO_LEVEL
        ? 'No level'
        : scorecard.levels?.find(l => l.id === id)?.title ?? id,
    color: levelColor(id, index),
  }));
}
