/*
 * The audit plugin in a test backend with the real catalog, on the embedded
 * Postgres that `npm test` starts: our auditor replaces Backstage's default,
 * so a probe plugin and the catalog write rows without knowing about us; the
 * API filters and pages them for admins only; verify (API and command) finds
 * tampering done with raw SQL.
 */
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
  type PermissionsService,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import type { AuditEvent, AuditEventPage } from '@internal/plugin-audit-common';
import express from 'express';
import Router from 'express-promise-router';
import knexFactory, { type Knex } from 'knex';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import auditPlugin, {
  auditorServiceFactory,
  auditStoreServiceRef,
} from './index';

const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
const as = (ref: string) => mockCredentials.user.header(ref);
const DAY = 24 * 60 * 60 * 1000;
/** The audit plugin's scheduler, to run its retention task on demand. */
let scheduler: SchedulerService;

/** Three rows from 400 days ago, written before anything else, for retention. */
const oldRows = createBackendModule({
  pluginId: 'audit',
  moduleId: 'test-old-rows',
  register(env) {
    env.registerInit({
      deps: {
        auditStore: auditStoreServiceRef,
        pluginScheduler: coreServices.scheduler,
      },
      async init({ auditStore, pluginScheduler }) {
        scheduler = pluginScheduler;
        const store = await auditStore.store();
        await store.appendBatch(
          [1, 2, 3].map(n => ({
            time: new Date(Date.now() - 400 * DAY + n),
            plugin: 'catalog',
            eventId: 'entity-mutate',
            actionType: 'delete',
            actor: ALICE,
            actorDetails: null,
            target: `component:default/ancient-${n}`,
            requestId: null,
            requestMethod: null,
            requestUrl: null,
            outcome: 'succeeded' as const,
            severity: 'medium' as const,
            meta: null,
            error: null,
          })),
        );
      },
    });
  },
});

jest.setTimeout(180_000);

/** Admins read the trail; mallory may not delete locations; the rest is allowed. */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: { auth: coreServices.auth },
  factory({ auth }) {
    const decide = (name: string, credentials: any) => {
      const user = auth.isPrincipal(credentials, 'user')
        ? credentials.principal.userEntityRef
        : undefined;
      if (name === 'audit.events.read') {
        return user === ADMIN ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
      }
      if (name === 'catalog.location.delete' && user === MALLORY) {
        return AuthorizeResult.DENY;
      }
      return AuthorizeResult.ALLOW;
    };
    const answer = async (requests: any[], options: any) =>
      requests.map(r => ({
        result: decide(r.permission.name, options?.credentials),
      }));
    return {
      authorize: answer,
      authorizeConditional: answer,
    } as unknown as PermissionsService;
  },
});

