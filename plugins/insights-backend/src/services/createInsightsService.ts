import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventStore } from '../database/types';
import { adoptionFunnel, type FunnelRow } from '../domain/adoptionFunnel';
import { type DoraKeys, doraKeys } from '../domain/doraKeys';
import {
  type GoldenPathUsage,
  goldenPathUsage,
  type ServicesCreated,
  servicesCreated,
} from '../domain/goldenPathUsage';
import { ownerRef } from '../domain/ownerRef';
import type { InsightEvent, InsightEventType } from '../domain/types';

const DAY_MS = 24 * 3600 * 1000;
/** How far before the window deployments and commits are read, so the first deployment's lead time has its commits. */
const LOOKBACK_MS = 30 * DAY_MS;

/** Entities a golden path created, per template and version (from the catalog). */
export interface EntitiesPerTemplateVersion {
  template: string;
  version: string;
  entities: number;
}

/** Everything the insights page shows. */
export interface InsightsReport {
  window: { from: string; to: string; days: number };
  environments: { funnel: string; dora: string };
  /** Events received in the window, per type (every team and template). */
  events: Record<InsightEventType, number>;
  goldenPaths: GoldenPathUsage[];
  servicesCreated: ServicesCreated[];
  entitiesPerTemplateVersion: EntitiesPerTemplateVersion[];
  funnel: FunnelRow[];
  dora: DoraKeys[];
}

/** Options of {@link InsightsService.report}. */
export interface ReportOptions {
  days: number;
  /** Only this team's tasks and services (an entity ref). */
  team?: string;
  /** Only this golden path (a template entity ref). */
  template?: string;
}

export interface InsightsService {
  report(options: ReportOptions): Promise<InsightsReport>;
}

/** Reads the events of the window and derives the page's tables from them. */
export function createInsightsService(options: {
  store: EventStore;
  catalog?: CatalogService;
  auth?: AuthService;
  funnelEnvironment: string;
  doraEnvironment: string;
  now?: () => number;
}): InsightsService {
  const { store, catalog, auth, funnelEnvironment, doraEnvironment } = options;

  /** Components' owners, and entities per template version, from the catalog. */
  async function readCatalog(template?: string): Promise<{
    owners: Map<string, string>;
    perVersion: EntitiesPerTemplateVersion[];
  }> {
    if (!catalog || !auth) return { owners: new Map(), perVersion: [] };
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: ['metadata.name', 'metadata.annotations', 'spec.owner'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const owners = new Map<string, string>();
    const counts = new Map<string, EntitiesPerTemplateVersion>();
    for (const entity of items) {
      const owner = ownerRef(entity.spec?.owner);
      if (owner) owners.set(entity.metadata.name.toLowerCase(), owner);
      const annotations = entity.metadata.annotations ?? {};
      const t =
        annotations['launchpad.io/template']?.toLocaleLowerCase('en-US');
      if (!t || (template && t !== template)) continue;
      const version = annotations['launchpad.io/template-version'] ?? 'unknown';
      const key = `${t}\u0000${version}`;
      const row = counts.get(key) ?? { template: t, version, entities: 0 };
      row.entities += 1;
      counts.set(key, row);
    }
    const perVersion = [...counts.values()].sort(
      (a, b) =>
        a.template.localeCompare(b.template) ||
        b.version.localeCompare(a.version, 'en', { numeric: true }),
    );
    return { owners, perVersion };
  }

  return {
    async report({ days, team, template }) {
      const to = (options.now ?? Date.now)();
      const from = to - days * DAY_MS;
      const [runs, delivery, fromCatalog, counts] = await Promise.all([
        store.list({ types: ['task', 'repository'], since: from }),
        store.list({
          types: ['ci', 'deployment', 'incident'],
          since: from - LOOKBACK_MS,
          withDetail: false,
        }),
        readCatalog(template),
        store.countByType(from),
      ]);
      const tasks = runs.filter(
        e =>
          (!team || e.team === team) && (!template || e.template === template),
      );
      // Team of each service: its catalog owner, else the golden path's owner parameter.
      const teamOf = new Map<string, string>(fromCatalog.owners);
      for (const e of runs)
        if (e.team && !teamOf.has(e.service)) teamOf.set(e.service, e.team);
      const withTeams: InsightEvent[] = delivery.map(e =>
        e.team || !teamOf.has(e.service)
          ? e
          : { ...e, team: teamOf.get(e.service) },
      );
      const services = new Set(tasks.map(t => t.service));
      const dora = doraKeys(withTeams, {
        window: { from, to },
        environment: doraEnvironment,
      }).filter(
        d =>
          (!team || d.team === team) && (!template || services.has(d.service)),
      );
      return {
        window: {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          days,
        },
        environments: { funnel: funnelEnvironment, dora: doraEnvironment },
        events: counts,
        goldenPaths: goldenPathUsage(tasks),
        servicesCreated: servicesCreated(tasks),
        entitiesPerTemplateVersion: fromCatalog.perVersion,
        funnel: adoptionFunnel(
          [...tasks, ...withTeams.filter(e => services.has(e.service))],
          { environment: funnelEnvironment },
        ),
        dora,
      };
    },
  };
}
