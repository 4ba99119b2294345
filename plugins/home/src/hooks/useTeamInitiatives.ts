import { useApi } from '@backstage/core-plugin-api';
import type { InitiativeProgress } from '@internal/plugin-scorecards-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the scorecards plugin's API ref; it has no -react package to hold it yet
import { scorecardsApiRef } from '@internal/plugin-scorecards';
import useAsync from 'react-use/esm/useAsync';
import { initiativesConcerning } from '../domain/initiatives';

/** The open and done initiatives that have entities of my teams in scope. */
export function useTeamInitiatives(teams: string[] | undefined) {
  const api = useApi(scorecardsApiRef);
  const key = (teams ?? []).join(',');
  return useAsync(async (): Promise<
    Array<InitiativeProgress & { teamRef: string }>
  > => {
    if (!teams?.length) return [];
    const reports = await Promise.all(
      teams.map(teamRef => api.getInitiatives({ teamRef })),
    );
    return initiativesConcerning(reports);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
}
