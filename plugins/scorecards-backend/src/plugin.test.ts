/*
 * The scorecards plugin in a test backend with the real catalog, on the
 * embedded Postgres that `npm test` starts: entities come from files in a
 * temp folder, definitions from another, and everything goes through HTTP.
 */
import {
  type BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { scorecardsPermissions } from '@internal/plugin-scorecards-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  FactSourceUnavailableError,
  scorecardsFactSourcesExtensionPoint,
} from '@internal/plugin-scorecards-node';
import scorecardsPlugin from './index';
import { component, group, user, yamlFile } from './__testUtils__/catalogYaml';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';

jest.setTimeout(180_000);

/** A developer: reads everything, may not evaluate or read rejected files. */
const auth = mockCredentials.user.header();
const ADMIN = 'user:default/platform-admin';
const admin = mockCredentials.user.header(ADMIN);

/**
 * A small policy of this test's own (the portal's real one is tested in
 * permission-backend-module-launchpad-policy): the scorecards' permissions
 * for the platform admin and service callers, everything else for everyone.
 */
const adminOnlyScorecardsPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const scorecardsNames = new Set(scorecardsPermissions.map(p => p.name));
    const decide = (
      permission: Permission,
      credentials: BackstageCredentials,
    ) => {
      const principal = credentials.principal as {
        type: string;
        userEntityRef?: string;
      };
      const allowed =
        !scorecardsNames.has(permission.name) ||
        principal.type === 'service' ||
        principal.userEntityRef === ADMIN;
      return {
        result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      } as const;
    };
    return {
      async authorize(requests, options) {
        return requests.map(r => decide(r.permission, options.credentials));
      },
      async authorizeConditional(requests, options) {
        return requests.map(r => decide(r.permission, options.credentials));
      },
    };
  },
});

const ORG = `${yamlFile(
  group('team-a'),
  user('alice', ['team-a']),
  group('team-empty'),
)}---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: shop }
spec: { owner: team-a }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: shop-api, description: Shop API }
spec: { type: openapi, lifecycle: production, owner: team-a, system: shop, definition: "openapi: 3.0.0" }
---
${component('shop-lib', 'team-a', {
  description: 'Shared code',
  type: 'library',
})}`;

const WELL_KEPT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: well-kept
  description: Everything in order
  annotations:
    backstage.io/techdocs-ref: dir:.
    launchpad.io/template: template:default/node-service
    launchpad.io/template-version: "1.0.0"
spec: { type: service, lifecycle: production, owner: team-a, system: shop, providesApis: [shop-api] }
`;

const bare = (description = '') => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: bare
${
  description ? `  description: ${description}\n` : ''
}spec: { type: service, lifecycle: experimental, owner: team-empty }
`;

const LOST = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: lost, description: Its team was disbanded }
spec: { type: service, lifecycle: production, owner: group:default/nobody }
`;

const definition = (ciPoints = 1, operator = 'equals') => `id: services
title: Service maturity
appliesTo: { kind: Component, type: service }
checks:
  - id: owner-team
    title: Owned by a team with members
    howToFix: Set spec.owner to a group that has members.
    level: bronze
    fact: catalog.ownerActiveMembers
    operator: gte
    value: 1
  - id: has-description
    title: Has a description
    howToFix: Add metadata.description to catalog-info.yaml.
    level: bronze
    fact: catalog.hasDescription
    operator: equals
    value: true
  - { id: has-system, title: Part of a system, level: silver, fact: catalog.hasSystem, operator: equals, value: true }
  - { id: provides-api, title: Declares its API, level: silver, fact: catalog.providesApis, operator: gte, value: 1 }
  - { id: has-techdocs, title: Has TechDocs, level: gold, fact: catalog.hasTechDocs, operator: equals, value: true }
  - { id: golden-path, title: Created from a golden path, level: gold, fact: catalog.fromGoldenPath, operator: equals, value: true }
  - id: has-ci
    title: Has a CI workflow
    howToFix: Add .github/workflows/ci.yaml.
    level: gold
    points: ${ciPoints}
    fact: repo.hasCiWorkflow
    operator: ${operator}
    value: true
