import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { ScorecardDefinition } from '@internal/plugin-scorecards-common';
import type {
  LevelCount,
  ScoreRollUps,
  ScoreStore,
} from '../../database/types';
import { distribution, worstChecks } from './distribution';
import { levelTrend } from './levelTrend';
import { type OrgGroup, type OrgTree, rootsOf, subtreeOf } from './orgTree';
import { summary } from './summary';
import type {
  OwnedEntity,
  ScorecardStanding,
  TeamReport,
  TeamScorecard,
  TeamSummary,
  TeamsReport,
  TeamTrendReport,
  TopLevelTeam,
} from './types';

interface Deps {
  store: ScoreStore;
  rollUps: ScoreRollUps;
  orgTree: OrgTree;
  /** The live definitions by id. */
  live: () => Map<string, ScorecardDefinition>;
  now: () => Date;
}

function teamSummary(group: OrgGroup): TeamSummary {
  const out: TeamSummary = { teamRef: group.ref, title: group.title };
  if (group.type) out.type = group.type;
  return out;
}

/** The name of a team that is not in the catalog: its ref's name. */
function fallbackTitle(teamRef: string) {
  return teamRef.slice(teamRef.lastIndexOf('/') + 1);
}

function levelIds(definition?: ScorecardDefinition) {
  return definition?.levels.map(l => l.id) ?? [];
}

/** Scorecard ids in the counts, in the order of the live definitions, then the rest by id. */
function scorecardIdsOf(
  counts: ReadonlyArray<{ scorecardId: string }>,
  live: Map<string, ScorecardDefinition>,
) {
  const ids = new Set(counts.map(c => c.scorecardId));
  const order = [...live.keys()];
  return [...ids].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (
      (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.localeCompare(b)
    );
  });
}

/** Level counts per owner, indexed for summing over subtrees. */
function countsByOwner(counts: ReadonlyArray<LevelCount>) {
  const byOwner = new Map<string, LevelCount[]>();
  for (const c of counts) {
    const key = c.ownerRef ?? '';
    const list = byOwner.get(key);
    if (list) list.push(c);
    else byOwner.set(key, [c]);
  }
  return (owners: ReadonlyArray<string>, scorecardId: string) =>
    owners.flatMap(o =>
      (byOwner.get(o) ?? []).filter(c => c.scorecardId === scorecardId),
    );
}

