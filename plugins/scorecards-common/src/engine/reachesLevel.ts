import type { LevelDefinition } from '../types';

/**
 * Whether a level is the target level or above it, in a scorecard's levels
 * (lowest first). No level (`null`) reaches nothing; a level the scorecard
 * does not have reaches nothing either.
 *
 * @public
 */
export function reachesLevel(
  levels: ReadonlyArray<Pick<LevelDefinition, 'id'>>,
  level: string | null,
  target: string,
): boolean {
  if (level === null) return false;
  const reached = levels.findIndex(l => l.id === level);
  const wanted = levels.findIndex(l => l.id === target);
  return reached >= 0 && wanted >= 0 && reached >= wanted;
}
