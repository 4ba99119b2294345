import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  InitiativeDefinition,
  ScorecardDefinition,
} from '@internal/plugin-scorecards-common';
import type { LevelCount, ScoreRollUps } from '../../database/types';
import type { DefinitionLoadError } from '../Definitions/types';
import type {
  InitiativesService,
  LoadedInitiative,
} from '../Initiatives/types';
import { refOf } from '../Ownership/ownerRefOf';
import {
  daysLeft,
  progressTrend,
  standingOf,
  statusOf,
} from './initiativeProgress';
import { levelTrend } from './levelTrend';
import { type OrgTree, subtreeOf, type TeamSubtree } from './orgTree';
import type { InitiativeProgress, InitiativesReport } from './types';

interface Deps {
  rollUps: ScoreRollUps;
  initiatives: InitiativesService;
  catalog: CatalogService;
  orgTree: OrgTree;
  live: () => Map<string, ScorecardDefinition>;
  now: () => Date;
  /** A team's subtree, or NotFoundError. */
  resolveTeam: (
    teamRef: string,
    credentials: BackstageCredentials,
  ) => Promise<{ tree: TeamSubtree; owners: string[] }>;
}

type Team = { tree: TeamSubtree; owners: string[]; teamRef: string };

/** Progress of the platform team's initiatives, overall, per team and over time. */
export function createInitiativeReports(deps: Deps) {
  const { rollUps, catalog, orgTree, live, now } = deps;

  /** The refs the initiative's own filter allows; undefined when it has none. */
  async function scopeRefs(
    initiative: InitiativeDefinition,
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined> {
    const { kind, type, lifecycle } = initiative.appliesTo;
    if (!kind && !type && !lifecycle) return undefined;
    const filter: Record<string, string[]> = {};
    if (kind) filter.kind = kind;
    if (type) filter['spec.type'] = type;
    if (lifecycle) filter['spec.lifecycle'] = lifecycle;
    const refs: string[] = [];
    for await (const page of catalog.streamEntities(
      {
        filter,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
        pageSize: 1000,
      },
      { credentials },
    )) {
      for (const entity of page) refs.push(refOf(entity));
    }
    return refs;
  }

  /** Live initiatives whose scorecard and level exist, and the problems of the others. */
  async function usable() {
    const defs = live();
    const ok: Array<{
      loaded: LoadedInitiative;
      definition: ScorecardDefinition;
    }> = [];
    const problems: DefinitionLoadError[] = [];
    for (const loaded of await deps.initiatives.list()) {
      const { initiative, file } = loaded;
      const definition = defs.get(initiative.scorecard);
      const where = `${file}: initiative "${initiative.id}"`;
      let message: string | undefined;
      if (!definition) {
        message = `${where}: scorecard "${initiative.scorecard}" is not defined`;
      } else if (
        !definition.levels.some(l => l.id === initiative.targetLevel)
      ) {
        message = `${where}: targetLevel must be one of ${definition.levels
          .map(l => l.id)
          .join(', ')} (the levels of scorecard "${definition.id}")`;
      }
      if (message) {
        problems.push({
          file,
          message,
          since: now().toISOString(),
          keptLastGood: false,
        });
      } else {
        ok.push({ loaded, definition: definition! });
      }
    }
    return { ok, problems };
  }

  async function teamsOf(
    counts: LevelCount[],
    definition: ScorecardDefinition,
    target: string,
    team: Team | undefined,
    credentials: BackstageCredentials,
  ): Promise<InitiativeProgress['teams']> {
    const standingFor = (owners: Set<string | null>) =>
      standingOf(
        counts.filter(c => owners.has(c.ownerRef)),
        definition.levels,
        target,
      );
    let teams: InitiativeProgress['teams'];
    if (team) {
      // The team itself (what it owns directly), then each sub-team's subtree.
      const own = standingFor(new Set([team.teamRef]));
      teams = [
        ...(own.entities
          ? [
              {
                teamRef: team.teamRef,
                title: team.tree.team?.title,
                ...own,
              },
            ]
          : []),
        ...(team.tree.team?.childRefs ?? []).flatMap(ref => {
          const child = team.tree.groups.get(ref);
          if (!child) return [];
          const owners = new Set<string | null>(
            subtreeOf(team.tree.groups, ref),
          );
          const standing = standingFor(owners);
          // Sub-teams with nothing in scope have nothing to do for it.
          return standing.entities
            ? [{ teamRef: ref, title: child.title, ...standing }]
            : [];
        }),
      ];
    } else {
      const owners = [...new Set(counts.map(c => c.ownerRef))];
      const groups = await orgTree.groups(
        owners.filter((o): o is string => o !== null),
        credentials,
      );
      const titles = new Map(groups.map(g => [g.ref, g.title]));
      teams = owners.map(ownerRef => {
        const entry: InitiativeProgress['teams'][number] = {
          teamRef: ownerRef,
          ...standingFor(new Set([ownerRef])),
        };
        const title = ownerRef && titles.get(ownerRef);
        if (title) entry.title = title;
        return entry;
      });
    }
    return teams.sort(
      (a, b) =>
        a.percent - b.percent ||
        b.entities - a.entities ||
        (a.teamRef ?? '').localeCompare(b.teamRef ?? ''),
    );
  }

  async function progress(
    {
      loaded,
      definition,
    }: { loaded: LoadedInitiative; definition: ScorecardDefinition },
    options: { team?: Team; days: number; credentials: BackstageCredentials },
  ): Promise<InitiativeProgress> {
    const { initiative, file } = loaded;
    const target = initiative.targetLevel;
    const filter = {
      scorecardIds: [definition.id],
      entityRefs: await scopeRefs(initiative, options.credentials),
      ownerRefs: options.team?.owners,
    };
    const [counts, changes] = await Promise.all([
      rollUps.levelCounts(filter),
      rollUps.dailyLevelChanges(filter),
    ]);
    const overall = standingOf(counts, definition.levels, target);
    const left = daysLeft(initiative.dueDate, now());
    const { checks: _checks, appliesTo: _appliesTo, ...scorecard } = definition;
    const out: InitiativeProgress = {
      id: initiative.id,
      title: initiative.title,
      file,
      scorecard,
      targetLevel: {
        id: target,
        title: definition.levels.find(l => l.id === target)?.title ?? target,
      },
      appliesTo: initiative.appliesTo,
      dueDate: initiative.dueDate,
      daysLeft: left,
      status: statusOf(overall, left),
      ...overall,
      teams: await teamsOf(
        counts,
        definition,
        target,
        options.team,
        options.credentials,
      ),
      trend: progressTrend(
        levelTrend(changes, {
          days: options.days,
          now: now(),
          levels: definition.levels.map(l => l.id),
        }),
        definition.levels,
        target,
      ),
    };
    if (initiative.description) out.description = initiative.description;
    if (initiative.owner) out.owner = initiative.owner;
    return out;
  }

  return {
    async initiatives(options: {
      teamRef?: string;
      days: number;
      credentials: BackstageCredentials;
    }): Promise<InitiativesReport> {
      let team: Team | undefined;
      if (options.teamRef) {
        const resolved = await deps.resolveTeam(
          options.teamRef,
          options.credentials,
        );
        if (!resolved.tree.team) {
          const owned = await rollUps.levelCounts({
            ownerRefs: [options.teamRef],
          });
          if (owned.length === 0)
            throw new NotFoundError(
              `No team ${options.teamRef} in the catalog`,
            );
        }
        team = { ...resolved, teamRef: options.teamRef };
      }
      const { ok, problems } = await usable();
      const initiatives = await Promise.all(
        ok.map(i =>
          progress(i, {
            team,
            days: options.days,
            credentials: options.credentials,
          }),
        ),
      );
      const report: InitiativesReport = {
        initiatives: initiatives.sort(
          (a, b) =>
            a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id),
        ),
        errors: [...deps.initiatives.errors(), ...problems],
      };
      if (options.teamRef) report.teamRef = options.teamRef;
      return report;
    },

    async initiative(
      id: string,
      options: { days: number; credentials: BackstageCredentials },
    ): Promise<InitiativeProgress> {
      const { ok, problems } = await usable();
      const found = ok.find(i => i.loaded.initiative.id === id);
      if (!found) {
        const problem = problems.find(p =>
          p.message.includes(`initiative "${id}":`),
        );
        throw new NotFoundError(
          problem
            ? `Initiative "${id}" cannot be shown: ${problem.message}`
            : `No initiative "${id}"`,
        );
      }
      return progress(found, options);
    },
  };
}
