import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  appliesToEntity,
  evaluateEntity,
  factSourceOf,
  type FactValues,
  type ScoreChangeReason,
} from '@internal/plugin-scorecards-common';
import { createHash } from 'node:crypto';
import type { ScoreKey, ScoreStore, ScoreWrite } from '../../database/types';
import { stableStringify } from '../../stableStringify';
import type { DefinitionsService } from '../Definitions/types';
import {
  type FactSource,
  FactSourceUnavailableError,
} from '@internal/plugin-scorecards-node';
import { normalizeRef, ownerRefOf, refOf } from '../Ownership/ownerRefOf';
import { changeReason, scoreSignature } from './changeReason';
import type { EvaluationSummary, ScorecardEvaluator } from './types';

/** What the evaluator reads of each entity: enough for every fact source, nothing bulky. */
const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'metadata.labels',
  'metadata.tags',
  'metadata.links',
  'spec',
  'relations',
];
const PAGE_SIZE = 1000;

function hash(value: unknown): string {
  return createHash('sha256')
    .update(stableStringify(value))
    .digest('hex')
    .slice(0, 16);
}

const keyOf = (k: ScoreKey) => `${k.scorecardId}\u0000${k.entityRef}`;

/** The {@link ScorecardEvaluator}: catalog entities in, scores and history out. */
export class DefaultScorecardEvaluator implements ScorecardEvaluator {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      store: ScoreStore;
      definitions: DefinitionsService;
      /** Every fact source, the catalog's included; ids are unique. */
      factSources: ReadonlyArray<FactSource>;
    },
  ) {}

  evaluate(
    options: { entityRefs?: string[] } = {},
  ): Promise<EvaluationSummary> {
    const run = this.queue.then(() => this.run(options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(options: {
    entityRefs?: string[];
  }): Promise<EvaluationSummary> {
    const started = Date.now();
    const { store, logger } = this.deps;
    await this.deps.definitions.reload();
    const scorecards = this.deps.definitions.list();
    const entityRefs = options.entityRefs?.map(normalizeRef);

    const entities =
      scorecards.length > 0
        ? await this.readEntities(
            scorecards.flatMap(s => s.definition.appliesTo.kind),
            entityRefs,
          )
        : [];
    const applicable = scorecards.map(s =>
      entities.filter(e => appliesToEntity(s.definition.appliesTo, e)),
    );
    const inScope = [...new Set(applicable.flat())];

    const { facts, unavailable } = await this.collectFacts(
      inScope,
      scorecards.map(s => s.definition),
    );
    const unavailableSources = new Set(Object.keys(unavailable));

    // What the catalog says about the entity; a change here is "entity-changed".
    const inputHashes = new Map<string, string>();
    for (const entity of inScope) {
      const ref = refOf(entity);
      const catalogFacts = Object.fromEntries(
        Object.entries(facts.get(ref) ?? {}).filter(
          ([name]) => factSourceOf(name) === 'catalog',
        ),
      );
      inputHashes.set(ref, hash({ entity, catalogFacts }));
    }

    const scorecardIds = scorecards.map(s => s.definition.id);
    const previous = new Map(
      (await store.latestStates({ scorecardIds, entityRefs })).map(s => [
        keyOf(s),
        s,
      ]),
    );

    const writes: ScoreWrite[] = [];
    const seen = new Set<string>();
    const reasons: Partial<Record<ScoreChangeReason, number>> = {};
    scorecards.forEach(({ definition, hash: definitionHash }, i) => {
      for (const entity of applicable[i]) {
        const entityRef = refOf(entity);
        const key = keyOf({ entityRef, scorecardId: definition.id });
        if (seen.has(key)) continue; // the same entity listed twice in a partial run
        seen.add(key);
        const evaluation = evaluateEntity(definition, {
          values: facts.get(entityRef) ?? {},
          unavailable,
        });
        const inputHash = inputHashes.get(entityRef)!;
        const ownerRef = ownerRefOf(entity);
        const signature = scoreSignature(evaluation);
        const resultsHash = hash(evaluation.results);
        const before = previous.get(key);
        const write: ScoreWrite = {
          entityRef,
          scorecardId: definition.id,
          ownerRef,
          level: evaluation.level,
          points: evaluation.points,
          maxPoints: evaluation.maxPoints,
          results: evaluation.results,
          signature,
          resultsHash,
          definitionHash,
          inputHash,
        };
        if (!before || before.signature !== signature) {
          write.reason = changeReason({
            previous: before,
            definition,
            definitionHash,
            inputHash,
            evaluation,
            unavailableSources,
          });
          reasons[write.reason] = (reasons[write.reason] ?? 0) + 1;
          writes.push(write);
        } else if (
          before.resultsHash !== resultsHash ||
          before.definitionHash !== definitionHash ||
          before.inputHash !== inputHash ||
          before.ownerRef !== ownerRef
        ) {
          writes.push(write);
        }
      }
    });
    const removed = [...previous.values()].filter(s => !seen.has(keyOf(s)));

    await store.saveEvaluation({
      evaluatedAt: new Date(),
      writes,
      evaluated: { scorecardIds, entityRefs },
      removed,
      removeOtherScorecards: !entityRefs,
    });

    const summary: EvaluationSummary = {
      scorecards: scorecards.length,
      entities: inScope.length,
      evaluated: seen.size,
      changed: writes.filter(w => w.reason).length,
      removed: removed.length,
      reasons,
      unavailableSources: unavailable,
      durationMs: Date.now() - started,
    };
    logger.info(
      `Scorecards evaluated ${summary.evaluated} scores of ${summary.entities} entities in ${summary.durationMs} ms: ` +
        `${summary.changed} changed, ${summary.removed} removed`,
    );
    return summary;
  }

  /** Entities of the scorecards' kinds, page by page; or only the given refs. */
  private async readEntities(
    kinds: string[],
    entityRefs?: string[],
  ): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const kind = [...new Set(kinds.map(k => k.toLocaleLowerCase('en-US')))];
    const entities: Entity[] = [];
    if (entityRefs) {
      for (let i = 0; i < entityRefs.length; i += PAGE_SIZE) {
        const { items } = await this.deps.catalog.getEntitiesByRefs(
          {
            entityRefs: entityRefs.slice(i, i + PAGE_SIZE),
            fields: ENTITY_FIELDS,
            filter: { kind },
          },
          { credentials },
        );
        for (const item of items) if (item) entities.push(item);
      }
      return entities;
    }
    for await (const page of this.deps.catalog.streamEntities(
      { filter: { kind }, fields: ENTITY_FIELDS, pageSize: PAGE_SIZE },
      { credentials },
    )) {
      entities.push(...page);
    }
    return entities;
  }

  /** Asks each fact source that live checks use, in parallel; a failing source makes its facts unknown. */
  private async collectFacts(
    entities: Entity[],
    definitions: ReadonlyArray<{ checks: ReadonlyArray<{ fact: string }> }>,
  ) {
    const needed = new Map<string, Set<string>>();
    for (const definition of definitions) {
      for (const check of definition.checks) {
        const source = factSourceOf(check.fact);
        if (!needed.has(source)) needed.set(source, new Set());
        needed.get(source)!.add(check.fact);
      }
    }
    const facts = new Map<string, FactValues>();
    const unavailable: Record<string, string> = {};
    if (entities.length === 0) return { facts, unavailable };

    await Promise.all(
      this.deps.factSources
        .filter(source => needed.has(source.id))
        .map(async source => {
          try {
            const result = await source.retrieve(entities, {
              factNames: needed.get(source.id)!,
              logger: this.deps.logger.child({ factSource: source.id }),
            });
            for (const [ref, values] of result) {
              const key = normalizeRef(ref);
              const own = Object.fromEntries(
                Object.entries(values).filter(
                  ([name]) => factSourceOf(name) === source.id,
                ),
              );
              facts.set(key, { ...facts.get(key), ...own });
            }
          } catch (error) {
            const message =
              error instanceof Error ? error.message : String(error);
            unavailable[source.id] = message;
            if (error instanceof FactSourceUnavailableError) {
              this.deps.logger.warn(
                `Fact source "${source.id}" is unavailable: ${message}`,
              );
            } else {
              this.deps.logger.error(
                `Fact source "${source.id}" failed; its checks are unknown in this run`,
                error as Error,
              );
            }
          }
        }),
    );
    return { facts, unavailable };
  }
}
