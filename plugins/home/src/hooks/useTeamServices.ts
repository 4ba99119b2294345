import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the scorecards plugin's API ref; it has no -react package to hold it yet
import { scorecardsApiRef } from '@internal/plugin-scorecards';
import useAsync from 'react-use/esm/useAsync';
import { levelsByEntity, type ServiceLevels } from '../domain/services';

/** A component my teams own, with its scorecard levels (none yet: not scored). */
export interface TeamService {
  entity: Entity;
  entityRef: string;
  levels: ServiceLevels['levels'];
}

/** The components owned by the given teams, with their levels from the scorecards API. */
export function useTeamServices(teams: string[] | undefined) {
  const catalogApi = useApi(catalogApiRef);
  const scorecardsApi = useApi(scorecardsApiRef);
  const key = (teams ?? []).join(',');
  return useAsync(async (): Promise<TeamService[]> => {
    if (!teams?.length) return [];
    const [{ items }, ...reports] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'component', 'relations.ownedBy': teams },
        fields: ['kind', 'metadata', 'spec.type', 'spec.lifecycle'],
      }),
      // A team the scorecards do not know (yet) still lists its services
      ...teams.map(team => scorecardsApi.getTeam(team).catch(() => undefined)),
    ]);
    const levels = new Map<string, ServiceLevels>();
    for (const report of reports) {
      if (report)
        for (const [ref, row] of levelsByEntity(report)) levels.set(ref, row);
    }
    return items
      .map(entity => {
        const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        return {
          entity,
          entityRef,
          levels: levels.get(entityRef)?.levels ?? [],
        };
      })
      .sort((a, b) =>
        a.entity.metadata.name.localeCompare(b.entity.metadata.name),
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, scorecardsApi, key]);
}

/** The ref a component's Kubernetes environments are read by. */
export function compoundRef(entityRef: string) {
  return parseEntityRef(entityRef);
}
