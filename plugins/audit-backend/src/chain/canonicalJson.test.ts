import { canonicalJson } from './canonicalJson';
import { chainHash, GENESIS_HASH } from './chainHash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
    ).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text for the same value whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: { p: 'q', o: 'n' } })).toBe(
      canonicalJson({ y: { o: 'n', p: 'q' }, x: 1 }),
    );
  });

  it('drops undefined keys and writes top-level undefined as null', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('chainHash', () => {
  const row = {
    id: 1,
    time: '2026-12-01T12:00:00.000Z',
    plugin: 'catalog',
    eventId: 'entity-mutate',
    action: 'catalog.entity-mutate',
    actionType: 'delete',
    actor: 'user:default/a',
    actorDetails: null,
    target: 'component:default/x',
    requestId: null,
    requestMethod: null,
    requestUrl: null,
    outcome: 'succeeded',
    severity: 'medium',
    meta: { b: 1, a: 2 },
    error: null,
  };

  it('depends on the previous hash and on every field', () => {
    const base = chainHash(GENESIS_HASH, row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('1'.repeat(64), row)).not.toBe(base);
    for (const [key, value] of Object.entries({
      id: 2,
      actor: 'user:default/b',
      meta: { b: 1, a: 3 },
      outcome: 'failed',
      actionType: null,
    })) {
      expect(chainHash(GENESIS_HASH, { ...row, [key]: value })).not.toBe(base);
    }
    expect(chainHash(GENESIS_HASH, { ...row, meta: { a: 2, b: 1 } })).toBe(
      base,
    );
  });

  it('ignores fields that are not part of the row', () => {
    expect(chainHash(GENESIS_HASH, { ...row, hash: 'x' } as any)).toBe(
      chainHash(GENESIS_HASH, row),
    );
  });
});