`;

/** A stand-in repository fact source that can be taken down. */
const repo = { up: true };
const repoFacts = createBackendModule({
  pluginId: 'scorecards',
  moduleId: 'test-repo-facts',
  register(env) {
    env.registerInit({
      deps: { factSources: scorecardsFactSourcesExtensionPoint },
      async init({ factSources }) {
        factSources.addFactSource({
          id: 'repo',
          async retrieve(entities) {
            if (!repo.up)
              throw new FactSourceUnavailableError('git host unreachable');
            return new Map(
              entities.map(e => [
                `component:default/${e.metadata.name}`,
                { 'repo.hasCiWorkflow': true },
              ]),
            );
          },
        });
      },
    });
  },
});

describe('scorecards plugin', () => {
  let backend: TestBackend;
  let entitiesDir: string;
  let definitionsDir: string;

  const api = () => request(backend.server);
  const get = (url: string) =>
    api().get(`/api/scorecards${url}`).set('Authorization', auth);
  const evaluate = (body: unknown = {}, who = admin) =>
    api()
      .post('/api/scorecards/evaluate')
      .set('Authorization', who)
      .send(body as object);
  const catalogEntity = async (ref: string) => {
    const res = await api()
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set('Authorization', auth);
    return res.status === 200 ? res.body : undefined;
  };
  const scoreOf = async (name: string) =>
    (await get(`/entities/component/default/${name}`)).body.scorecards[0];
  const historyOf = async (name: string) =>
    (await get(`/entities/component/default/${name}/history`)).body.items;

  beforeAll(async () => {
    const database = testDatabaseConfig();
    const root = fs.mkdtempSync(
      path.join(os.tmpdir(), 'scorecards-plugin-test-'),
    );
    entitiesDir = path.join(root, 'catalog');
    definitionsDir = path.join(root, 'scorecards');
    fs.mkdirSync(entitiesDir);
    fs.mkdirSync(definitionsDir);
    const files = {
      'org.yaml': ORG,
      'well-kept.yaml': WELL_KEPT,
      'bare.yaml': bare(),
      'lost.yaml': LOST,
    };
    for (const [name, content] of Object.entries(files))
      fs.writeFileSync(path.join(entitiesDir, name), content);
    fs.writeFileSync(path.join(definitionsDir, 'services.yaml'), definition());

    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { database, reading: { allow: [] } },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'API',
                    'Group',
                    'User',
                    'Location',
                  ],
                },
              ],
              locations: Object.keys(files).map(name => ({
                type: 'file',
                target: path.join(entitiesDir, name),
              })),
            },
            // Evaluation on entity change has its own test (plugin.entityChanges.test.ts);
            // here every evaluation is one this test asks for.
            scorecards: {
              definitionsDir,
              evaluateOnChange: { enabled: false },
            },
          },
        }),
        adminOnlyScorecardsPermissions,
        catalogPlugin,
        scorecardsPlugin,
        repoFacts,
      ],
    });

    // Relations land when the related entities have been processed and stitched.
    await waitFor(
      async () => {
        const wellKept = await catalogEntity('component/default/well-kept');
        const team = await catalogEntity('group/default/team-a');
        const ready =
          wellKept?.relations?.some((r: any) => r.type === 'providesApi') &&
          team?.relations?.some((r: any) => r.type === 'hasMember') &&
          (await catalogEntity('component/default/bare')) &&
          (await catalogEntity('component/default/lost'));
        return ready ? true : undefined;
      },
      {
        timeoutMs: 120_000,
        describe: () =>
          'the test entities never appeared in the catalog with their relations',
      },
    );
  });

  afterAll(() => backend?.stop());

  it('evaluates every entity a scorecard applies to and records its first score', async () => {
    const res = await evaluate();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      scorecards: 1,
      entities: 3,
      evaluated: 3,
      changed: 3,
      removed: 0,
      reasons: { scheduled: 3 },
      unavailableSources: {},
    });

    const wellKept = await scoreOf('well-kept');
    expect(wellKept).toMatchObject({
      level: 'gold',
      points: 7,
      maxPoints: 7,
      reason: 'scheduled',
    });
    expect(wellKept.scorecard).toMatchObject({
      id: 'services',
      title: 'Service maturity',
    });

    const bareScore = await scoreOf('bare');
    expect(bareScore).toMatchObject({ level: null, points: 1 });
    expect(
      bareScore.checks.find((c: any) => c.checkId === 'has-description'),
    ).toMatchObject({
      status: 'failed',
      actual: false,
      title: 'Has a description',
      howToFix: 'Add metadata.description to catalog-info.yaml.',
      level: 'bronze',
    });
    expect(
      bareScore.checks.find((c: any) => c.checkId === 'owner-team'),
    ).toMatchObject({ status: 'failed', actual: 0 });

    // A library is not a service: no scorecard applies to it.
    expect((await get('/entities/component/default/shop-lib')).status).toBe(
      404,
    );
  });

  it('adds no history when nothing changed', async () => {
    const res = await evaluate();
    expect(res.body).toMatchObject({ evaluated: 3, changed: 0 });
    const history = await historyOf('well-kept');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      level: 'gold',
      reason: 'scheduled',
      scorecardId: 'services',
    });
  });

  it('records a new score with reason entity-changed when an entity file changes', async () => {
    fs.writeFileSync(
      path.join(entitiesDir, 'bare.yaml'),
      bare('Now described'),
    );
    await api()
      .post('/api/catalog/refresh')
      .set('Authorization', auth)
      .send({ entityRef: 'component:default/bare' });
    await waitFor(
      async () =>
        (
          await catalogEntity('component/default/bare')
        )?.metadata.description
          ? true
          : undefined,
      {
        describe: () =>
          'the catalog never picked up the new description of bare',
      },
    );

    const res = await evaluate();
    expect(res.body).toMatchObject({
      changed: 1,
      reasons: { 'entity-changed': 1 },
    });
    const history = await historyOf('bare');
    expect(history.map((h: any) => [h.reason, h.points])).toEqual([
      ['entity-changed', 2],
      ['scheduled', 1],
    ]);
  });

  it('records fact-source-unavailable when a fact source is down, and its checks become unknown', async () => {
    repo.up = false;
    try {
      const res = await evaluate();
      expect(res.body).toMatchObject({
        changed: 3,
        reasons: { 'fact-source-unavailable': 3 },
        unavailableSources: { repo: 'git host unreachable' },
      });
      const wellKept = await scoreOf('well-kept');
      expect(wellKept).toMatchObject({
        level: 'silver',
        reason: 'fact-source-unavailable',
      });
      expect(
        wellKept.checks.find((c: any) => c.checkId === 'has-ci'),
      ).toMatchObject({
        status: 'unknown',
        message: 'fact source "repo" was unavailable: git host unreachable',
      });
    } finally {
      repo.up = true;
    }
    const back = await evaluate();
    expect(back.body).toMatchObject({ changed: 3, reasons: { scheduled: 3 } });
    expect(await scoreOf('well-kept')).toMatchObject({ level: 'gold' });
  });

  it('records rule-changed when a definition changes', async () => {
    fs.writeFileSync(path.join(definitionsDir, 'services.yaml'), definition(3));
    const res = await evaluate();
    expect(res.body).toMatchObject({
      changed: 3,
      reasons: { 'rule-changed': 3 },
    });
    expect(await scoreOf('well-kept')).toMatchObject({
      level: 'gold',
      points: 9,
      maxPoints: 9,
      reason: 'rule-changed',
    });
  });

  it('keeps the last good definition live when its file turns bad, and reports the error', async () => {
    const before = (await get('/definitions')).body.definitions;
    fs.writeFileSync(
      path.join(definitionsDir, 'services.yaml'),
      definition(3, 'is'),
    );
    // Picked up by the folder watch, without an evaluation.
    const body = await waitFor(
      async () => {
        const res = await api()
          .get('/api/scorecards/definitions')
          .set('Authorization', admin);
        return res.body.errors.length > 0 ? res.body : undefined;
      },
      {
        timeoutMs: 15_000,
        describe: () => 'the bad definition was never reported',
      },
    );
    expect(body.errors).toEqual([
      expect.objectContaining({
        file: 'scorecards/services.yaml',
        keptLastGood: true,
      }),
    ]);
    expect(body.errors[0].message).toMatch(
      /^scorecards\/services\.yaml: check "has-ci": operator must be one of equals, notEquals, /,
    );
    expect(body.definitions.map((d: any) => [d.id, d.hash])).toEqual(
      before.map((d: any) => [d.id, d.hash]),
    );
    expect(body.rejectedCount).toBeUndefined();

    // Everyone else sees the live scorecards and how many files are
    // rejected, not the files and their errors.
    const developer = await get('/definitions');
    expect(developer.status).toBe(200);
    expect(developer.body).toEqual({ ...body, errors: [], rejectedCount: 1 });
    expect(JSON.stringify(developer.body)).not.toContain('has-ci": operator');

    const res = await evaluate();
    expect(res.body).toMatchObject({ scorecards: 1, evaluated: 3, changed: 0 });
  });

  it('rolls scores up per team, with the trend from history', async () => {
    const res = await get('/teams/default/team-a?trend=true');
    expect(res.status).toBe(200);
    expect(res.body.teamRef).toBe('group:default/team-a');
    const [services] = res.body.scorecards;
    expect(services).toMatchObject({
      scorecard: { id: 'services' },
      entities: 1,
      levels: { none: 0, bronze: 0, silver: 0, gold: 1 },
      averagePoints: 9,
      worstChecks: [],
      owned: [
        {
          entityRef: 'component:default/well-kept',
          level: 'gold',
          points: 9,
          maxPoints: 9,
        },
      ],
    });
    expect(services.trend).toEqual([
      {
        date: new Date().toISOString().slice(0, 10),
        entities: 1,
        levels: { none: 0, bronze: 0, silver: 0, gold: 1 },
        averagePoints: 9,
      },
    ]);

    const empty = (await get('/teams/default/team-empty')).body.scorecards[0];
    expect(empty.levels).toMatchObject({ none: 1 });
    expect(empty.worstChecks).toContainEqual({
      checkId: 'owner-team',
      failed: 1,
      unknown: 0,
      title: 'Owned by a team with members',
      howToFix: 'Set spec.owner to a group that has members.',
    });
  });

  it('lists orphaned entities: owner missing, or an owner group without members', async () => {
    const res = await get('/orphans');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 2,
      items: [
        {
          entityRef: 'component:default/bare',
          kind: 'Component',
          ownerRef: 'group:default/team-empty',
          problem: 'owner-has-no-members',
        },
        {
          entityRef: 'component:default/lost',
          kind: 'Component',
          ownerRef: 'group:default/nobody',
          problem: 'owner-missing',
        },
      ],
    });
    expect((await get('/orphans?kind=API,System')).body).toEqual({
      total: 0,
      items: [],
    });
  });

  it('evaluates only the given entities on request', async () => {
    const res = await evaluate({
      entityRefs: ['component:default/well-kept', 'component:default/shop-lib'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entities: 1,
      evaluated: 1,
      changed: 0,
      removed: 0,
    });
  });

  it('lets only platform admins re-run evaluations, whatever the body, and keeps reads open to everyone', async () => {
    const message =
      'Only platform admins may re-run scorecard evaluations; ask the platform team';
    for (const body of [
      {},
      { entityRefs: ['component:default/bare'] },
      { entityRefs: 'not even a list' },
      { everything: true },
    ]) {
      const res = await evaluate(body, auth);
      expect([
        body,
        res.status,
        res.body.error?.name,
        res.body.error?.message,
      ]).toEqual([body, 403, 'NotAllowedError', message]);
    }
    // The admin, and Backstage services (e.g. a scheduled job elsewhere), may
    const asAdmin = await evaluate({ entityRefs: ['component:default/bare'] });
    expect(asAdmin.status).toBe(200);
    const asService = await evaluate(
      { entityRefs: ['component:default/bare'] },
      mockCredentials.service.header(),
    );
    expect(asService.status).toBe(200);
    // Reads stay open to the developer
    for (const url of [
      '/definitions',
      '/entities/component/default/bare',
      '/entities/component/default/bare/history',
      '/teams/default/team-a',
      '/initiatives',
      '/orphans',
    ]) {
      const res = await get(url);
      expect([url, res.status]).toEqual([url, 200]);
    }
  });

  it('shows rejected initiative files to admins, and only their number to everyone else', async () => {
    const file = path.join(definitionsDir, 'initiatives.yaml');
    fs.writeFileSync(
      file,
      `kind: Initiative
