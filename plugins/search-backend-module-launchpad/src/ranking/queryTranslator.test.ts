import {
  decodePageCursor,
  encodePageCursor,
  queryWords,
  toPgTerm,
  MAX_QUERY_WORDS,
  MAX_WORD_LENGTH,
} from './queryTranslator';

describe('toPgTerm', () => {
  it.each([
    ['payments-service', "'payments':* & 'service':*"],
    ['Payments Service', "'payments':* & 'service':*"],
    ['  pci-dss ', "'pci':* & 'dss':*"],
    ['nw_node.logger', "'nw':* & 'node':* & 'logger':*"],
    ['Überweisung', "'überweisung':*"],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
  ])('%j → %j', (term, expected) => {
    expect(toPgTerm(term)).toBe(expected);
  });

  // Whatever comes in, what goes to to_tsquery is quoted words joined by &:
  // no operator, quote, backslash or NUL of the input survives.
  const hostile = [
    "'",
    "''",
    '"',
    '\\',
    "\\'",
    "a' | 'b",
    'a & b | !c',
    '<->',
    '<2>',
    ':*',
    ':A',
    '((a)',
    'a)))',
    "'; DROP TABLE documents; --",
    '\u0000',
    'a\u0000b',
    '\u202e',
    '😀',
    '%_',
    '$1',
    '?',
    'a:*B',
    'x'.repeat(10_000),
    Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '),
  ];
  it.each(hostile.map(t => [t.slice(0, 30), t]))(
    '%j reduces to words',
    (_label, term) => {
      const pg = toPgTerm(term);
      if (pg === undefined) return;
      expect(pg).toMatch(/^'[\p{L}\p{N}]+':\*( & '[\p{L}\p{N}]+':\*)*$/u);
      expect(queryWords(term).length).toBeLessThanOrEqual(MAX_QUERY_WORDS);
      for (const w of queryWords(term))
        expect(w.length).toBeLessThanOrEqual(MAX_WORD_LENGTH);
    },
  );
});

describe('page cursors', () => {
  it('round-trips a page', () => {
    expect(decodePageCursor(encodePageCursor({ page: 3 }))).toEqual({
      page: 3,
    });
  });
  it.each([
    ['not base64 json', '!!!'],
    ['no page', Buffer.from('{}').toString('base64')],
    ['negative', Buffer.from('{"page":-1}').toString('base64')],
    ['fraction', Buffer.from('{"page":1.5}').toString('base64')],
    ['huge', Buffer.from('{"page":1e12}').toString('base64')],
    ['a string', Buffer.from('{"page":"2"}').toString('base64')],
    ['an array', Buffer.from('[1]').toString('base64')],
  ])('reads %s as the first page', (_label, cursor) => {
    const { page } = decodePageCursor(cursor);
    expect([0, 2]).toContain(page);
    expect(Number.isInteger(page) && page >= 0 && page < 10_000).toBe(true);
  });
});
