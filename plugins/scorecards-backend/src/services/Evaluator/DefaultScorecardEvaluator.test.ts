/*
 * The evaluator on its own: catalog entities (Backstage's in-memory catalog
 * service) and a fact source in, scores and their reasons out, written to the
 * score store on the real (embedded) Postgres.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  FactValues,
  ScorecardDefinition,
} from '@internal/plugin-scorecards-common';
import {
  type FactSource,
  FactSourceUnavailableError,
} from '@internal/plugin-scorecards-node';
import {
  createScoreStoreDatabase,
  type ScoreStoreDatabase,
} from '../../__testUtils__/scoreStoreDatabase';
import { servicesScorecard } from '../../__testUtils__/servicesScorecard';
import type { DefinitionsService } from '../Definitions/types';
import { DefaultScorecardEvaluator } from './DefaultScorecardEvaluator';

jest.setTimeout(60_000);

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const ENTITIES: Entity[] = [
  component('shop', 'group:default/web'),
  component('pay', 'group:default/payments'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'shop-api', namespace: 'default' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'group:default/web',
      definition: 'openapi: 3.0.0',
    },
  },
];

const SERVICES = servicesScorecard([
  {
    id: 'documented',
    title: 'Documented',
    level: 'bronze',
    fact: 'probe.documented',
  },
  {
    id: 'alerting',
    title: 'Alerts on call',
    level: 'silver',
    fact: 'probe.alerting',
  },
]);

/** A fact source whose answers (or outage) the test sets. */
class ProbeFactSource implements FactSource {
  readonly id = 'probe';
  facts: Record<string, FactValues> = {};
  down?: string;
  asked: string[][] = [];

  async retrieve(entities: ReadonlyArray<Entity>) {
    this.asked.push(entities.map(e => e.metadata.name));
    if (this.down) throw new FactSourceUnavailableError(this.down);
    return new Map(Object.entries(this.facts));
  }
}

function definitions(list: ScorecardDefinition[]): DefinitionsService {
  return {
    list: () =>
      list.map(definition => ({
        definition,
        file: `${definition.id}.yaml`,
        hash: JSON.stringify(definition),
      })),
    errors: () => [],
    reload: async () => undefined,
  };
}

describe('DefaultScorecardEvaluator', () => {
  let database: ScoreStoreDatabase;
  const probe = new ProbeFactSource();

  beforeAll(async () => {
    database = await createScoreStoreDatabase('scorecards_evaluator');
  });
  afterAll(() => database?.drop());

  const evaluator = (
    list: ScorecardDefinition[] = [SERVICES],
    entities: Entity[] = ENTITIES,
  ) =>
    new DefaultScorecardEvaluator({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      store: database.store,
      definitions: definitions(list),
      factSources: [probe],
    });

  it('scores the entities a scorecard applies to, from the facts of its source, with their owners', async () => {
    probe.facts = {
      'component:default/shop': {
        'probe.documented': true,
        'probe.alerting': true,
      },
      'component:default/pay': {
        'probe.documented': true,
        'probe.alerting': false,
      },
    };
    const summary = await evaluator().evaluate();
    expect(summary).toMatchObject({
      scorecards: 1,
      entities: 2,
      evaluated: 2,
      changed: 2,
      removed: 0,
      reasons: { scheduled: 2 },
      unavailableSources: {},
    });
    // the API is not a Component: never asked for, never scored
    expect(probe.asked.at(-1)!.sort()).toEqual(['pay', 'shop']);
    expect(
      await database.store.latestForEntity('api:default/shop-api'),
    ).toEqual([]);
    const [shop] = await database.store.latestForEntity(
      'component:default/shop',
    );
    expect(shop).toMatchObject({
      scorecardId: 'services',
      ownerRef: 'group:default/web',
      level: 'silver',
      points: 2,
      maxPoints: 2,
      reason: 'scheduled',
    });
    const [pay] = await database.store.latestForEntity('component:default/pay');
    expect(pay).toMatchObject({
      ownerRef: 'group:default/payments',
      level: 'bronze',
      points: 1,
      results: [
        expect.objectContaining({ checkId: 'documented', status: 'passed' }),
        expect.objectContaining({ checkId: 'alerting', status: 'failed' }),
      ],
    });
  });

  it('writes nothing new when nothing changed', async () => {
    const summary = await evaluator().evaluate();
    expect(summary).toMatchObject({ evaluated: 2, changed: 0, reasons: {} });
  });

  it('goes on when the source is down: its checks are unknown and the reason says so', async () => {
    probe.down = 'probe backend answers 503';
    try {
      const summary = await evaluator().evaluate();
      expect(summary).toMatchObject({
        evaluated: 2,
        unavailableSources: { probe: 'probe backend answers 503' },
      });
      expect(summary.reasons['fact-source-unavailable']).toBe(2);
      const [shop] = await database.store.latestForEntity(
        'component:default/shop',
      );
      expect(shop.reason).toBe('fact-source-unavailable');
      expect(shop.results.map(r => r.status)).toEqual(['unknown', 'unknown']);
    } finally {
      probe.down = undefined;
    }
  });

  it('names a changed rule as the reason', async () => {
    const stricter: ScorecardDefinition = {
      ...SERVICES,
      checks: SERVICES.checks.map(c => ({ ...c, value: false })),
    };
    const changed = await evaluator([stricter]).evaluate();
    expect(changed).toMatchObject({
      evaluated: 2,
      changed: 2,
      reasons: { 'rule-changed': 2 },
    });
  });

  it('removes the score of an entity that left the catalog, and every score of a scorecard that is gone', async () => {
    const withoutPay = ENTITIES.filter(e => e.metadata.name !== 'pay');
    const left = await evaluator([SERVICES], withoutPay).evaluate();
    expect(left).toMatchObject({ entities: 1, evaluated: 1, removed: 1 });
    expect(
      await database.store.latestForEntity('component:default/pay'),
    ).toEqual([]);
    expect(
      await database.store.latestForEntity('component:default/shop'),
    ).toHaveLength(1);

    const gone = await evaluator([]).evaluate();
    expect(gone).toMatchObject({ scorecards: 0, entities: 0, evaluated: 0 });
    expect(
      await database.store.latestForEntity('component:default/shop'),
    ).toEqual([]);
  });
});
