/*
 * The managers' side of the API (team roll-ups over the org tree, trends,
 * initiatives, orphans) in a test backend with the real catalog, on the
 * embedded Postgres that `npm test` starts.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import scorecardsPlugin from './index';
import { component, group, user, yamlFile } from './__testUtils__/catalogYaml';

jest.setTimeout(180_000);

const auth = mockCredentials.user.header();

// northwind > engineering > (web, payments); payments has no members.
const ORG = yamlFile(
  group('northwind', {
    type: 'organization',
    profile: { displayName: 'Northwind Retail' },
    children: ['engineering'],
  }),
  group('engineering', { type: 'department', parent: 'northwind' }),
  group('web', {
    profile: { displayName: 'Web Experience' },
    parent: 'engineering',
  }),
  group('payments', { parent: 'engineering' }),
  user('alice', ['web']),
  user('bob', ['engineering']),
);

const service = (name: string, owner: string, lifecycle = 'production') =>
  component(name, owner, { description: `About ${name}`, lifecycle });

const COMPONENTS = yamlFile(
  service('shop', 'web'),
  service('pay', 'payments'),
  service('tools', 'engineering', 'experimental'),
  service('lost', 'group:default/nobody'),
);

const SCORECARD = `id: services
title: Service maturity
appliesTo: { kind: Component, type: service }
levels:
  - { id: bronze, title: Bronze }
  - { id: silver, title: Silver }
checks:
  - id: owner-team
    title: Owned by a team with members
    howToFix: Hand it to a team with members.
    level: bronze
    fact: catalog.ownerActiveMembers
    operator: gte
    value: 1
  - { id: described, title: Has a description, level: silver, fact: catalog.hasDescription, operator: equals, value: true }
`;

const INITIATIVES = `kind: Initiative
id: prod-silver
title: Production services at silver
description: Everything in production is owned and described.
scorecard: services
targetLevel: silver
appliesTo: { lifecycle: production }
dueDate: 2099-12-31
owner: group:default/engineering
---
kind: Initiative
id: platinum
title: Nobody gets there
scorecard: services
targetLevel: platinum
dueDate: 2099-12-31
`;

describe('scorecards API for managers', () => {
  let backend: TestBackend;
  const today = new Date().toISOString().slice(0, 10);
  const get = (url: string) =>
    request(backend.server)
      .get(`/api/scorecards${url}`)
      .set('Authorization', auth);

  beforeAll(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecards-managers-'));
    const entitiesDir = path.join(root, 'catalog');
    const definitionsDir = path.join(root, 'scorecards');
    fs.mkdirSync(entitiesDir);
    fs.mkdirSync(definitionsDir);
    const files = { 'org.yaml': ORG, 'components.yaml': COMPONENTS };
    for (const [name, content] of Object.entries(files))
      fs.writeFileSync(path.join(entitiesDir, name), content);
    fs.writeFileSync(path.join(definitionsDir, 'services.yaml'), SCORECARD);
    fs.writeFileSync(
      path.join(definitionsDir, 'initiatives.yaml'),
      INITIATIVES,
    );
    fs.writeFileSync(
      path.join(definitionsDir, 'initiatives-draft.yaml'),
      'kind: Initiative\nid: draft\ntitle: Draft\nscorecard: services\ntargetLevel: silver\ndueDate: next year\n',
    );

    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { database: testDatabaseConfig(), reading: { allow: [] } },
            catalog: {
              rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
              locations: Object.keys(files).map(name => ({
                type: 'file',
                target: path.join(entitiesDir, name),
              })),
            },
            scorecards: { definitionsDir },
          },
        }),
        catalogPlugin,
        scorecardsPlugin,
      ],
    });

    // The tree and the memberships are relations: wait until they are stitched.
    await waitFor(
      async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/group/default/engineering')
          .set('Authorization', auth);
        const web = await request(backend.server)
          .get('/api/catalog/entities/by-name/group/default/web')
          .set('Authorization', auth);
        const types = (body: any) =>
          (body?.relations ?? []).map((r: any) => r.type);
        const lost = await request(backend.server)
          .get('/api/catalog/entities/by-name/component/default/lost')
          .set('Authorization', auth);
        // every component, not just one: the evaluation below counts them all
        const components = await request(backend.server)
          .get(
            '/api/catalog/entities?filter=kind=component&fields=metadata.name',
          )
          .set('Authorization', auth);
        return types(res.body).filter((t: string) => t === 'parentOf')
          .length === 2 &&
          types(res.body).includes('childOf') &&
          types(res.body).includes('hasMember') &&
          types(web.body).includes('hasMember') &&
          lost.status === 200 &&
          Array.isArray(components.body) &&
          components.body.length === 4
          ? true
          : undefined;
      },
      {
        timeoutMs: 120_000,
        describe: () => 'the test org never appeared with its relations',
      },
    );
    const evaluated = await request(backend.server)
      .post('/api/scorecards/evaluate')
      .set('Authorization', auth)
      .send({});
    if (evaluated.body?.evaluated !== 4) {
      throw new Error(
        `the first evaluation scored ${JSON.stringify(
          evaluated.body,
        )}, not 4 entities`,
      );
    }
  });

  afterAll(() => backend?.stop());

  it('rolls a department up over its sub-teams, with each sub-team, the parent and the trend', async () => {
    const res = await get('/teams/default/engineering?trend=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      teamRef: 'group:default/engineering',
      title: 'engineering',
      type: 'department',
      parent: { teamRef: 'group:default/northwind', title: 'Northwind Retail' },
      children: [
        { teamRef: 'group:default/payments', title: 'payments' },
        { teamRef: 'group:default/web', title: 'Web Experience' },
      ],
      groups: 3,
    });
    const [services] = res.body.scorecards;
    expect(services).toMatchObject({
      scorecard: { id: 'services', title: 'Service maturity' },
      entities: 3,
      // shop: silver; tools: silver (engineering has bob); pay: no members.
      // Points: 2 + 2 + 1 (pay is described).
      levels: { none: 1, bronze: 0, silver: 2 },
      averagePoints: 1.7,
      worstChecks: [
        {
          checkId: 'owner-team',
          failed: 1,
          unknown: 0,
          title: 'Owned by a team with members',
          howToFix: 'Hand it to a team with members.',
        },
      ],
      owned: [
        {
          entityRef: 'component:default/tools',
          level: 'silver',
          failedChecks: 0,
          unknownChecks: 0,
        },
      ],
      teams: [
        {
          teamRef: 'group:default/payments',
          entities: 1,
          levels: { none: 1, bronze: 0, silver: 0 },
        },
        {
          teamRef: 'group:default/web',
          entities: 1,
          levels: { none: 0, bronze: 0, silver: 1 },
        },
      ],
      trend: [
        {
          date: today,
          entities: 3,
          levels: { none: 1, bronze: 0, silver: 2 },
        },
      ],
    });

    const top = (await get('/teams/default/northwind')).body;
    expect(top).toMatchObject({ parent: null, groups: 4 });
    expect(top.scorecards[0]).toMatchObject({ entities: 3, owned: [] });
    expect(top.scorecards[0].teams).toEqual([
      expect.objectContaining({
        teamRef: 'group:default/engineering',
        entities: 3,
      }),
    ]);
  });

  it('answers the roll-up without the trend on request, and the trend on its own', async () => {
    const res = await get('/teams/default/engineering?trend=false');
    expect(res.body.scorecards[0]).not.toHaveProperty('trend');
    const trend = await get('/teams/default/web/trend?days=7');
    expect(trend.body).toEqual({
      teamRef: 'group:default/web',
      scorecards: [
        {
          scorecard: expect.objectContaining({ id: 'services' }),
          trend: [
            {
              date: today,
              entities: 1,
              levels: { none: 0, bronze: 0, silver: 1 },
              averagePoints: 2,
            },
          ],
        },
      ],
    });
  });

  it('lists the top-level teams with their sub-teams', async () => {
    const res = await get('/teams');
    expect(res.status).toBe(200);
    expect(res.body.teams).toEqual([
      expect.objectContaining({
        teamRef: 'group:default/northwind',
        title: 'Northwind Retail',
        groups: 4,
        scorecards: [expect.objectContaining({ entities: 3 })],
        children: [
          expect.objectContaining({
            teamRef: 'group:default/engineering',
            scorecards: [
              expect.objectContaining({
                levels: { none: 1, bronze: 0, silver: 2 },
              }),
            ],
          }),
        ],
      }),
    ]);
  });

  it('shows initiatives with progress overall, per team and over time, and names the broken ones', async () => {
    const res = await get('/initiatives');
    expect(res.status).toBe(200);
    expect(res.body.initiatives).toEqual([
      expect.objectContaining({
        id: 'prod-silver',
        title: 'Production services at silver',
        owner: 'group:default/engineering',
        file: 'scorecards/initiatives.yaml',
        scorecard: expect.objectContaining({ id: 'services' }),
        targetLevel: { id: 'silver', title: 'Silver' },
        appliesTo: { lifecycle: ['production'] },
        dueDate: '2099-12-31',
        status: 'open',
        // shop, pay and lost are in production; tools is experimental.
        entities: 3,
        reached: 1,
        percent: 33,
        teams: [
          {
            teamRef: 'group:default/nobody',
            entities: 1,
            reached: 0,
            percent: 0,
          },
          {
            teamRef: 'group:default/payments',
            title: 'payments',
            entities: 1,
            reached: 0,
            percent: 0,
          },
          {
            teamRef: 'group:default/web',
            title: 'Web Experience',
            entities: 1,
            reached: 1,
            percent: 100,
          },
        ],
        trend: [{ date: today, entities: 3, reached: 1, percent: 33 }],
      }),
    ]);
    expect(res.body.initiatives[0].daysLeft).toBeGreaterThan(0);
    expect(res.body.errors.map((e: any) => e.message)).toEqual([
      'scorecards/initiatives-draft.yaml: initiative "draft": dueDate must be a date (YYYY-MM-DD)',
      'scorecards/initiatives.yaml: initiative "platinum": targetLevel must be one of bronze, silver (the levels of scorecard "services")',
    ]);

    const one = await get('/initiatives/prod-silver?days=3');
    expect(one.body).toMatchObject({ id: 'prod-silver', reached: 1 });
    expect((await get('/initiatives/platinum')).body.error.message).toMatch(
      /^Initiative "platinum" cannot be shown: .*targetLevel must be one of/,
    );
  });

  it("shows a team's initiatives over its subtree, per sub-team", async () => {
    const res = await get('/teams/default/engineering/initiatives');
    expect(res.status).toBe(200);
    expect(res.body.teamRef).toBe('group:default/engineering');
    expect(res.body.initiatives[0]).toMatchObject({
      entities: 2,
      reached: 1,
      percent: 50,
      teams: [
        { teamRef: 'group:default/payments', entities: 1, reached: 0 },
        { teamRef: 'group:default/web', entities: 1, reached: 1 },
      ],
    });
  });

  it('filters orphans by problem', async () => {
    const res = await get('/orphans?problem=owner-has-no-members');
    expect(res.body).toEqual({
      total: 1,
      items: [
        {
          entityRef: 'component:default/pay',
          kind: 'Component',
          ownerRef: 'group:default/payments',
          problem: 'owner-has-no-members',
        },
      ],
    });
    expect(
      (await get('/orphans?problem=owner-missing,no-owner')).body.items.map(
        (i: any) => i.entityRef,
      ),
    ).toEqual(['component:default/lost']);
  });

  it('answers bad input with a 400 naming the field, and unknown teams and initiatives with a 404', async () => {
    const bad = [
      await get('/teams/default/engineering?trend=maybe'),
      await get('/teams/default/engineering/trend?days=abc'),
      await get('/teams/default/engineering/initiatives?days=0'),
      await get('/initiatives?days=366'),
      await get('/initiatives/Not_An_Id'),
      await get('/orphans?problem=lonely'),
      await get('/teams?colour=red'),
    ];
    expect(bad.map(r => r.status)).toEqual(bad.map(() => 400));
    expect(bad.map(r => r.body.error.message)).toEqual([
      'Invalid query: trend must be true or false',
      'Invalid query: days must be a whole number from 1 to 365',
      'Invalid query: days must be a whole number from 1 to 365',
      'Invalid query: days must be a whole number from 1 to 365',
      'Invalid initiative: id must be an initiative id',
      'Invalid query: problem.0 must be one of no-owner, owner-missing, owner-has-no-members',
      'Invalid query: Unrecognized key: "colour"',
    ]);

    const missing = [
      await get('/teams/default/no-such-team/trend'),
      await get('/teams/default/no-such-team/initiatives'),
      await get('/initiatives/no-such-initiative'),
    ];
    expect(missing.map(r => r.status)).toEqual([404, 404, 404]);
    expect(missing[2].body.error.message).toBe(
      'No initiative "no-such-initiative"',
    );
  });
});
