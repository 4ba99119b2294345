import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../api/ScorecardsClient';

/** A team's roll-up over its org subtree. */
export function useTeamScorecards(teamRef: string) {
  const api = useApi(scorecardsApiRef);
  return useAsync(() => api.getTeam(teamRef), [api, teamRef]);
}

/** A team's level distribution per day, for the trend chart. */
export function useTeamTrend(teamRef: string, days = 90) {
  const api = useApi(scorecardsApiRef);
  return useAsync(
    () => api.getTeamTrend(teamRef, { days }),
    [api, teamRef, days],
  );
}

/** The top-level teams with their sub-teams. */
export function useTopLevelTeams() {
  const api = useApi(scorecardsApiRef);
  return useAsync(() => api.getTeams(), [api]);
}

/** Initiatives with their progress, of everyone or of a team's subtree. */
export function useInitiatives(teamRef?: string) {
  const api = useApi(scorecardsApiRef);
  return useAsync(() => api.getInitiatives({ teamRef }), [api, teamRef]);
}

/** Entities nobody can be asked about. */
export function useOrphans() {
  const api = useApi(scorecardsApiRef);
  return useAsync(() => api.getOrphans(), [api]);
}
