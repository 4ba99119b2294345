/*
 * The score store on the real (embedded) Postgres: a fresh database per run.
 */
import {
  createScoreStoreDatabase,
  type ScoreStoreDatabase,
} from '../__testUtils__/scoreStoreDatabase';
import type { DatabaseScoreStore } from './DatabaseScoreStore';
import type { ScoreWrite } from './types';

// A database created and migrated per describe on a shared 2-core machine:
// generous, never asserted on.
jest.setTimeout(60_000);

function write(
  entityRef: string,
  overrides: Partial<ScoreWrite> = {},
): ScoreWrite {
  return {
    entityRef,
    scorecardId: 'services',
    ownerRef: 'group:default/team-a',
    level: 'bronze',
    points: 2,
    maxPoints: 4,
    results: [{ checkId: 'has-description', status: 'passed', actual: true }],
    signature: 's1',
    resultsHash: 'r1',
    definitionHash: 'd1',
    inputHash: 'i1',
    reason: 'scheduled',
    ...overrides,
  };
}

describe('DatabaseScoreStore', () => {
  let database: ScoreStoreDatabase;
  let store: DatabaseScoreStore;
  const t1 = new Date('2025-06-01T10:00:00Z');
  const t2 = new Date('2025-06-02T10:00:00Z');
  const t3 = new Date('2025-06-03T10:00:00Z');

  beforeAll(async () => {
    database = await createScoreStoreDatabase('scorecards_store');
    store = database.store;
  });

  afterAll(() => database?.drop());

  it('stores a first evaluation as history and as the latest score', async () => {
    await store.saveEvaluation({
      evaluatedAt: t1,
      writes: [
        write('component:default/a'),
        write('component:default/b', { ownerRef: 'group:default/team-b' }),
      ],
      evaluated: { scorecardIds: ['services'] },
      removed: [],
      removeOtherScorecards: true,
    });
    const [latest] = await store.latestForEntity('component:default/a');
    expect(latest).toEqual({
      entityRef: 'component:default/a',
      scorecardId: 'services',
      ownerRef: 'group:default/team-a',
      level: 'bronze',
      points: 2,
      maxPoints: 4,
      results: [{ checkId: 'has-description', status: 'passed', actual: true }],
      reason: 'scheduled',
      changedAt: t1.toISOString(),
      evaluatedAt: t1.toISOString(),
    });
    expect(
      await store.latestStates({
        scorecardIds: ['services'],
        entityRefs: ['component:default/b'],
      }),
    ).toEqual([
      {
        entityRef: 'component:default/b',
        scorecardId: 'services',
        ownerRef: 'group:default/team-b',
        signature: 's1',
        resultsHash: 'r1',
        definitionHash: 'd1',
        inputHash: 'i1',
      },
    ]);
  });

  it('refreshes inputs without a history row, keeping the time and reason of the last change', async () => {
    await store.saveEvaluation({
      evaluatedAt: t2,
      writes: [
        write('component:default/a', {
          reason: undefined,
          inputHash: 'i2',
          resultsHash: 'r2',
        }),
      ],
      evaluated: {
        scorecardIds: ['services'],
        entityRefs: ['component:default/a'],
      },
      removed: [],
      removeOtherScorecards: false,
    });
    const [latest] = await store.latestForEntity('component:default/a');
    expect(latest).toMatchObject({
      reason: 'scheduled',
      changedAt: t1.toISOString(),
      evaluatedAt: t2.toISOString(),
    });
    expect(
      (await store.latestStates({ scorecardIds: ['services'] })).find(
        s => s.entityRef === 'component:default/a',
      ),
    ).toMatchObject({ inputHash: 'i2', resultsHash: 'r2' });
    expect(
      await store.historyForEntity('component:default/a', { limit: 10 }),
    ).toHaveLength(1);
    // A partial run leaves the other scores' evaluation time alone.
    expect(
      (await store.latestForEntity('component:default/b'))[0].evaluatedAt,
    ).toBe(t1.toISOString());
  });

  it('adds a history row for a changed score, newest first', async () => {
    await store.saveEvaluation({
      evaluatedAt: t3,
      writes: [
        write('component:default/a', {
          level: 'silver',
          points: 3,
          signature: 's2',
          reason: 'entity-changed',
        }),
      ],
      evaluated: { scorecardIds: ['services'] },
      removed: [],
      removeOtherScorecards: true,
    });
    const history = await store.historyForEntity('component:default/a', {
      limit: 10,
    });
    expect(history.map(h => [h.level, h.reason, h.evaluatedAt])).toEqual([
      ['silver', 'entity-changed', t3.toISOString()],
      ['bronze', 'scheduled', t1.toISOString()],
    ]);
    expect(
      await store.historyForEntity('component:default/a', {
        limit: 1,
        scorecardId: 'services',
      }),
    ).toHaveLength(1);
    expect(
      await store.historyForEntity('component:default/a', {
        limit: 10,
        scorecardId: 'other',
      }),
    ).toEqual([]);
    // A full run touches every score of the scorecard.
    expect(
      (await store.latestForEntity('component:default/b'))[0].evaluatedAt,
    ).toBe(t3.toISOString());
  });

  it('reads a team through current ownership, its history as daily changes', async () => {
    expect(
      (await store.latestForOwner('group:default/team-a')).map(
        s => s.entityRef,
      ),
    ).toEqual(['component:default/a']);
    expect(
      (
        await store.dailyLevelChanges({ ownerRefs: ['group:default/team-a'] })
      ).map(c => [c.day, c.level, c.entities, c.points]),
    ).toEqual([
      ['2025-06-01', 'bronze', 1, 2],
      ['2025-06-03', 'bronze', -1, -2],
      ['2025-06-03', 'silver', 1, 3],
    ]);
  });

  it('removes scores that no longer apply, and those of scorecards that are gone, keeping history', async () => {
    await store.saveEvaluation({
      evaluatedAt: t3,
      writes: [write('component:default/a', { scorecardId: 'libraries' })],
      evaluated: { scorecardIds: ['services', 'libraries'] },
      removed: [{ entityRef: 'component:default/b', scorecardId: 'services' }],
      removeOtherScorecards: true,
    });
    expect(await store.latestForEntity('component:default/b')).toEqual([]);
    expect(
      await store.historyForEntity('component:default/b', { limit: 10 }),
    ).toHaveLength(1);

    await store.saveEvaluation({
      evaluatedAt: t3,
      writes: [],
      evaluated: { scorecardIds: ['libraries'] },
      removed: [],
      removeOtherScorecards: true,
    });
    expect(
      (await store.latestForEntity('component:default/a')).map(
        s => s.scorecardId,
      ),
    ).toEqual(['libraries']);
  });
});

