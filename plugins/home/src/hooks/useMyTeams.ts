import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { teamsOf } from '../domain/teams';

/** Who is signed in and the teams (groups) they belong to. */
export function useMyTeams() {
  const identityApi = useApi(identityApiRef);
  return useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return {
      userEntityRef: identity.userEntityRef,
      teams: teamsOf(identity.ownershipEntityRefs),
    };
  }, [identityApi]);
}
