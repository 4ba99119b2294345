import { InputError } from '@backstage/errors';
import type { RequestHandler } from 'express';

/** Control characters (C0 with NUL, DEL, C1) never belong in a path segment an id is read from. */
const CONTROL = /\p{Cc}/u;

/**
 * Refuses, before any route sees it, a request whose path cannot be an id of
 * anything: malformed percent-encoding (%ZZ, a lone %, broken UTF-8 such as
 * %C3%28) and control characters, raw or encoded (%00, %0A). Routers decode
 * path parameters themselves and some answer those with a 500 (URIError) or
 * pass a NUL byte on to Postgres; here they are one 400 naming the problem.
 * NUL (%00) is refused in the query string too.
 */
export function rejectMalformedPaths(): RequestHandler {
  return function rejectMalformedPath(req, _res, next) {
    const raw = req.url;
    const query = raw.indexOf('?');
    const pathname = query === -1 ? raw : raw.slice(0, query);
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      next(
        new InputError(
          'The request path has malformed percent-encoding (a % must be followed by two hex digits of valid UTF-8)',
        ),
      );
      return;
    }
    if (CONTROL.test(decoded)) {
      next(
        new InputError(
          'The request path contains a control character (such as %00); no id contains one',
        ),
      );
      return;
    }
    // Postgres text cannot hold a NUL byte: one in a query value fails deep in
    // the database driver (a dropped connection, not an answer).
    if (query !== -1 && /%00/i.test(raw.slice(query))) {
      next(
        new InputError(
          'The query string contains a NUL character (%00); no parameter takes one',
        ),
      );
      return;
    }
    next();
  };
}
