/*
 * The audit store on the real (embedded) Postgres: the chain, the triggers,
 * tampering of each kind found by verify, retention, concurrent writers.
 * Every scenario that tampers gets a database of its own.
 */
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import { toStorableJson } from '../chain/storable';
import { DatabaseAuditStore } from './DatabaseAuditStore';
import type { NewAuditRow } from './types';

jest.setTimeout(120_000);

const DAY = 24 * 60 * 60 * 1000;

function row(n: number, overrides: Partial<NewAuditRow> = {}): NewAuditRow {
  return {
    time: new Date(Date.UTC(2026, 10, 1) + n * 1000),
    plugin: 'catalog',
    eventId: 'entity-mutate',
    actionType: 'delete',
    actor: `user:default/user-${n % 3}`,
    actorDetails: { ip: '127.0.0.1' },
    target: `component:default/svc-${n % 5}`,
    requestId: `req-${n}`,
    requestMethod: 'DELETE',
    requestUrl: `/api/catalog/entities/by-uid/${n}`,
    outcome: n % 4 === 0 ? 'failed' : 'succeeded',
    severity: 'medium',
    meta: { n, nested: { b: [1, 2, { z: 'x', a: null }], a: 'é' } },
    error: n % 4 === 0 ? 'NotAllowedError: refused' : null,
    ...overrides,
  };
}

const admin = knexFactory({
  client: 'pg',
  connection: testDatabaseConfig().connection,
});
const created: Array<{ name: string; knex: Knex[] }> = [];

/** A fresh database; `pools` separate connection pools to it (as separate backend instances). */
async function freshDatabase(pools = 1) {
  const name = `audit_store_${randomBytes(4).toString('hex')}`;
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseConfig().connection);
  url.pathname = `/${name}`;
  const knex = Array.from({ length: pools }, () =>
    knexFactory({
      client: 'pg',
      connection: url.toString(),
      pool: { min: 0, max: 5 },
    }),
  );
  created.push({ name, knex });
  const stores = await Promise.all(
    knex.map(k => DatabaseAuditStore.create({ knex: k })),
  );
  return { knex: knex[0], store: stores[0], stores };
}

/** Raw SQL as someone with database rights would run it, triggers off. */
async function tamper(knex: Knex, sql: string, bindings: any[] = []) {
  await knex.transaction(async trx => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw(sql, bindings);
  });
}

afterAll(async () => {
  for (const { name, knex } of created) {
    await Promise.all(knex.map(k => k.destroy()));
    await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  }
  await admin.destroy();
});

