import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScorecardDefinition } from '@internal/plugin-scorecards-common';
import type {
  LatestScore,
  ScoreRollUps,
  ScoreStore,
} from '../../database/types';
import type { DefinitionsService } from '../Definitions/types';
import type { InitiativesService } from '../Initiatives/types';
import type { OwnershipService } from '../Ownership/types';
import { createInitiativeReports } from './initiativeReports';
import { createOrgTree } from './orgTree';
import { orphansReport } from './orphansReport';
import { summary } from './summary';
import { createTeamReports } from './teamReports';
import type { ScoredCheck, EntityScorecard, ScorecardReports } from './types';

function scoredChecks(
  score: LatestScore,
  definition?: ScorecardDefinition,
): ScoredCheck[] {
  const checks = new Map(definition?.checks.map(c => [c.id, c]));
  return score.results.map(result => {
    const check = checks.get(result.checkId);
    if (!check) return result;
    const { id: _id, ...about } = check;
    return { ...about, ...result };
  });
}

/** Creates the {@link ScorecardReports} over the score store and the live definitions. */
export function createScorecardReports(deps: {
  store: ScoreStore & ScoreRollUps;
  definitions: DefinitionsService;
  initiatives: InitiativesService;
  ownership: OwnershipService;
  catalog: CatalogService;
  now?: () => Date;
}): ScorecardReports {
  const { store, definitions } = deps;
  const now = deps.now ?? (() => new Date());
  const live = (): Map<string, ScorecardDefinition> =>
    new Map(definitions.list().map(l => [l.definition.id, l.definition]));
  const orgTree = createOrgTree({ catalog: deps.catalog });
  const teams = createTeamReports({
    store,
    rollUps: store,
    orgTree,
    live,
    now,
  });
  const initiatives = createInitiativeReports({
    rollUps: store,
    initiatives: deps.initiatives,
    catalog: deps.catalog,
    orgTree,
    live,
    now,
    resolveTeam: teams.resolve,
  });

  return {
    definitions() {
      return {
        definitions: definitions
          .list()
          .map(l => ({ ...l.definition, file: l.file, hash: l.hash })),
        errors: definitions.errors(),
      };
    },

    async entity(entityRef) {
      const scores = await store.latestForEntity(entityRef);
      if (scores.length === 0) {
        throw new NotFoundError(
          `No scorecard results for ${entityRef}: it is not in the catalog, or no scorecard applies to it yet`,
        );
      }
      const defs = live();
      return {
        entityRef,
        ownerRef: scores[0].ownerRef,
        scorecards: scores.map(
          (score): EntityScorecard => ({
            scorecard: summary(defs.get(score.scorecardId), score.scorecardId),
            level: score.level,
            points: score.points,
            maxPoints: score.maxPoints,
            reason: score.reason,
            changedAt: score.changedAt,
            evaluatedAt: score.evaluatedAt,
            checks: scoredChecks(score, defs.get(score.scorecardId)),
          }),
        ),
      };
    },

    async entityHistory(entityRef, options) {
      const items = await store.historyForEntity(entityRef, options);
      if (items.length === 0) {
        throw new NotFoundError(
          `No scorecard history for ${entityRef}${
            options.scorecardId ? ` on scorecard "${options.scorecardId}"` : ''
          }`,
        );
      }
      return { entityRef, items };
    },

    team: teams.team,
    teamTrend: teams.teamTrend,
    teams: teams.teams,
    initiatives: initiatives.initiatives,
    initiative: initiatives.initiative,

    async orphans({ kinds, problems, credentials }) {
      return orphansReport(
        await deps.ownership.findOrphans({ kinds, credentials }),
        problems,
      );
    },
  };
}
