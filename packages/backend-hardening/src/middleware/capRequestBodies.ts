import type { RequestHandler } from 'express';

/** Options for {@link capRequestBodies}. */
export interface CapRequestBodiesOptions {
  /** Largest body accepted, in bytes. */
  maxBodyBytes: number;
  /** Content types (lower case, no parameters) left to their plugin's own cap. */
  exemptContentTypes?: string[];
}

/** Types a plugin parses in memory (express.json/text/urlencoded): these need a declared length. */
const PARSED_TYPES =
  /^(application\/(.+\+)?json|text\/.+|application\/x-www-form-urlencoded|application\/(.+\+)?xml|application\/x-ndjson)$/;

function httpError(status: number, name: string, message: string) {
  return Object.assign(new Error(message), { name, status, expose: true });
}

const formatBytes = (n: number) => n.toLocaleString('en-US');

/**
 * A cap on request bodies for every route, enforced from the declared
 * Content-Length before any plugin reads a byte: 413 with the size and the
 * limit. Plugins parse JSON with limits of their own (100 kB up to 10 MB for
 * the scaffolder); this makes one limit hold everywhere. A body with no
 * declared length (chunked) of a type that plugins parse in memory is
 * refused with 411: the cap could not be enforced without reading it here,
 * and browsers and Backstage's clients always send a length.
 */
export function capRequestBodies(
  options: CapRequestBodiesOptions,
): RequestHandler {
  const { maxBodyBytes } = options;
  const exempt = new Set(
    (options.exemptContentTypes ?? []).map(t => t.toLowerCase()),
  );
  return function capRequestBody(req, res, next) {
    const contentType = (req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (exempt.has(contentType)) {
      next();
      return;
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      // Node's HTTP parser has already refused a Content-Length that is not a number.
      const length = Number(declared);
      if (length > maxBodyBytes) {
        res.setHeader('Connection', 'close');
        next(
          httpError(
            413,
            'PayloadTooLargeError',
            `The request body is ${formatBytes(
              length,
            )} bytes; this server accepts at most ${formatBytes(
              maxBodyBytes,
            )} bytes per request`,
          ),
        );
        return;
      }
      next();
      return;
    }
    if (req.headers['transfer-encoding'] && PARSED_TYPES.test(contentType)) {
      res.setHeader('Connection', 'close');
      next(
        httpError(
          411,
          'LengthRequiredError',
          `A ${contentType} body must declare its Content-Length (at most ${formatBytes(
            maxBodyBytes,
          )} bytes); chunked bodies are not accepted`,
        ),
      );
      return;
    }
    next();
  };
}