describe('DatabaseAuditStore', () => {
  it('chains rows with consecutive ids and verifies them', async () => {
    const { store } = await freshDatabase();
    expect(await store.verify()).toMatchObject({
      ok: true,
      checkedRows: 0,
      firstId: null,
    });
    const written = await store.appendBatch([row(1), row(2), row(3)]);
    expect(written.map(e => e.id)).toEqual([1, 2, 3]);
    expect(written[0]).toMatchObject({
      action: 'catalog.entity-mutate',
      actionType: 'delete',
      target: 'component:default/svc-1',
    });
    expect(new Set(written.map(e => e.hash)).size).toBe(3);
    const single = await store.append(row(4));
    expect(single.id).toBe(4);
    expect(await store.get(4)).toEqual(single);
    const result = await store.verify();
    expect(result).toMatchObject({
      ok: true,
      checkedRows: 4,
      firstId: 1,
      lastId: 4,
      headHash: single.hash,
    });
  });

  it('keeps hostile text and meta verifiable: NUL, lone surrogates, odd numbers, deep keys', async () => {
    const { store } = await freshDatabase();
    // The auditor cleans text before it reaches the store; the store must
    // still give back exactly what it hashed for every JSON shape.
    const metas = [
      { big: 1e21, small: 5e-324, neg: -0, frac: 0.1 + 0.2 },
      { 'key with "quotes"': { '\\': ['\n', '\t', '\u2028'] } },
      { emoji: '👩‍💻', rtl: '\u202e', ws: ' \u00a0 ' },
      { deep: JSON.parse(`${'{"a":'.repeat(50)}1${'}'.repeat(50)}`) },
      { arr: [[], {}, [null, true, false]] },
      // As the auditor hands them over after cleaning:
      toStorableJson(
        {
          nul: 'a\u0000b',
          ['k\u0000']: 1,
          lone: '\ud800x\udc00',
          pair: '\ud83d\ude00',
        },
        32768,
      )!,
      toStorableJson(
        { when: new Date(0), skip: undefined, nan: NaN, inf: -Infinity },
        32768,
      )!,
      toStorableJson({ huge: 'x'.repeat(100_000) }, 32768)!,
    ];
    expect(metas[5]).toEqual({
      nul: 'a\uFFFDb',
      'k\uFFFD': 1,
      lone: '\uFFFDx\uFFFD',
      pair: '\ud83d\ude00',
    });
    expect(metas[6]).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      nan: null,
      inf: null,
    });
    expect(metas[7]).toMatchObject({ truncated: true, keys: ['huge'] });
    await store.appendBatch(metas.map((meta, i) => row(i + 1, { meta })));
    expect(await store.verify()).toMatchObject({
      ok: true,
      checkedRows: metas.length,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE outside retention', async () => {
    const { knex, store } = await freshDatabase();
    await store.appendBatch([row(1), row(2)]);
    const attempts = [
      `UPDATE audit_events SET actor = 'user:default/someone-else' WHERE id = 1`,
      `DELETE FROM audit_events WHERE id = 2`,
      `TRUNCATE audit_events`,
      `INSERT INTO audit_chain_anchor VALUES (true, 1, '${'0'.repeat(
        64,
      )}', 1, now())`,
      `TRUNCATE audit_chain_anchor`,
    ];
    for (const sql of attempts) {
      await expect(knex.raw(sql)).rejects.toThrow(/append-only/);
    }
    expect(await store.verify()).toMatchObject({ ok: true, checkedRows: 2 });
  });

  describe('verify names the first broken row', () => {
    const cases: Array<{
      name: string;
      sql: string;
      expected: { id: number; reason: string; message: RegExp };
    }> = [
      {
        name: 'a changed actor',
        sql: `UPDATE audit_events SET actor = 'user:default/mallory' WHERE id = 5`,
        expected: {
          id: 5,
          reason: 'changed',
          message: /row 5 does not match its hash/,
        },
      },
      {
        name: 'a changed meta key',
        sql: `UPDATE audit_events SET meta = meta || '{"n": 99}' WHERE id = 7`,
        expected: { id: 7, reason: 'changed', message: /row 7/ },
      },
      {
        name: 'a changed outcome',
        sql: `UPDATE audit_events SET outcome = 'succeeded', error = NULL WHERE id = 4`,
        expected: { id: 4, reason: 'changed', message: /row 4/ },
      },
      {
        name: 'a time moved by a millisecond',
        sql: `UPDATE audit_events SET time = time + interval '1 millisecond' WHERE id = 3`,
        expected: { id: 3, reason: 'changed', message: /row 3/ },
      },
      {
        name: 'a rewritten hash',
        sql: `UPDATE audit_events SET hash = repeat('a', 64) WHERE id = 6`,
        expected: { id: 6, reason: 'changed', message: /row 6/ },
      },
      {
        name: 'a deleted row',
        sql: `DELETE FROM audit_events WHERE id = 4`,
        expected: {
          id: 5,
          reason: 'missing-rows',
          message: /row 4 is missing before row 5/,
        },
      },
      {
        name: 'deleted rows',
        sql: `DELETE FROM audit_events WHERE id BETWEEN 3 AND 6`,
        expected: {
          id: 7,
          reason: 'missing-rows',
          message: /rows 3 to 6 are missing/,
        },
      },
      {
        name: 'a deleted first row',
        sql: `DELETE FROM audit_events WHERE id = 1`,
        expected: {
          id: 2,
          reason: 'missing-rows',
          message: /row 1 is missing/,
        },
      },
      {
        name: 'two rows swapped (ids exchanged)',
        sql: `UPDATE audit_events SET id = -6 WHERE id = 3; UPDATE audit_events SET id = 3 WHERE id = 6; UPDATE audit_events SET id = 6 WHERE id = -6`,
        expected: { id: 3, reason: 'changed', message: /row 3/ },
      },
      {
        name: 'a row moved to the end (renumbered)',
        sql: `UPDATE audit_events SET id = 100 WHERE id = 2`,
        expected: {
          id: 3,
          reason: 'missing-rows',
          message: /row 2 is missing/,
        },
      },
      {
        name: 'a row copied over another',
        sql: `UPDATE audit_events t SET (time, actor, meta, hash) = (s.time, s.actor, s.meta, s.hash) FROM audit_events s WHERE t.id = 6 AND s.id = 5`,
        expected: { id: 6, reason: 'changed', message: /row 6/ },
      },
      {
        name: 'a forged row inserted',
        sql: `UPDATE audit_events SET id = -id WHERE id >= 5; UPDATE audit_events SET id = -id + 1 WHERE id < 0; INSERT INTO audit_events SELECT 5, time, plugin, event_id, action, action_type, 'user:default/mallory', actor_details, target, request_id, request_method, request_url, outcome, severity, meta, error, hash FROM audit_events WHERE id = 4`,
        expected: { id: 5, reason: 'changed', message: /row 5/ },
      },
    ];
    it.each(cases)('$name', async ({ sql, expected }) => {
      const { knex, store } = await freshDatabase();
      await store.appendBatch(Array.from({ length: 8 }, (_, i) => row(i + 1)));
      expect((await store.verify()).ok).toBe(true);
      await tamper(knex, sql);
      const result = await store.verify();
      expect(result.ok).toBe(false);
      expect(result.broken).toMatchObject({
        id: expected.id,
        reason: expected.reason,
      });
      expect(result.broken?.message).toMatch(expected.message);
    });
  });

  it('retention prunes old rows, records the prune, and the chain still verifies', async () => {
    const { knex, store } = await freshDatabase();
    const now = Date.now();
    const old = Array.from({ length: 30 }, (_, i) =>
      row(i, { time: new Date(now - 400 * DAY + i * 1000) }),
    );
    const recent = Array.from({ length: 10 }, (_, i) =>
      row(100 + i, { time: new Date(now - DAY + i * 1000) }),
    );
    await store.appendBatch([...old, ...recent]);

    const pruned = await store.prune(new Date(now - 365 * DAY));
    expect(pruned).toEqual({ prunedRows: 30, lastPrunedId: 30 });
    const result = await store.verify();
    expect(result).toMatchObject({
      ok: true,
      firstId: 31,
      lastId: 41,
      checkedRows: 11,
      anchor: { lastPrunedId: 30, prunedRows: 30 },
    });
    const record = await store.get(41);
    expect(record).toMatchObject({
      action: 'audit.retention-prune',
      actor: 'plugin:audit',
      meta: { prunedRows: 30, lastPrunedId: 30 },
    });

    // Nothing old enough: no change, no record.
    expect(await store.prune(new Date(now - 365 * DAY))).toEqual({
      prunedRows: 0,
      lastPrunedId: null,
    });

    // Everything pruned: the chain continues from the anchor.
    await store.prune(new Date(now + DAY));
    expect(await store.verify()).toMatchObject({
      ok: true,
      anchor: { lastPrunedId: 41, prunedRows: 41 },
    });
    const next = await store.append(row(200, { time: new Date() }));
    expect(next.id).toBe(43);
    expect(await store.verify()).toMatchObject({
      ok: true,
      firstId: 42,
      lastId: 43,
    });

    // Deleting the oldest kept row is still caught.
    await tamper(knex, 'DELETE FROM audit_events WHERE id = 42');
    expect((await store.verify()).broken).toMatchObject({
      id: 43,
      reason: 'anchor-mismatch',
    });
  });

  it('keeps one valid chain under concurrent writers in two instances', async () => {
    const { stores, store } = await freshDatabase(2);
    const writers = 8;
    const perWriter = 40;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const instance = stores[w % 2];
        for (let i = 0; i < perWriter; i++) {
          const n = w * 1000 + i;
          if (i % 10 === 0) {
            await instance.appendBatch([row(n), row(n + 500)]);
          } else {
            await instance.append(row(n));
          }
        }
      }),
    );
    const total = writers * (perWriter + perWriter / 10);
    const result = await store.verify();
    expect(result).toMatchObject({
      ok: true,
      checkedRows: total,
      firstId: 1,
      lastId: total,
    });
  });
});