describe('DatabaseScoreStore roll-ups', () => {
  let database: ScoreStoreDatabase;
  let store: DatabaseScoreStore;
  const teamA = 'group:default/team-a';
  const teamB = 'group:default/team-b';
  const results = (failed: string[], unknown: string[] = []) => [
    ...failed.map(checkId => ({ checkId, status: 'failed' as const })),
    ...unknown.map(checkId => ({ checkId, status: 'unknown' as const })),
    { checkId: 'always', status: 'passed' as const },
  ];
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    database = await createScoreStoreDatabase('scorecards_rollups');
    store = database.store;

    // Day 1: a none, b bronze (team-a); c silver (team-b); d has no owner.
    await store.saveEvaluation({
      evaluatedAt: at('2025-06-01T09:00:00Z'),
      writes: [
        write('component:default/a', {
          level: null,
          points: 1,
          results: results(['docs', 'ci']),
        }),
        write('component:default/b', {
          level: 'bronze',
          points: 2,
          results: results(['docs'], ['ci']),
        }),
        write('component:default/c', {
          ownerRef: teamB,
          level: 'silver',
          points: 3,
          results: results([], ['ci']),
        }),
        write('component:default/d', {
          ownerRef: null,
          level: null,
          points: 0,
          results: results(['owner']),
        }),
      ],
      evaluated: { scorecardIds: ['services'] },
      removed: [],
      removeOtherScorecards: true,
    });
    // Day 1 later: a reaches bronze; its last score of day 1 counts.
    await store.saveEvaluation({
      evaluatedAt: at('2025-06-01T18:00:00Z'),
      writes: [
        write('component:default/a', {
          level: 'bronze',
          points: 2,
          signature: 's2',
          reason: 'entity-changed',
          results: results(['ci']),
        }),
      ],
      evaluated: {
        scorecardIds: ['services'],
        entityRefs: ['component:default/a'],
      },
      removed: [],
      removeOtherScorecards: false,
    });
    // Day 3: b reaches gold.
    await store.saveEvaluation({
      evaluatedAt: at('2025-06-03T09:00:00Z'),
      writes: [
        write('component:default/b', {
          level: 'gold',
          points: 5,
          signature: 's3',
          reason: 'entity-changed',
          results: results([]),
        }),
      ],
      evaluated: {
        scorecardIds: ['services'],
        entityRefs: ['component:default/b'],
      },
      removed: [],
      removeOtherScorecards: false,
    });
  });

  afterAll(() => database?.drop());

  it('counts current scores per owner and level, filtered by owner, entity and scorecard', async () => {
    const sorted = (rows: Awaited<ReturnType<typeof store.levelCounts>>) =>
      rows
        .map(r => [r.ownerRef, r.level, r.entities, r.points])
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(
      sorted(await store.levelCounts({ ownerRefs: [teamA, teamB] })),
    ).toEqual([
      [teamA, 'bronze', 1, 2],
      [teamA, 'gold', 1, 5],
      [teamB, 'silver', 1, 3],
    ]);
    expect(sorted(await store.levelCounts({}))).toHaveLength(4);
    expect(
      sorted(
        await store.levelCounts({
          entityRefs: ['component:default/c', 'component:default/d'],
        }),
      ),
    ).toEqual([
      [teamB, 'silver', 1, 3],
      [null, null, 1, 0],
    ]);
    expect(await store.levelCounts({ scorecardIds: ['other'] })).toEqual([]);
    expect(await store.levelCounts({ ownerRefs: [] })).toEqual([]);
  });

  it('keeps the failed and unknown checks per owner in step with partial and full runs', async () => {
    const counts = async (ownerRefs: string[]) =>
      (await store.checkCounts({ ownerRefs }))
        .map(c => [c.checkId, c.failed, c.unknown])
        .sort();
    // a fails ci; b passes everything now; c has ci unknown.
    expect(await counts([teamA])).toEqual([['ci', 1, 0]]);
    expect(await counts([teamA, teamB])).toEqual([['ci', 1, 1]]);

    // A partial run that moves a to team-b updates both owners.
    await store.saveEvaluation({
      evaluatedAt: at('2025-06-03T10:00:00Z'),
      writes: [
        write('component:default/a', {
          ownerRef: teamB,
          level: 'bronze',
          points: 2,
          signature: 's2',
          results: results(['ci']),
        }),
      ],
      evaluated: {
        scorecardIds: ['services'],
        entityRefs: ['component:default/a'],
      },
      removed: [],
      removeOtherScorecards: false,
    });
    expect(await counts([teamA])).toEqual([]);
    expect(await counts([teamB])).toEqual([['ci', 1, 1]]);

    // A full run that drops the scorecard clears everything.
    await store.saveEvaluation({
      evaluatedAt: at('2025-06-03T11:00:00Z'),
      writes: [],
      evaluated: { scorecardIds: [] },
      removed: [],
      removeOtherScorecards: true,
    });
    expect(await counts([teamA, teamB])).toEqual([]);
  });

  it('computes the daily level changes from the history of the entities that match now', async () => {
    // History stays after the full run above; the latest rows are gone, so
    // restore them first: the filter applies to current scores.
    await store.saveEvaluation({
      evaluatedAt: at('2025-06-03T12:00:00Z'),
      writes: [
        write('component:default/a', {
          ownerRef: teamB,
          level: 'bronze',
          points: 2,
          signature: 's2',
          results: results(['ci']),
        }),
        write('component:default/b', {
          level: 'gold',
          points: 5,
          signature: 's3',
          results: results([]),
        }),
      ],
      evaluated: { scorecardIds: ['services'] },
      removed: [],
      removeOtherScorecards: true,
    });
    const changes = await store.dailyLevelChanges({
      ownerRefs: [teamA, teamB],
    });
    expect(changes.map(c => [c.day, c.level, c.entities, c.points])).toEqual([
      // a: bronze at the end of day 1 (its morning score is superseded); b: bronze.
      ['2025-06-01', 'bronze', 2, 4],
      // b: bronze -> gold.
      ['2025-06-03', 'bronze', -1, -2],
      ['2025-06-03', 'gold', 1, 5],
    ]);
    expect(
      await store.dailyLevelChanges({ entityRefs: ['component:default/c'] }),
    ).toEqual([]);
  });
});
