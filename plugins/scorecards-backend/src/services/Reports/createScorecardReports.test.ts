/*
 * The reports service on its own: scores in the score store on the real
 * (embedded) Postgres, the live definitions, and the owners' problems in;
 * what the API answers out. (The whole API over the real catalog:
 * plugin.managers.test.ts.)
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  DefinitionLoadError,
  OrphanedEntity,
} from '@internal/plugin-scorecards-common';
import {
  createScoreStoreDatabase,
  type ScoreStoreDatabase,
} from '../../__testUtils__/scoreStoreDatabase';
import { servicesScorecard } from '../../__testUtils__/servicesScorecard';
import type { ScoreWrite } from '../../database/types';
import type { DefinitionsService } from '../Definitions/types';
import type { InitiativesService } from '../Initiatives/types';
import type { OwnershipService } from '../Ownership/types';
import { createScorecardReports } from './createScorecardReports';

jest.setTimeout(60_000);

const SERVICES = servicesScorecard([
  {
    id: 'described',
    title: 'Has a description',
    howToFix: 'Write one in catalog-info.yaml.',
    level: 'bronze',
    fact: 'catalog.hasDescription',
  },
]);

const write = (
  entityRef: string,
  overrides: Partial<ScoreWrite> = {},
): ScoreWrite => ({
  entityRef,
  scorecardId: 'services',
  ownerRef: 'group:default/web',
  level: 'bronze',
  points: 1,
  maxPoints: 2,
  results: [
    { checkId: 'described', status: 'passed', actual: true },
    // a check the live definition no longer has
    { checkId: 'retired', status: 'failed', actual: false },
  ],
  signature: 's1',
  resultsHash: 'r1',
  definitionHash: 'd1',
  inputHash: 'i1',
  reason: 'scheduled',
  ...overrides,
});

const BROKEN: DefinitionLoadError = {
  file: 'broken.yaml',
  message: 'broken.yaml: levels: required',
  since: '2025-06-01T09:00:00.000Z',
  keptLastGood: false,
};

const ORPHANS: OrphanedEntity[] = [
  {
    entityRef: 'component:default/a',
    kind: 'Component',
    ownerRef: null,
    problem: 'no-owner',
  },
  {
    entityRef: 'component:default/b',
    kind: 'Component',
    ownerRef: 'group:default/gone',
    problem: 'owner-missing',
  },
];

describe('createScorecardReports', () => {
  let database: ScoreStoreDatabase;
  const credentials = mockCredentials.user();
  const orphanQueries: unknown[] = [];
  const definitions: DefinitionsService = {
    list: () => [
      { definition: SERVICES, file: 'services.yaml', hash: 'h-services' },
    ],
    errors: () => [BROKEN],
    reload: async () => undefined,
  };
  const initiatives: InitiativesService = {
    list: async () => [],
    errors: () => [],
  };
  const ownership: OwnershipService = {
    resolveOwners: async () => new Map(),
    findOrphans: async options => {
      orphanQueries.push(options.kinds);
      return ORPHANS;
    },
  };
  const reports = () =>
    createScorecardReports({
      store: database.store,
      definitions,
      initiatives,
      ownership,
      catalog: catalogServiceMock({ entities: [] }),
      now: () => new Date('2025-06-10T00:00:00Z'),
    });

  beforeAll(async () => {
    database = await createScoreStoreDatabase('scorecards_reports');
    await database.store.saveEvaluation({
      evaluatedAt: new Date('2025-06-01T10:00:00Z'),
      writes: [write('component:default/shop')],
      evaluated: { scorecardIds: ['services'] },
      removed: [],
      removeOtherScorecards: true,
    });
    await database.store.saveEvaluation({
      evaluatedAt: new Date('2025-06-02T10:00:00Z'),
      writes: [
        write('component:default/shop', {
          level: 'silver',
          points: 2,
          signature: 's2',
          reason: 'entity-changed',
        }),
      ],
      evaluated: { scorecardIds: ['services'] },
      removed: [],
      removeOtherScorecards: true,
    });
  });
  afterAll(() => database?.drop());

  it('lists the live definitions with their file and hash, and the files that did not load', () => {
    expect(reports().definitions()).toEqual({
      definitions: [{ ...SERVICES, file: 'services.yaml', hash: 'h-services' }],
      errors: [BROKEN],
    });
  });

  it("answers an entity's latest scores, each check with what its live definition says about it", async () => {
    const report = await reports().entity('component:default/shop');
    expect(report).toMatchObject({
      entityRef: 'component:default/shop',
      ownerRef: 'group:default/web',
      scorecards: [
        {
          scorecard: { id: 'services', title: 'Service maturity' },
          level: 'silver',
          points: 2,
          maxPoints: 2,
          reason: 'entity-changed',
        },
      ],
    });
    expect(report.scorecards[0].checks).toEqual([
      {
        checkId: 'described',
        status: 'passed',
        actual: true,
        title: 'Has a description',
        howToFix: 'Write one in catalog-info.yaml.',
        level: 'bronze',
        points: 1,
        fact: 'catalog.hasDescription',
        operator: 'equals',
        value: true,
      },
      { checkId: 'retired', status: 'failed', actual: false },
    ]);
  });

  it("answers an entity's history, newest first", async () => {
    const { items } = await reports().entityHistory('component:default/shop', {
      limit: 10,
    });
    expect(items.map(i => i.level)).toEqual(['silver', 'bronze']);
  });

  it('is a NotFoundError for an entity nobody scored, its scores and its history', async () => {
    await expect(reports().entity('component:default/unknown')).rejects.toThrow(
      new NotFoundError(
        'No scorecard results for component:default/unknown: it is not in the catalog, or no scorecard applies to it yet',
      ),
    );
    await expect(
      reports().entityHistory('component:default/unknown', { limit: 10 }),
    ).rejects.toThrow(
      new NotFoundError('No scorecard history for component:default/unknown'),
    );
  });

  it('names the scorecard when an entity has no history on it', async () => {
    await expect(
      reports().entityHistory('component:default/shop', {
        scorecardId: 'apis',
        limit: 10,
      }),
    ).rejects.toThrow(
      new NotFoundError(
        'No scorecard history for component:default/shop on scorecard "apis"',
      ),
    );
  });

  it('answers the orphans of the asked kinds, all or only those with the asked problems', async () => {
    const all = await reports().orphans({ kinds: ['Component'], credentials });
    expect(all).toEqual({ total: 2, items: ORPHANS });
    const missing = await reports().orphans({
      kinds: ['Component', 'API'],
      problems: ['owner-missing'],
      credentials,
    });
    expect(missing).toEqual({ total: 1, items: [ORPHANS[1]] });
    expect(orphanQueries).toEqual([['Component'], ['Component', 'API']]);
  });
});
