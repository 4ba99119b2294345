/*
 * The change watcher with several backend instances: it is scheduled as a
 * global task (one poll per period across instances), and its baseline is in
 * the plugin's Postgres database, so whichever instance runs the next poll
 * sees what changed since the previous poll, wherever that one ran.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import knexFactory, { type Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import scorecardsPlugin from '../../index';
import { DatabaseScoreStore } from '../../database/DatabaseScoreStore';
import {
  type ChangeBaselineStore,
  DatabaseChangeBaselineStore,
  InMemoryChangeBaselineStore,
} from './ChangeBaselineStore';
import { EntityChangeWatcher } from './EntityChangeWatcher';

jest.setTimeout(120_000);

const component = (name: string, etag: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', etag },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/** One backend instance's watcher, looking at the catalog as it is now. */
function instance(entities: Entity[], baselines: ChangeBaselineStore) {
  const evaluated: string[][] = [];
  const watcher = new EntityChangeWatcher({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    definitions: {
      list: () => [{ definition: { appliesTo: { kind: ['Component'] } } }],
    } as any,
    evaluator: {
      evaluate: async ({ entityRefs }: { entityRefs?: string[] } = {}) => {
        evaluated.push([...(entityRefs ?? [])].sort());
        return { evaluated: entityRefs?.length ?? 0 } as any;
      },
    } as any,
    baselines,
  });
  return { watcher, evaluated };
}

describe('EntityChangeWatcher across backend instances', () => {
  let admin: Knex;
  let db: Knex;
  const name = `scorecards_watch_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const { connection } = testDatabaseConfig();
    admin = knexFactory({ client: 'pg', connection });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(connection);
    url.pathname = `/${name}`;
    db = knexFactory({ client: 'pg', connection: url.toString() });
    // The plugin's migrations, as the plugin runs them
    await DatabaseScoreStore.create({
      database: { getClient: async () => db },
    });
  });

  afterAll(async () => {
    await db?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin?.destroy();
  });

  const before = [
    component('svc-a', 'a1'),
    component('svc-b', 'b1'),
    component('svc-c', 'c1'),
  ];
  const after = [
    component('svc-a', 'a2'),
    component('svc-b', 'b1'),
    component('svc-d', 'd1'),
  ];
  const changed = [
    'component:default/svc-a',
    'component:default/svc-c',
    'component:default/svc-d',
  ];

  it('evaluates on the next instance what changed since the poll on the previous one', async () => {
    const shared = new DatabaseChangeBaselineStore(db);
    const one = instance(before, shared);
    expect(await one.watcher.poll()).toBeUndefined(); // the first poll anywhere takes the baseline

    const two = instance(after, shared);
    const result = await two.watcher.poll();
    expect([...(result?.changed ?? [])].sort()).toEqual(changed);
    expect(two.evaluated).toEqual([changed]);

    // ...and the next poll, back on the first instance, sees nothing new.
    const again = instance(after, shared);
    expect(await again.watcher.poll()).toEqual({ changed: [], evaluated: [] });
    expect(again.evaluated).toEqual([]);
  });

  it('would miss those changes with a baseline per instance (what a shared one prevents)', async () => {
    const one = instance(before, new InMemoryChangeBaselineStore());
    await one.watcher.poll();
    const two = instance(after, new InMemoryChangeBaselineStore());
    expect(await two.watcher.poll()).toBeUndefined();
    expect(two.evaluated).toEqual([]);
  });

  it('keeps the baseline in one row that the next poll replaces', async () => {
    const shared = new DatabaseChangeBaselineStore(db);
    await shared.write({
      kinds: 'component',
      etags: new Map([['component:default/x', 'e1']]),
    });
    await shared.write({
      kinds: 'component,group',
      etags: new Map([['component:default/y', 'e2']]),
    });
    expect(await db('scorecard_change_baseline').count({ n: '*' })).toEqual([
      { n: '1' },
    ]);
    expect(await shared.read()).toEqual({
      kinds: 'component,group',
      etags: new Map([['component:default/y', 'e2']]),
    });
    await shared.write(undefined);
    expect(await shared.read()).toBeUndefined();
  });
});

describe('the scorecards plugin schedules its background work', () => {
  it('runs the change watcher and the evaluation once per period across instances (global), definitions per instance', async () => {
    const scheduled: SchedulerServiceTaskScheduleDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async (task: any) => {
        scheduled.push(task);
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecards-schedule-'));
    const backend = await startTestBackend({
      features: [
        scorecardsPlugin,
        scheduler.factory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { database: testDatabaseConfig() },
            scorecards: { definitionsDir: dir },
          },
        }),
      ],
    });
    try {
      const scopes = Object.fromEntries(
        scheduled.map((t: any) => [t.id, t.scope ?? 'global']),
      );
      expect(scopes).toEqual({
        'scorecards-evaluate': 'global',
        'scorecards-evaluate-changes': 'global',
        'scorecards-reload-definitions': 'local',
      });
    } finally {
      await backend.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
