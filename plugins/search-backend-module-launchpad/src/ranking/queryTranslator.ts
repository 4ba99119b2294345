import type {
  ConcretePgSearchQuery,
  PgSearchQueryTranslator,
} from '@backstage/plugin-search-backend-module-pg';
import type { SearchQuery } from '@backstage/plugin-search-common';

/** At most this many words of a query are matched (the rest are ignored). */
export const MAX_QUERY_WORDS = 12;
/** Words longer than this are cut (no real name is longer). */
export const MAX_WORD_LENGTH = 64;
/** Most results a page may ask for. */
export const MAX_PAGE_SIZE = 100;

/**
 * The words of a search term: runs of letters and digits, lowercase. Every
 * other character (tsquery operators, quotes, backslashes, NULs, emoji) is a
 * separator, so no input can form a tsquery operator or a syntax error.
 */
export function queryWords(term: string | undefined): string[] {
  if (!term) return [];
  const words =
    term
      .normalize('NFKC')
      .toLocaleLowerCase('en-US')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, MAX_QUERY_WORDS).map(w => w.slice(0, MAX_WORD_LENGTH));
}

/**
 * The tsquery for a term: every word must match, as a prefix
 * (`payments-service` → `'payments':* & 'service':*`), stemmed by
 * to_tsquery('english', …) as the indexed text is. Words are letters and
 * digits only, so quoting them is safe.
 */
export function toPgTerm(term: string | undefined): string | undefined {
  const words = queryWords(term);
  if (!words.length) return undefined;
  return words.map(w => `'${w}':*`).join(' & ');
}

/** Page cursors as the Postgres engine writes them (base64 of `{"page":n}`). */
export function decodePageCursor(cursor?: string): { page: number } {
  if (!cursor) return { page: 0 };
  try {
    const page = Number(
      JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')).page,
    );
    return {
      page: Number.isInteger(page) && page >= 0 && page < 10_000 ? page : 0,
    };
  } catch {
    return { page: 0 };
  }
}

export function encodePageCursor({ page }: { page: number }): string {
  return Buffer.from(JSON.stringify({ page }), 'utf8').toString('base64');
}

/** The page size a query asks for, within 1..{@link MAX_PAGE_SIZE} (25 by default). */
export function pageSizeOf(query: SearchQuery): number {
  const asked = Number(query.pageLimit);
  return Number.isInteger(asked) && asked > 0
    ? Math.min(asked, MAX_PAGE_SIZE)
    : 25;
}

/**
 * The Postgres engine's translator with {@link toPgTerm}: the engine's own
 * keeps quotes and backslashes in the term, and matches the whole hyphenated
 * name as one phrase.
 */
export const launchpadQueryTranslator: PgSearchQueryTranslator = (
  query,
  options,
): ConcretePgSearchQuery => {
  const pageSize = pageSizeOf(query);
  const { page } = decodePageCursor(query.pageCursor);
  return {
    pgQuery: {
      pgTerm: toPgTerm(query.term),
      fields: query.filters as Record<string, string | string[]> | undefined,
      types: query.types,
      offset: page * pageSize,
      limit: pageSize + 1,
      normalization: options.normalization || 0,
      options: options.highlightOptions,
    },
    pageSize,
  };
};
