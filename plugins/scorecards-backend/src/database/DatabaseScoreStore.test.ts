/*
 * The score store on the real (embedded) Postgres: a fresh database per run.
 */
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import { DatabaseScoreStore } from './DatabaseScoreStore';
import type { ScoreWrite } from './types';

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
  let admin: Knex;
  let db: Knex;
  let store: DatabaseScoreStore;
  const name = `scorecards_store_${randomBytes(4).toString('hex')}`;
  const t1 = new Date('2025-06-01T10:00:00Z');
  const t2 = new Date('2025-06-02T10:00:00Z');
  const t3 = new Date('2025-06-03T10:00:00Z');

  beforeAll(async () => {
    const { connection } = testDatabaseConfig();
    admin = knexFactory({ client: 'pg', connection });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(connection);
    url.pathname = `/${name}`;
    db = knexFactory({ client: 'pg', connection: url.toString() });
    store = await DatabaseScoreStore.create({
      database: { getClient: async () => db },
    });
  });

  afterAll(async () => {
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.destroy();
  });

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

  it('reads a team through current ownership, history oldest first', async () => {
    expect(
      (await store.latestForOwner('group:default/team-a')).map(
        s => s.entityRef,
      ),
    ).toEqual(['component:default/a']);
    expect(
      (await store.historyForOwner('group:default/team-a')).map(p => [
        p.entityRef,
        p.level,
      ]),
    ).toEqual([
      ['component:default/a', 'bronze'],
      ['component:default/a', 'silver'],
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