/** A plugin that audits whatever it is told to, through coreServices.auditor. */
const probePlugin = createBackendPlugin({
  pluginId: 'probe',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
      },
      async init({ httpRouter, auditor }) {
        const router = Router();
        router.use(express.json({ limit: '1mb' }));
        router.post('/act', async (req, res) => {
          const { eventId, severityLevel, meta, fail, denied, successMeta } =
            req.body;
          const event = await auditor.createEvent({
            eventId,
            severityLevel,
            request: req,
            meta,
          });
          if (fail) {
            const error = denied ? new NotAllowedError(fail) : new Error(fail);
            await event.fail({ error });
            throw error;
          }
          await event.success({ meta: successMeta });
          res.json({ ok: true });
        });
        router.post('/background', async (_req, res) => {
          const event = await auditor.createEvent({
            eventId: 'nightly-job',
            severityLevel: 'high',
            meta: { target: 'system:default/billing' },
          });
          await event.success();
          res.json({ ok: true });
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('audit plugin', () => {
  let backend: TestBackend;
  let auditDb: Knex;
  let configFile: string;
  const api = () => request(backend.server);
  const act = (
    body: object,
    user = ALICE,
    headers: Record<string, string> = {},
  ) =>
    api()
      .post('/api/probe/act')
      .set('Authorization', as(user))
      .set(headers)
      .send(body);
  const events = (query: string, user = ADMIN) =>
    api().get(`/api/audit/events${query}`).set('Authorization', as(user));
  const eventsOk = async (query: string): Promise<AuditEventPage> => {
    const res = await events(query);
    expect(res.status).toBe(200);
    return res.body;
  };
  const newest = async (query = '') =>
    (await eventsOk(`?limit=1${query}`)).items[0];

  beforeAll(async () => {
    const database = testDatabaseConfig();
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { database, reading: { allow: [] } },
            catalog: { rules: [{ allow: ['Component', 'Location'] }] },
            audit: { retention: { days: 30 } },
          },
        }),
        oldRows,
        auditorServiceFactory,
        permissionsFactory,
        auditPlugin,
        probePlugin,
        catalogPlugin,
      ],
    });
    const url = new URL(database.connection);
    url.pathname = `/${database.prefix}audit`;
    auditDb = knexFactory({ client: 'pg', connection: url.toString() });
    configFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'audit-verify-')),
      'config.yaml',
    );
    fs.writeFileSync(configFile, JSON.stringify({ backend: { database } }));
  });

  afterAll(async () => {
    await auditDb?.destroy();
    await backend?.stop();
  });

  it('writes a row per final outcome with actor, target, request and meta', async () => {
    const res = await act(
      {
        eventId: 'thing-change',
        severityLevel: 'medium',
        meta: {
          actionType: 'update',
          entityRef: 'Component:default/Payments',
          before: { tier: 2 },
        },
        successMeta: { after: { tier: 1 } },
      },
      ALICE,
      { 'x-request-id': 'req-abc-123', 'user-agent': 'audit-test' },
    );
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const row = await newest('&action=probe.thing-change');
    expect(row).toMatchObject({
      plugin: 'probe',
      eventId: 'thing-change',
      action: 'probe.thing-change',
      actionType: 'update',
      actor: ALICE,
      actorDetails: { userAgent: 'audit-test' },
      target: 'component:default/payments',
      requestId: 'req-abc-123',
      requestMethod: 'POST',
      requestUrl: '/api/probe/act',
      outcome: 'succeeded',
      severity: 'medium',
      meta: {
        actionType: 'update',
        entityRef: 'Component:default/Payments',
        before: { tier: 2 },
        after: { tier: 1 },
      },
      error: null,
    });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    // Only the final outcome is stored, not the `initiated` step.
    const all = await eventsOk('?action=probe.thing-change');
    expect(all.items).toHaveLength(1);
    // A generated request id when the caller sends none (or a hostile one).
    for (const header of [undefined, 'x'.repeat(500), 'a b', 'id\u00e9']) {
      const r = await act(
        { eventId: 'rid', severityLevel: 'medium' },
        ALICE,
        header ? { 'x-request-id': header } : {},
      );
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect((await newest('&action=probe.rid')).requestId).toBe(
        r.headers['x-request-id'],
      );
    }
  });

  it('stores failures with the error, denials whatever their severity, and skips low-severity successes', async () => {
    await act(
      {
        eventId: 'deny-me',
        severityLevel: 'low',
        fail: 'you may not',
        denied: true,
      },
      MALLORY,
    ).expect(403);
    expect(await newest('&action=probe.deny-me')).toMatchObject({
      actor: MALLORY,
      outcome: 'failed',
      severity: 'low',
      error: 'NotAllowedError: you may not',
    });
    await act({
      eventId: 'broken',
      severityLevel: 'high',
      fail: 'disk full',
    }).expect(500);
    expect(await newest('&action=probe.broken')).toMatchObject({
      outcome: 'failed',
      error: 'Error: disk full',
    });
    await act({ eventId: 'quiet-read', severityLevel: 'low' }).expect(200);
    await act({
      eventId: 'quiet-read',
      severityLevel: 'low',
      fail: 'not found',
    }).expect(500);
    expect((await eventsOk('?action=probe.quiet-read')).items).toEqual([]);
  });

  it('keeps secrets in query strings out of the trail', async () => {
    await api()
      .post('/api/probe/act?code=oauth-code-123&state=s1&page=2')
      .set('Authorization', as(ALICE))
      .send({ eventId: 'callback', severityLevel: 'medium' })
      .expect(200);
    const row = await newest('&action=probe.callback');
    expect(row.requestUrl).toBe(
      '/api/probe/act?code=[redacted]&state=[redacted]&page=2',
    );
    expect(JSON.stringify(row)).not.toContain('oauth-code-123');
  });

  it('records events without a request as the plugin itself', async () => {
    await api()
      .post('/api/probe/background')
      .set('Authorization', as(ALICE))
      .expect(200);
    expect(await newest('&action=probe.nightly-job')).toMatchObject({
      actor: 'plugin:probe',
      target: 'system:default/billing',
      requestId: null,
      requestUrl: null,
      severity: 'high',
    });
  });

  it('audits catalog location changes and denied attempts without changes to the catalog', async () => {
    const created = await api()
      .post('/api/catalog/locations')
      .set('Authorization', as(ALICE))
      .send({
        type: 'url',
        target: 'https://git.example.com/shop/blob/main/catalog-info.yaml',
      })
      .expect(201);
    const id = created.body.location.id;
    expect(
      await newest('&action=catalog.location-mutate.create'),
    ).toMatchObject({
      actor: ALICE,
      target: `location:${id}`,
      outcome: 'succeeded',
      meta: {
        location: {
          id,
          target: 'https://git.example.com/shop/blob/main/catalog-info.yaml',
        },
      },
    });

    await api()
      .delete(`/api/catalog/locations/${id}`)
      .set('Authorization', as(MALLORY))
      .expect(403);
    const denied = await newest(
      '&action=catalog.location-mutate.delete&outcome=failed',
    );
    expect(denied).toMatchObject({
      actor: MALLORY,
      target: `location:${id}`,
      requestMethod: 'DELETE',
    });
    expect(denied.error).toMatch(/^NotAllowedError/);

    await api()
      .delete(`/api/catalog/locations/${id}`)
      .set('Authorization', as(ALICE))
      .expect(204);
    expect(
      await newest(`&target=location:${id}&outcome=succeeded`),
    ).toMatchObject({
      actor: ALICE,
      action: 'catalog.location-mutate',
      actionType: 'delete',
    });

    await api()
      .post('/api/catalog/refresh')
      .set('Authorization', as(ALICE))
      .send({ entityRef: 'component:default/does-not-exist' })
      .expect(404);
    expect(
      await newest('&target=component:default/does-not-exist'),
    ).toMatchObject({
      action: 'catalog.entity-mutate',
      actionType: 'refresh',
      outcome: 'failed',
    });
  });

  it('filters by actor, action, target, outcome and time, newest first, and pages by cursor', async () => {
    for (let i = 0; i < 7; i++) {
      await act(
        {
          eventId: 'page-test',
          severityLevel: 'medium',
          meta: {
            actionType: i % 2 ? 'odd' : 'even',
            target: `thing:${i % 3}`,
          },
        },
        i < 4 ? ALICE : ADMIN,
      );
    }
    const all = await eventsOk('?action=probe.page-test');
    expect(all.items).toHaveLength(7);
    const times = all.items.map(
      e => `${e.time}/${String(e.id).padStart(8, '0')}`,
    );
    expect([...times].sort().reverse()).toEqual(times);

    expect(
      (await eventsOk('?action=probe.page-test.odd')).items.map(
        e => e.actionType,
      ),
    ).toEqual(['odd', 'odd', 'odd']);
    expect(
      (
        await eventsOk(
          `?action=probe.page-test&actor=${encodeURIComponent(ALICE)}`,
        )
      ).items,
    ).toHaveLength(4);
    expect(
      (await eventsOk('?action=probe.page-test&actor=User:Default/Alice'))
        .items,
    ).toHaveLength(4);
    expect(
      (await eventsOk('?action=probe.page-test&target=thing:0')).items,
    ).toHaveLength(3);
    expect(
      (await eventsOk('?actor=user:default/mallory&outcome=failed')).items
        .length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      (await eventsOk('?actor=user:default/mallory&outcome=succeeded')).items,
    ).toEqual([]);

    const middle = all.items[3];
    const newer = await eventsOk(
      `?action=probe.page-test&from=${encodeURIComponent(middle.time)}`,
    );
    expect(newer.items.every(e => e.time >= middle.time)).toBe(true);
    const older = await eventsOk(
      `?action=probe.page-test&to=${encodeURIComponent(middle.time)}`,
    );
    expect(older.items.every(e => e.time < middle.time)).toBe(true);
    expect(newer.items.length + older.items.length).toBe(7);
    expect(
      (await eventsOk('?action=probe.page-test&to=2000-01-01')).items,
    ).toEqual([]);

    const seen: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await eventsOk(
        `?action=probe.page-test&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map(e => e.id)).toEqual(all.items.map(e => e.id));

    const one = await api()
      .get(`/api/audit/events/${middle.id}`)
      .set('Authorization', as(ADMIN))
      .expect(200);
    expect(one.body).toEqual(middle);
    await api()
      .get('/api/audit/events/999999999')
      .set('Authorization', as(ADMIN))
      .expect(404);
  });

  it('refuses readers without audit.events.read, and records the refusal', async () => {
    for (const url of [
      '/api/audit/events',
      '/api/audit/events?actor=user:default/admin',
      '/api/audit/events/1',
      '/api/audit/verify',
    ]) {
      for (const user of [ALICE, MALLORY]) {
        const res = await api().get(url).set('Authorization', as(user));
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /Only platform admins can read the audit trail/,
        );
      }
    }
    const refusal = await newest(`&action=audit.events-read&actor=${MALLORY}`);
    expect(refusal).toMatchObject({
      outcome: 'failed',
      requestUrl: expect.stringMatching(/^\/api\/audit\//),
    });
    expect(refusal.error).toMatch(/NotAllowedError: Only platform admins/);
  });

  it('answers malformed filters with a 400 naming the problem, never a 500', async () => {
    const bad: Array<[string, RegExp]> = [
      ['?colour=red', /unknown filter\(s\): colour/],
      ['?actor=a&actor=b', /actor must be a single actor/],
      ['?actor=', /actor must not be empty/],
      [`?actor=${'x'.repeat(1025)}`, /actor must be at most 1024/],
      ['?actor=a%00b', /control characters/],
      ['?target=line%0Abreak', /control characters/],
      ['?outcome=initiated', /outcome must be one of succeeded, failed/],
      ['?outcome[]=failed', /outcome/],
      ['?action=catalog', /action must be <plugin>.<eventId>/],
      ['?action=../../etc/passwd', /action must be/],
      ['?action=Catalog.x', /action must be/],
      ["?action=catalog.x'--", /action must be/],
      ['?from=yesterday', /from must be an ISO 8601 time/],
      ['?from=2026-13-45', /from is not a real date/],
      ['?to=1e12', /to must be an ISO 8601 time/],
      ['?from=2026-12-02&to=2026-12-01', /from must be before to/],
      ['?limit=0', /limit must be a whole number from 1 to 200/],
      ['?limit=201', /limit must be a whole number from 1 to 200/],
      ['?limit=-5', /limit/],
      ['?limit=1e2', /limit/],
      ['?limit=abc', /limit/],
      ['?cursor=not-a-cursor', /Invalid cursor/],
      [
        `?cursor=${Buffer.from('["x",1]').toString('base64url')}`,
        /Invalid cursor/,
      ],
      [
        `?cursor=${Buffer.from('["2026-01-01T00:00:00.000Z",-1]').toString(
          'base64url',
        )}`,
        /Invalid cursor/,
      ],
      [
        `?cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
        /Invalid cursor/,
      ],
      [`?cursor=${'A'.repeat(5000)}`, /Invalid cursor/],
    ];
    for (const [query, message] of bad) {
      const res = await events(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    }
    for (const id of [
      'abc',
      '0',
      '-1',
      '1.5',
      '1e3',
      '99999999999999999999',
      "1'--",
      '%00',
    ]) {
      const res = await api()
        .get(`/api/audit/events/${id}`)
        .set('Authorization', as(ADMIN));
      expect({ id, status: res.status }).toEqual({ id, status: 400 });
    }
    // Hostile but well-formed values are just values: no match, no error.
    for (const actor of [
      "' OR 1=1 --",
      'user:default/*',
      '%',
      '\\',
      'ユーザー',
    ]) {
      expect(
        (await eventsOk(`?actor=${encodeURIComponent(actor)}`)).items,
      ).toEqual([]);
    }
  });

  it('keeps hostile meta verifiable', async () => {
    const metas = [
      { s: 'nul\u0000byte' },
      { s: 'lone \ud800 surrogate' },
      { ['key\u0000']: 1, n: 1e308 },
      { big: 'x'.repeat(200_000) },
    ];
    for (const meta of metas) {
      await act({ eventId: 'hostile', severityLevel: 'medium', meta }).expect(
        200,
      );
    }
    const rows = (await eventsOk('?action=probe.hostile')).items;
    expect(rows).toHaveLength(metas.length);
    expect(rows[0].meta).toMatchObject({ truncated: true, keys: ['big'] });
    expect(rows[3].meta).toEqual({ s: 'nul\uFFFDbyte' });
    const verify = await api()
      .get('/api/audit/verify')
      .set('Authorization', as(ADMIN))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstId: 1 });
  });

  it('retention (the scheduled task) prunes rows older than audit.retention.days; the chain still verifies', async () => {
    expect(
      (await eventsOk('?target=component:default/ancient-1')).items,
    ).toHaveLength(1);
    await scheduler.triggerTask('audit-retention');
    expect(
      (await eventsOk('?target=component:default/ancient-1')).items,
    ).toEqual([]);
    expect(await newest('&action=audit.retention-prune')).toMatchObject({
      actor: 'plugin:audit',
      meta: { prunedRows: 3, lastPrunedId: 3 },
    });
    const verify = await api()
      .get('/api/audit/verify')
      .set('Authorization', as(ADMIN))
      .expect(200);
    expect(verify.body).toMatchObject({
      ok: true,
      firstId: 4,
      anchor: { lastPrunedId: 3, prunedRows: 3 },
    });
  });

  it('verify (API and command) finds a row changed with raw SQL', async () => {
    const verifyCommand = () =>
      spawnSync(
        process.execPath,
        [
          path.resolve(__dirname, '../bin/audit-verify.cjs'),
          '--config',
          configFile,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, POSTGRES_HOST: 'unused' },
        },
      );
    const before = await api()
      .get('/api/audit/verify')
      .set('Authorization', as(ADMIN))
      .expect(200);
    expect(before.body.ok).toBe(true);
    const intact = verifyCommand();
    expect(intact.stdout).toMatch(/Audit trail intact: \d+ rows checked/);
    expect(intact.status).toBe(0);

    const victim = await newest(
      '&action=catalog.location-mutate.delete&outcome=failed',
    );
    await auditDb.transaction(async trx => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx.raw(
        `UPDATE audit_events SET actor = 'user:default/someone-else' WHERE id = ?`,
        [victim.id],
      );
    });
    const after = await api()
      .get('/api/audit/verify')
      .set('Authorization', as(ADMIN))
      .expect(200);
    expect(after.body).toMatchObject({
      ok: false,
      broken: { id: victim.id, reason: 'changed' },
    });
    const broken = verifyCommand();
    expect(broken.stdout).toContain(
      `Audit trail BROKEN at row ${victim.id} (changed)`,
    );
    expect(broken.status).toBe(1);
  });
});
