import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import { useEffect, useState } from 'react';
import {
  type Dependencies,
  dependenciesOf,
  relatedRefs,
} from './dependencyRows';

/** The current entity's dependencies both ways, with the related entities' types. */
export function useDependencies(): {
  loading: boolean;
  error?: Error;
  value?: Dependencies;
} {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const [state, setState] = useState<{
    key?: string;
    error?: Error;
    value?: Dependencies;
  }>({});
  const refs = relatedRefs(entity);
  const key = `${entity.metadata.uid ?? entity.metadata.name}|${refs.join(
    ',',
  )}`;
  useEffect(() => {
    let current = true;
    (async () => {
      const related =
        refs.length === 0
          ? []
          : (
              await catalogApi.getEntitiesByRefs({
                entityRefs: refs,
                fields: [
                  'kind',
                  'metadata.name',
                  'metadata.namespace',
                  'spec.type',
                  'relations',
                ],
              })
            ).items.filter((e): e is Entity => Boolean(e));
      return dependenciesOf(entity, related);
    })().then(
      value => current && setState({ key, value }),
      error => current && setState({ key, error }),
    );
    return () => {
      current = false;
    };
    // `key` stands for the entity and its relations
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, key]);
  if (state.key !== key) return { loading: true };
  return { loading: false, error: state.error, value: state.value };
}
