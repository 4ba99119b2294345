import type { IndexableResult } from '@backstage/plugin-search-common';
import { nameMatch, rankResults } from './rankResults';

const doc = (kind: string, name: string, title = name): IndexableResult => ({
  type: 'software-catalog',
  document: {
    kind,
    name,
    title,
    text: '',
    location: `/catalog/default/${kind.toLowerCase()}/${name}`,
  } as any,
  rank: 0,
});
const names = (results: IndexableResult[]) =>
  results.map(r => `${(r.document as any).kind}:${(r.document as any).name}`);

describe('nameMatch', () => {
  it.each([
    ['payments-service', 'payments-service', 'Payments service', 3],
    ['Payments Service', 'payments-service', 'Payments service', 3],
    ['payments service', 'payments-service', 'Payments service', 3],
    ['payments', 'payments-service', 'Payments service', 2],
    ['service', 'payments-service', 'Payments service', 1],
    ['pay serv', 'payments-service', 'Payments service', 1],
    ['kotlin', 'payments-service', 'Payments service', 0],
    ['', 'payments-service', 'Payments service', 0],
  ])('%j on %s (%s) → %i', (term, name, title, expected) => {
    expect(nameMatch({ name, title }, term)).toBe(expected);
  });
});

describe('rankResults', () => {
  it('puts the exact name first, a preferred kind before another of the same name', () => {
    const ranked = rankResults(
      [
        doc('Group', 'payments'),
        doc('Component', 'payments-service'),
        doc('API', 'payments-api'),
        doc('System', 'payments'),
      ],
      'payments',
    );
    expect(names(ranked)).toEqual([
      'System:payments',
      'Group:payments',
      'Component:payments-service',
      'API:payments-api',
    ]);
    expect(ranked.map(r => r.rank)).toEqual([1, 2, 3, 4]);
  });

  it('ranks Components, APIs and Systems (in that order) before other kinds, then by name match', () => {
    const ranked = rankResults(
      [
        doc('User', 'kafka-admin'),
        doc('Resource', 'kafka'),
        doc('System', 'events'),
        doc('Component', 'orders-service'),
        doc('API', 'kafka-events'),
      ],
      'kafka',
    );
    // Resource:kafka is the exact name; then preferred kinds; the User last
    expect(names(ranked)).toEqual([
      'Resource:kafka',
      'Component:orders-service',
      'API:kafka-events',
      'System:events',
      'User:kafka-admin',
    ]);
  });

  it('keeps the engine order between equals', () => {
    const input = [
      doc('Component', 'a-service'),
      doc('Component', 'b-service'),
      doc('Component', 'c-service'),
    ];
    expect(names(rankResults(input, 'service'))).toEqual(names(input));
  });

  it('does not fail on documents without name, kind or title', () => {
    const odd = {
      type: 'techdocs',
      document: { title: 42, text: 'x', location: '/docs' } as any,
      rank: 1,
    };
    expect(rankResults([odd, doc('Component', 'x')], 'x')).toHaveLength(2);
  });
});
