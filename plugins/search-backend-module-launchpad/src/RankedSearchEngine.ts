import type {
  IndexableResultSet,
  QueryRequestOptions,
  QueryTranslator,
  SearchEngine,
  SearchQuery,
} from '@backstage/plugin-search-common';
import type { Writable } from 'stream';
import {
  decodePageCursor,
  encodePageCursor,
  pageSizeOf,
  queryWords,
} from './ranking/queryTranslator';
import { rankResults } from './ranking/rankResults';

/** How many of the engine's best matches are re-ranked (the rest keep the engine's order). */
export const RANKED_WINDOW = 100;

/**
 * A search engine that re-ranks another's results for a term
 * ({@link rankResults}): the first {@link RANKED_WINDOW} results (rounded up
 * to whole pages) are fetched at once and ordered by name match and kind,
 * then paged; pages beyond the window come from the engine as they are.
 * Indexing is the engine's.
 */
export class RankedSearchEngine implements SearchEngine {
  constructor(private readonly engine: SearchEngine) {}

  setTranslator(translator: QueryTranslator): void {
    this.engine.setTranslator(translator);
  }

  getIndexer(type: string): Promise<Writable> {
    return this.engine.getIndexer(type);
  }

  async query(
    query: SearchQuery,
    options?: QueryRequestOptions,
  ): Promise<IndexableResultSet> {
    if (!queryWords(query.term).length)
      return this.engine.query(query, options);
    const pageSize = pageSizeOf(query);
    const pagesInWindow = Math.ceil(RANKED_WINDOW / pageSize);
    const { page } = decodePageCursor(query.pageCursor);
    if (page >= pagesInWindow) {
      return this.engine.query({ ...query, pageLimit: pageSize }, options);
    }
    const window = await this.engine.query(
      { ...query, pageLimit: pagesInWindow * pageSize, pageCursor: undefined },
      options,
    );
    const ranked = rankResults(window.results, query.term);
    const total = window.numberOfResults ?? ranked.length;
    const start = page * pageSize;
    const results = ranked
      .slice(start, start + pageSize)
      .map((r, i) => ({ ...r, rank: start + i + 1 }));
    const hasNext = start + pageSize < total;
    return {
      results,
      numberOfResults: total,
      ...(hasNext && { nextPageCursor: encodePageCursor({ page: page + 1 }) }),
      ...(page > 0 && {
        previousPageCursor: encodePageCursor({ page: page - 1 }),
      }),
    };
  }
}
