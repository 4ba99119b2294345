import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { accessApiRef, type AccessDecision } from '../api/AccessClient';
import { entityActions, type EntityAction } from '../components/entityActions';

/** The policy's decision for each action on an entity, for the signed-in user. */
export function useAccess(entity: Entity) {
  const api = useApi(accessApiRef);
  const ref = stringifyEntityRef(entity);
  return useAsync(async (): Promise<
    Array<EntityAction & { decision: AccessDecision }>
  > => {
    const actions = entityActions(entity);
    const decisions = await Promise.all(
      actions.map(a =>
        api.explain({ permission: a.permission, resourceRef: ref }),
      ),
    );
    return actions.map((a, i) => ({ ...a, decision: decisions[i] }));
  }, [api, ref]);
}
