import type {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { readDurationFromConfig } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { refOf } from '../Ownership/ownerRefOf';
import type { CatalogChangeFeed } from './CatalogChangeFeed';
import type { DefinitionsService } from '../Definitions/types';
import {
  type ChangeBaselineStore,
  InMemoryChangeBaselineStore,
} from './ChangeBaselineStore';
import type { EvaluationSummary, ScorecardEvaluator } from './types';

/** The kinds whose changes change what the catalog says about a scored entity. */
const OWNER_KIND = 'group';
const TEMPLATE_KIND = 'template';
const TEMPLATE_ANNOTATION = 'launchpad.io/template';
const PAGE_SIZE = 1000;
/** Refs per catalog filter when looking up dependents. */
const FILTER_CHUNK = 100;

/** `scorecards.evaluateOnChange` with its defaults. */
export interface EvaluateOnChangeSettings {
  enabled: boolean;
  /** Ask the catalog's database whether anything changed before reading every etag. */
  readCatalogDatabase: boolean;
  frequency: ReturnType<typeof readDurationFromConfig>;
}

/** Reads `scorecards.evaluateOnChange` (enabled, every 10 seconds, by default). */
export function readEvaluateOnChangeSettings(
  config: RootConfigService,
): EvaluateOnChangeSettings {
  const own = config.getOptionalConfig('scorecards.evaluateOnChange');
  return {
    enabled: own?.getOptionalBoolean('enabled') ?? true,
    readCatalogDatabase: own?.getOptionalBoolean('readCatalogDatabase') ?? true,
    frequency: own?.has('frequency')
      ? readDurationFromConfig(own, { key: 'frequency' })
      : { seconds: 10 },
  };
}

/** What one poll saw and did. */
export interface ChangePollResult {
  /** Entity refs whose catalog entity changed, appeared or disappeared since the last poll. */
  changed: string[];
  /** Scored entities evaluated because of those changes. */
  evaluated: string[];
  summary?: EvaluationSummary;
}

/**
 * Evaluates the entities whose catalog entry changed, shortly after it
 * changed, without a full run.
 *
 * @remarks
 * The catalog (4.x) publishes no entity change events, so this polls. First
 * it asks a {@link CatalogChangeFeed} (the catalog's database: a count and
 * the newest stitch time per kind) and stops there while nothing changed, so
 * an idle catalog costs a few index-only scans a poll at any size. When
 * something changed (or without a feed), it streams only kind, name and
 * `metadata.etag` of the scorecards' kinds
 * plus Groups and Templates (the etag changes whenever the stitched entity
 * changes, relations included), and compares them with the previous poll.
 * Changed, new and removed entities in scope are evaluated together in one
 * partial run; so are the entities owned by a changed Group (its members
 * changed) and those created from a changed Template (its version changed),
 * found with a catalog filter. The first poll only takes the baseline (the
 * scheduled run covers what happened before). A failed evaluation keeps the
 * old baseline, so the next poll tries again. The baseline lives in a
 * {@link ChangeBaselineStore}: the plugin keeps it in its database and runs
 * the watcher as a global scheduler task, so with several backend instances
 * one poll runs per period, wherever the previous one ran.
 */
export class EntityChangeWatcher {
  private readonly baselines: ChangeBaselineStore;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      definitions: DefinitionsService;
      evaluator: ScorecardEvaluator;
      /** Where the last poll's etags are kept (default: this process's memory). */
      baselines?: ChangeBaselineStore;
      /** Asked first; while its fingerprint stays the same a poll reads no entity. */
      changeFeed?: CatalogChangeFeed;
    },
  ) {
    this.baselines = deps.baselines ?? new InMemoryChangeBaselineStore();
  }

  async poll(): Promise<ChangePollResult | undefined> {
    const scopeKinds = new Set(
      this.deps.definitions
        .list()
        .flatMap(s => s.definition.appliesTo.kind)
        .map(k => k.toLocaleLowerCase('en-US')),
    );
    if (scopeKinds.size === 0) {
      await this.baselines.write(undefined);
      return undefined;
    }
    const watched = [...new Set([...scopeKinds, OWNER_KIND, TEMPLATE_KIND])];
    const kinds = watched.sort().join(',');
    // Read before the etags: a change in between shows in the next fingerprint.
    const fingerprint = await this.fingerprint(watched);
    const baseline = await this.baselines.read();
    if (
      fingerprint !== undefined &&
      baseline?.kinds === kinds &&
      baseline.fingerprint === fingerprint
    ) {
      return { changed: [], evaluated: [] };
    }
    const etags = await this.readEtags(watched);
    if (!baseline || baseline.kinds !== kinds) {
      await this.baselines.write({ kinds, etags, fingerprint });
      return undefined;
    }

    const changed: string[] = [];
    for (const [ref, etag] of etags) {
      if (baseline.etags.get(ref) !== etag) changed.push(ref);
    }
    for (const ref of baseline.etags.keys()) {
      if (!etags.has(ref)) changed.push(ref);
    }
    if (changed.length === 0) {
      if (fingerprint !== baseline.fingerprint) {
        await this.baselines.write({ kinds, etags, fingerprint });
      }
      return { changed, evaluated: [] };
    }

    const kindOf = (ref: string) => ref.slice(0, ref.indexOf(':'));
    const toEvaluate = new Set(changed.filter(r => scopeKinds.has(kindOf(r))));
    const dependents = await this.dependentsOf(
      [...scopeKinds],
      changed.filter(r => kindOf(r) === OWNER_KIND),
      changed.filter(r => kindOf(r) === TEMPLATE_KIND),
    );
    for (const ref of dependents) toEvaluate.add(ref);

    const evaluated = [...toEvaluate];
    let summary: EvaluationSummary | undefined;
    if (evaluated.length > 0) {
      summary = await this.deps.evaluator.evaluate({ entityRefs: evaluated });
    }
    await this.baselines.write({ kinds, etags, fingerprint });
    return { changed, evaluated, summary };
  }

  /** The change feed's fingerprint; undefined without a feed or when it fails. */
  private async fingerprint(kinds: string[]): Promise<string | undefined> {
    if (!this.deps.changeFeed) return undefined;
    try {
      return await this.deps.changeFeed.fingerprint(kinds);
    } catch (error) {
      if (!this.feedFailed) {
        this.deps.logger.warn(
          `The catalog change fingerprint cannot be read, polling every entity's etag instead: ${error}`,
        );
      }
      this.feedFailed = true;
      return undefined;
    }
  }

  private feedFailed = false;

  /** Lowercase ref -> etag of every entity of these kinds; nothing else is read. */
  private async readEtags(kinds: string[]): Promise<Map<string, string>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const etags = new Map<string, string>();
    for await (const page of this.deps.catalog.streamEntities(
      {
        filter: { kind: kinds },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.etag',
        ],
        pageSize: PAGE_SIZE,
      },
      { credentials },
    )) {
      for (const entity of page) {
        etags.set(refOf(entity), String(entity.metadata.etag ?? ''));
      }
    }
    return etags;
  }

  /** Scored entities owned by these groups or created from these templates. */
  private async dependentsOf(
    kinds: string[],
    groups: string[],
    templates: string[],
  ): Promise<string[]> {
    const filters: Record<string, string[]>[] = [];
    for (let i = 0; i < groups.length; i += FILTER_CHUNK) {
      filters.push({
        kind: kinds,
        [`relations.${RELATION_OWNED_BY}`]: groups.slice(i, i + FILTER_CHUNK),
      });
    }
    // The annotation is written as a full ref, or short when in the default namespace.
    const templateValues = templates.flatMap(ref => {
      const { namespace, name } = parseEntityRef(ref);
      return namespace === 'default'
        ? [ref, `default/${name}`, name]
        : [ref, `${namespace}/${name}`];
    });
    for (let i = 0; i < templateValues.length; i += FILTER_CHUNK) {
      filters.push({
        kind: kinds,
        [`metadata.annotations.${TEMPLATE_ANNOTATION}`]: templateValues.slice(
          i,
          i + FILTER_CHUNK,
        ),
      });
    }
    if (filters.length === 0) return [];
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const refs = new Set<string>();
    for (const filter of filters) {
      const { items } = await this.deps.catalog.getEntities(
        { filter, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
        { credentials },
      );
      for (const entity of items as Entity[]) refs.add(refOf(entity));
    }
    return [...refs];
  }
}