/** Team roll-ups over the org tree: every aggregate is computed in SQL. */
export function createTeamReports(deps: Deps) {
  const { store, rollUps, orgTree, live, now } = deps;

  /** The team's subtree; NotFoundError when it is not in the catalog and owns nothing scored. */
  async function resolve(teamRef: string, credentials: BackstageCredentials) {
    const tree = await orgTree.subtree(teamRef, credentials);
    const owners = tree.team ? subtreeOf(tree.groups, teamRef) : [teamRef];
    return { tree, owners };
  }

  function notFound(teamRef: string) {
    return new NotFoundError(`No team ${teamRef} in the catalog`);
  }

  async function team(
    teamRef: string,
    options: {
      days: number;
      trend: boolean;
      credentials: BackstageCredentials;
    },
  ): Promise<TeamReport> {
    const { tree, owners } = await resolve(teamRef, options.credentials);
    const [counts, checks, ownedScores, trend] = await Promise.all([
      rollUps.levelCounts({ ownerRefs: owners }),
      rollUps.checkCounts({ ownerRefs: owners }),
      store.latestForOwner(teamRef),
      options.trend
        ? teamTrend(teamRef, { days: options.days, owners })
        : undefined,
    ]);
    if (!tree.team && counts.length === 0) throw notFound(teamRef);

    const defs = live();
    const children = (tree.team?.childRefs ?? [])
      .map(ref => tree.groups.get(ref))
      .filter((g): g is OrgGroup => Boolean(g))
      .sort((a, b) => a.title.localeCompare(b.title));
    const childOwners = new Map(
      children.map(c => [c.ref, subtreeOf(tree.groups, c.ref)]),
    );
    const countsOf = countsByOwner(counts);

    const scorecards = scorecardIdsOf(counts, defs).map(
      (scorecardId): TeamScorecard => {
        const definition = defs.get(scorecardId);
        const about = new Map(definition?.checks.map(c => [c.id, c]));
        const levels = levelIds(definition);
        const owned = ownedScores
          .filter(s => s.scorecardId === scorecardId)
          .map(
            (s): OwnedEntity => ({
              entityRef: s.entityRef,
              level: s.level,
              points: s.points,
              maxPoints: s.maxPoints,
              failedChecks: s.results.filter(r => r.status === 'failed').length,
              unknownChecks: s.results.filter(r => r.status === 'unknown')
                .length,
            }),
          )
          .sort(
            (a, b) =>
              a.points / (a.maxPoints || 1) - b.points / (b.maxPoints || 1) ||
              a.entityRef.localeCompare(b.entityRef),
          );
        const result: TeamScorecard = {
          scorecard: summary(definition, scorecardId),
          ...distribution(countsOf(owners, scorecardId), levels),
          worstChecks: worstChecks(
            checks.filter(c => c.scorecardId === scorecardId),
          ).map(w => ({
            ...w,
            title: about.get(w.checkId)?.title,
            howToFix: about.get(w.checkId)?.howToFix,
          })),
          owned,
          teams: children.map(child => ({
            ...teamSummary(child),
            ...distribution(
              countsOf(childOwners.get(child.ref) ?? [], scorecardId),
              levels,
            ),
          })),
        };
        if (trend) {
          result.trend =
            trend.scorecards.find(t => t.scorecard.id === scorecardId)?.trend ??
            [];
        }
        return result;
      },
    );

    return {
      ...(tree.team
        ? teamSummary(tree.team)
        : { teamRef, title: fallbackTitle(teamRef) }),
      parent: tree.parent ? teamSummary(tree.parent) : null,
      children: children.map(teamSummary),
      groups: owners.length,
      scorecards,
    };
  }

  async function teamTrend(
    teamRef: string,
    options: { days: number; owners: string[] },
  ): Promise<TeamTrendReport> {
    const changes = await rollUps.dailyLevelChanges({
      ownerRefs: options.owners,
    });
    const defs = live();
    return {
      teamRef,
      scorecards: scorecardIdsOf(changes, defs).map(scorecardId => ({
        scorecard: summary(defs.get(scorecardId), scorecardId),
        trend: levelTrend(
          changes.filter(c => c.scorecardId === scorecardId),
          {
            days: options.days,
            now: now(),
            levels: levelIds(defs.get(scorecardId)),
          },
        ),
      })),
    };
  }

  return {
    team,

    async teamTrend(
      teamRef: string,
      options: { days: number; credentials: BackstageCredentials },
    ): Promise<TeamTrendReport> {
      const { tree, owners } = await resolve(teamRef, options.credentials);
      const report = await teamTrend(teamRef, { days: options.days, owners });
      if (!tree.team && report.scorecards.length === 0) throw notFound(teamRef);
      return report;
    },

    async teams(options: {
      credentials: BackstageCredentials;
    }): Promise<TeamsReport> {
      const [groups, counts] = await Promise.all([
        orgTree.all(options.credentials),
        rollUps.levelCounts({}),
      ]);
      const defs = live();
      const ids = scorecardIdsOf(counts, defs);
      const countsOf = countsByOwner(counts);
      const standings = (owners: string[]): ScorecardStanding[] =>
        ids.map(id => ({
          scorecard: summary(defs.get(id), id),
          ...distribution(countsOf(owners, id), levelIds(defs.get(id))),
        }));
      return {
        teams: rootsOf(groups).map((root): TopLevelTeam => {
          const owners = subtreeOf(groups, root.ref);
          return {
            ...teamSummary(root),
            groups: owners.length,
            scorecards: standings(owners),
            children: root.childRefs
              .map(ref => groups.get(ref))
              .filter((g): g is OrgGroup => Boolean(g))
              .sort((a, b) => a.title.localeCompare(b.title))
              .map(child => ({
                ...teamSummary(child),
                scorecards: standings(subtreeOf(groups, child.ref)),
              })),
          };
        }),
      };
    },

    resolve,
    notFound,
  };
}
