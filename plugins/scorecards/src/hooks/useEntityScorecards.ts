import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../api/ScorecardsClient';

/** The scores of the entity on the current page. */
export function useEntityScorecards() {
  const { entity } = useEntity();
  const api = useApi(scorecardsApiRef);
  return useAsync(
    () => api.getEntityScorecards(getCompoundEntityRef(entity)),
    [api, entity],
  );
}
