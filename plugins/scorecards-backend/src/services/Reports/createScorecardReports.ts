import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  rollUp,
  type ScorecardDefinition,
} from '@internal/plugin-scorecards-common';
import type { LatestScore, ScoreStore } from '../../database/types';
import type { DefinitionsService } from '../Definitions/types';
import type { OwnershipService } from '../Ownership/types';
import { levelTrend } from './levelTrend';
import type {
  CheckView,
  EntityScorecard,
  ScorecardReports,
  ScorecardSummary,
  TeamScorecard,
} from './types';

function summary(
  definition: ScorecardDefinition | undefined,
  id: string,
): ScorecardSummary | { id: string } {
  if (!definition) return { id };
  const { checks: _checks, appliesTo: _appliesTo, ...rest } = definition;
  return rest;
}

function checkViews(
  score: LatestScore,
  definition?: ScorecardDefinition,
): CheckView[] {
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
  store: ScoreStore;
  definitions: DefinitionsService;
  ownership: OwnershipService;
  catalog: CatalogService;
  now?: () => Date;
}): ScorecardReports {
  const { store, definitions } = deps;
  const now = deps.now ?? (() => new Date());
  const live = () =>
    new Map(definitions.list().map(l => [l.definition.id, l.definition]));

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
            checks: checkViews(score, defs.get(score.scorecardId)),
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

    async team(
      teamRef,
      {
        days,
        credentials,
      }: { days: number; credentials: BackstageCredentials },
    ) {
      const [scores, history] = await Promise.all([
        store.latestForOwner(teamRef),
        store.historyForOwner(teamRef),
      ]);
      if (
        scores.length === 0 &&
        !(await deps.catalog.getEntityByRef(teamRef, { credentials }))
      ) {
        throw new NotFoundError(`No team ${teamRef} in the catalog`);
      }
      const defs = live();
      const rollUps = rollUp(scores, { definitions: [...defs.values()] });
      return {
        teamRef,
        scorecards: rollUps.map((r): TeamScorecard => {
          const definition = defs.get(r.scorecardId);
          const checks = new Map(definition?.checks.map(c => [c.id, c]));
          return {
            scorecard: summary(definition, r.scorecardId),
            entities: r.entities,
            levels: r.levels,
            averagePoints: r.averagePoints,
            worstChecks: r.worstChecks.map(w => ({
              ...w,
              title: checks.get(w.checkId)?.title,
              howToFix: checks.get(w.checkId)?.howToFix,
            })),
            owned: scores
              .filter(s => s.scorecardId === r.scorecardId)
              .map(s => ({
                entityRef: s.entityRef,
                level: s.level,
                points: s.points,
                maxPoints: s.maxPoints,
              })),
            trend: levelTrend(
              history.filter(h => h.scorecardId === r.scorecardId),
              {
                days,
                now: now(),
                levels: definition?.levels.map(l => l.id) ?? [],
              },
            ),
          };
        }),
      };
    },

    orphans(options) {
      return deps.ownership.findOrphans(options);
    },
  };
}
