import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TeamScorecards } from './TeamScorecards';

/** The Scorecards tab of a group page. */
export const TeamScorecardsTab = () => {
  const { entity } = useEntity();
  return (
    <TeamScorecards
      teamRef={stringifyEntityRef(entity).toLocaleLowerCase('en-US')}
    />
  );
};
