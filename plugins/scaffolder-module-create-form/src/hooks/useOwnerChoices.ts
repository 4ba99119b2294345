import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import {
  DEFAULT_ADMINS,
  isPlatformAdmin,
  ownerChoices,
  teamsOf,
  type OwnerChoices,
} from '../domain/ownerChoices';

/** An owner the field can show: its ref and a title. */
export interface OwnerOption {
  ref: string;
  title: string;
}

function titleOf(entity: Entity | undefined, ref: string): string {
  const name = ref.replace(/^group:default\//, '');
  const display =
    (entity?.spec as { profile?: { displayName?: string } } | undefined)
      ?.profile?.displayName ?? entity?.metadata.title;
  return display && display !== name ? `${display} (${name})` : name;
}

/** The signed-in user's teams (every group for a platform admin), with titles from the catalog. */
export function useOwnerChoices() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const configApi = useApi(configApiRef);
  return useAsync(async (): Promise<
    OwnerChoices & { titles: Record<string, string> }
  > => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const admins =
      configApi.getOptionalStringArray('launchpad.permissions.admins') ??
      DEFAULT_ADMINS;
    const fields = [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'spec.profile.displayName',
    ];
    let groups: Entity[];
    if (isPlatformAdmin(ownershipEntityRefs, admins)) {
      groups = (
        await catalogApi.getEntities({ filter: { kind: 'Group' }, fields })
      ).items;
    } else {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: teamsOf(ownershipEntityRefs),
        fields,
      });
      groups = items.filter((e): e is Entity => Boolean(e));
    }
    const byRef = new Map(
      groups.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
    );
    const choices = ownerChoices({
      ownershipEntityRefs,
      admins,
      allGroups: [...byRef.keys()],
    });
    const titles = Object.fromEntries(
      choices.options.map(ref => [ref, titleOf(byRef.get(ref), ref)]),
    );
    return { ...choices, titles };
  }, [identityApi, catalogApi, configApi]);
}
