import type { IndexableResult } from '@backstage/plugin-search-common';
import { queryWords } from './queryTranslator';

/** Kinds people search for most, in this order, before any other kind at the same name match. */
export const PREFERRED_KINDS = ['component', 'api', 'system'];

/** Component 3, API 2, System 1, any other kind 0. */
function kindWeight(kind: string): number {
  const at = PREFERRED_KINDS.indexOf(kind);
  return at === -1 ? 0 : PREFERRED_KINDS.length - at;
}

/**
 * How well a document's name answers the term:
 * 3: the name (or the title) is the term (`payments-service`, `Payments service`);
 * 2: the name starts with the term's words in order (`payments` → `payments-service`);
 * 1: every word of the term is a word (or the start of one) of the name or title;
 * 0: it matched elsewhere (description, tags, owner).
 */
export function nameMatch(
  document: { title?: unknown; name?: unknown },
  term: string,
): number {
  const words = queryWords(term);
  if (!words.length) return 0;
  const phrase = words.join(' ');
  const name =
    typeof document.name === 'string' ? queryWords(document.name) : [];
  const title =
    typeof document.title === 'string' ? queryWords(document.title) : [];
  if (name.join(' ') === phrase || title.join(' ') === phrase) return 3;
  if (name.length && name.slice(0, words.length).join(' ') === phrase) return 2;
  const has = (own: string[]) =>
    words.every(w => own.some(o => o.startsWith(w)));
  if ((name.length && has(name)) || (title.length && has(title))) return 1;
  return 0;
}

function kindOf(document: { kind?: unknown }): string {
  return typeof document.kind === 'string'
    ? document.kind.toLocaleLowerCase('en-US')
    : '';
}

/**
 * Orders results for a term: an exact name first (a Component, API or System
 * before another kind of the same name), then Components, APIs and Systems
 * (in that order) before other kinds, each by how well the name matches; the
 * engine's own rank (text relevance) breaks ties. Stable: equal results keep
 * their order.
 */
export function rankResults<T extends IndexableResult>(
  results: T[],
  term: string,
): T[] {
  const scored = results.map((result, position) => {
    const doc = result.document as {
      title?: unknown;
      name?: unknown;
      kind?: unknown;
    };
    const match = nameMatch(doc, term);
    const preferred = kindWeight(kindOf(doc));
    return { result, position, exact: match === 3 ? 1 : 0, preferred, match };
  });
  scored.sort(
    (a, b) =>
      b.exact - a.exact ||
      b.preferred - a.preferred ||
      b.match - a.match ||
      a.position - b.position,
  );
  return scored.map((s, index) => ({ ...s.result, rank: index + 1 }));
}
