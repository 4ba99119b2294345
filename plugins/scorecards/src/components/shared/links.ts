import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** Links to the Scorecards tab of a group, or the Scorecard tab of a component. */
export function useScorecardLinks() {
  const entityLink = useEntityRefLink();
  return {
    team: useCallback(
      (teamRef: string) => `${entityLink(teamRef)}/scorecards`,
      [entityLink],
    ),
    entity: useCallback(
      (entityRef: string) => `${entityLink(entityRef)}/scorecard`,
      [entityLink],
    ),
  };
}
