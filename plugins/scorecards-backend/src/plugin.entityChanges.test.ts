/*
 * Evaluation on entity change, in a test backend with the real catalog on
 * the embedded Postgres: entities change in their files, and their scores
 * follow without anyone calling POST /evaluate.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import scorecardsPlugin from './index';
import { component, group, user, yamlFile } from './__testUtils__/catalogYaml';

jest.setTimeout(180_000);

const auth = mockCredentials.user.header();

const org = (teamBMembers: string[]) =>
  yamlFile(
    group('team-a'),
    user('alice', ['team-a']),
    group('team-b'),
    ...teamBMembers.map(name => user(name, ['team-b'])),
  );

const template = (
  version: string,
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: node-service
  annotations:
    launchpad.io/template-version: "${version}"
spec:
  owner: team-a
  type: service
  steps: []
`;

const fromTemplate = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc-d
  description: Created from a golden path
  annotations:
    launchpad.io/template: template:default/node-service
    launchpad.io/template-version: "1.0.0"
spec: { type: service, lifecycle: production, owner: team-a }
`;

const DEFINITION = `id: basics
title: Basics
appliesTo: { kind: Component }
checks:
  - { id: described, title: Has a description, level: bronze, fact: catalog.hasDescription, operator: equals, value: true }
  - { id: staffed, title: Owner has members, level: bronze, fact: catalog.ownerActiveMembers, operator: gte, value: 1 }
  - { id: current, title: On the current golden path, level: silver, fact: catalog.onCurrentTemplateVersion, operator: equals, value: true }
`;

describe('evaluation on entity change', () => {
  let backend: TestBackend;
  let dir: string;
  const evaluateCalls: string[] = [];

  const api = () => request(backend.server);
  const get = (url: string) => api().get(url).set('Authorization', auth);
  const writeFile = (name: string, content: string) =>
    fs.writeFileSync(path.join(dir, name), content);
  const refresh = (entityRef: string) =>
    api()
      .post('/api/catalog/refresh')
      .set('Authorization', auth)
      .send({ entityRef });
  const history = async (name: string) =>
    (await get(`/api/scorecards/entities/component/default/${name}/history`))
      .body.items ?? [];
  const statuses = (item: any) =>
    Object.fromEntries(item.results.map((r: any) => [r.checkId, r.status]));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecards-on-change-'));
    const definitionsDir = path.join(dir, 'scorecards');
    fs.mkdirSync(definitionsDir);
    fs.writeFileSync(path.join(definitionsDir, 'basics.yaml'), DEFINITION);
    writeFile('org.yaml', org([]));
    writeFile(
      'svc-a.yaml',
      component('svc-a', 'team-a', { description: 'Does A' }),
    );
    writeFile(
      'svc-b.yaml',
      component('svc-b', 'team-b', { description: 'Does B' }),
    );
    writeFile(
      'svc-c.yaml',
      component('svc-c', 'team-a', { description: 'Does C' }),
    );
    writeFile('svc-d.yaml', fromTemplate);
    writeFile('template.yaml', template('1.0.0'));

    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { database: testDatabaseConfig() },
            catalog: {
              rules: [
                {
                  allow: ['Component', 'Group', 'User', 'Location', 'Template'],
                },
              ],
              locations: [
                'org.yaml',
                'svc-a.yaml',
                'svc-b.yaml',
                'svc-c.yaml',
                'svc-d.yaml',
                'template.yaml',
              ].map(name => ({ type: 'file', target: path.join(dir, name) })),
            },
            scorecards: {
              definitionsDir,
              // No scheduled run during the test.
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 10 },
                initialDelay: { hours: 24 },
              },
              evaluateOnChange: { frequency: { seconds: 1 } },
            },
          },
        }),
        // The real scheduler: the mock one runs each task once at start, not on its frequency.
        schedulerServiceFactory,
        catalogPlugin,
        scaffolderEntityModel,
        scorecardsPlugin,
      ],
    });
    // Relations land when the related entities have been processed and stitched.
    await waitFor(
      async () => {
        const team = await get(
          '/api/catalog/entities/by-name/group/default/team-a',
        );
        const found = await Promise.all(
          ['svc-a', 'svc-b', 'svc-c', 'svc-d'].map(name =>
            get(`/api/catalog/entities/by-name/component/default/${name}`),
          ),
        );
        found.push(
          await get(
            '/api/catalog/entities/by-name/template/default/node-service',
          ),
        );
        const ready =
          team.body?.relations?.some((r: any) => r.type === 'hasMember') &&
          found.every(res => res.status === 200);
        return ready ? true : undefined;
      },
      {
        timeoutMs: 120_000,
        describe: () => 'the test entities never reached the catalog',
      },
    );
    // The first scores; from here on only the watcher evaluates.
    const first = await api()
      .post('/api/scorecards/evaluate')
      .set('Authorization', auth)
      .send({});
    if (first.body?.evaluated !== 4) {
      throw new Error(
        `the first evaluation scored ${JSON.stringify(
          first.body,
        )}, not 4 entities`,
      );
    }
    backend.server.on('request', (req: { method?: string; url?: string }) => {
      if (
        req.method === 'POST' &&
        req.url?.startsWith('/api/scorecards/evaluate')
      ) {
        evaluateCalls.push(req.url);
      }
    });
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates an entity whose catalog entry changed, with reason entity-changed', async () => {
    writeFile('svc-a.yaml', component('svc-a', 'team-a'));
    await refresh('component:default/svc-a');

    const latest = await waitFor(
      async () => {
        const [item] = await history('svc-a');
        return item && statuses(item).described === 'failed' ? item : undefined;
      },
      {
        describe: async () =>
          `svc-a was not re-evaluated: ${JSON.stringify(
            await history('svc-a'),
          )}`,
      },
    );
    expect(latest).toMatchObject({
      reason: 'entity-changed',
      points: 1,
      level: null,
    });
    const score = (
      await get('/api/scorecards/entities/component/default/svc-a')
    ).body;
    expect(score.scorecards[0]).toMatchObject({
      reason: 'entity-changed',
      points: 1,
    });
  });

  it('evaluates the entities of a team whose members changed', async () => {
    expect(statuses((await history('svc-b'))[0]).staffed).toBe('failed');
    writeFile('org.yaml', org(['bob']));
    await refresh('group:default/team-b');

    const latest = await waitFor(
      async () => {
        const [item] = await history('svc-b');
        return item && statuses(item).staffed === 'passed' ? item : undefined;
      },
      {
        describe: async () =>
          `svc-b was not re-evaluated: ${JSON.stringify(
            await history('svc-b'),
          )}`,
      },
    );
    expect(latest).toMatchObject({ reason: 'entity-changed', points: 2 });
  });

  it('evaluates the entities created from a golden path whose version changed', async () => {
    expect(statuses((await history('svc-d'))[0]).current).toBe('passed');
    writeFile('template.yaml', template('1.1.0'));
    await refresh('template:default/node-service');

    const latest = await waitFor(
      async () => {
        const [item] = await history('svc-d');
        return item && statuses(item).current === 'failed' ? item : undefined;
      },
      {
        describe: async () =>
          `svc-d was not re-evaluated: ${JSON.stringify(
            await history('svc-d'),
          )}`,
      },
    );
    expect(latest).toMatchObject({ reason: 'entity-changed', level: 'bronze' });
  });

  it('removes the current score of an entity that left the catalog, keeping its history', async () => {
    // Gone from its file, and deleted from the catalog.
    writeFile('svc-c.yaml', '# svc-c was decommissioned\n');
    const entity = await get(
      '/api/catalog/entities/by-name/component/default/svc-c',
    );
    const deleted = await api()
      .delete(`/api/catalog/entities/by-uid/${entity.body.metadata.uid}`)
      .set('Authorization', auth);
    expect(deleted.status).toBe(204);

    await waitFor(
      async () =>
        (
          await get('/api/scorecards/entities/component/default/svc-c')
        ).status === 404
          ? true
          : undefined,
      { describe: () => 'the score of svc-c was never removed' },
    );
    expect((await history('svc-c')).length).toBeGreaterThan(0);
  });

  it('did all of it without POST /evaluate after the first scores', () => {
    expect(evaluateCalls).toEqual([]);
  });
});