id: q3-bronze
title: Everything bronze
scorecard: services
targetLevel: bronze
dueDate: "secret-looking text 2025-13-45"
`,
    );
    try {
      const asAdmin = await api()
        .get('/api/scorecards/initiatives')
        .set('Authorization', admin);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.errors).toEqual([
        expect.objectContaining({ file: 'scorecards/initiatives.yaml' }),
      ]);
      expect(asAdmin.body.rejectedCount).toBeUndefined();
      for (const url of ['/initiatives', '/teams/default/team-a/initiatives']) {
        const res = await get(url);
        expect([
          url,
          res.status,
          res.body.errors,
          res.body.rejectedCount,
        ]).toEqual([url, 200, [], 1]);
        expect(JSON.stringify(res.body)).not.toContain('initiatives.yaml');
      }
    } finally {
      fs.rmSync(file);
    }
  });

  it('answers bad input with 400 and unknown entities or teams with 404', async () => {
    const bad = [
      await get('/entities/component/default/not%20a%20name'),
      await get('/entities/component/default/well-kept/history?limit=abc'),
      await get('/entities/component/default/well-kept/history?limit=0'),
      await get('/entities/component/default/well-kept/history?colour=red'),
      await get('/teams/default/team-a?days=1000&trend=true'),
      await get('/orphans?kind=not-a-kind!'),
      await evaluate({ entityRefs: 'component:default/bare' }),
      await evaluate({ entityRefs: ['not a ref'] }),
      await evaluate({ everything: true }),
    ];
    expect(bad.map(r => r.status)).toEqual(bad.map(() => 400));
    expect(bad[1].body.error.message).toMatch(/^Invalid query: limit /);
    expect(bad[6].body.error.message).toMatch(
      /^Invalid request body: entityRefs /,
    );
    expect(bad[7].body.error.message).toMatch(
      /^Invalid request body: entityRefs: /,
    );

    const missing = [
      await get('/entities/component/default/no-such-thing'),
      await get('/entities/component/default/no-such-thing/history'),
      await get('/teams/default/no-such-team'),
    ];
    expect(missing.map(r => r.status)).toEqual([404, 404, 404]);
    expect(missing[2].body.error.message).toBe(
      'No team group:default/no-such-team in the catalog',
    );
  });
});
