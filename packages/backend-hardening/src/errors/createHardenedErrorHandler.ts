import type { LoggerService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import type { ErrorResponseBody } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { classifyError } from './classifyError';
import { scrubServerDetails } from './scrubServerDetails';

/** Options for {@link createHardenedErrorHandler}. */
export interface HardenedErrorHandlerOptions {
  logger: LoggerService;
  /**
   * Local (developer) mode: answers keep Backstage's full serialized error,
   * stack included. Otherwise an answer carries a name and a scrubbed message
   * only, and a 5xx a generic message with the id of its log line.
   */
  localMode: boolean;
}

/**
 * The error middleware of the hardened surface, in place of Backstage's
 * MiddlewareFactory.error(): the same answer shape (ErrorResponseBody), the
 * same status rules, plus 400 for the errors a malformed request raises in
 * unchecked code (see classifyError), and nothing internal outside local
 * mode: no stack, no server path, no extra error fields (errno, path, SQL
 * details), no cause, and for a 5xx no message at all but a log id.
 */
export function createHardenedErrorHandler(
  options: HardenedErrorHandlerOptions,
): ErrorRequestHandler {
  const logger = options.logger.child({ type: 'errorHandler' });
  return (raw, req, res, next) => {
    const error = classifyError(raw);
    const { statusCode } = error;
    let logId: string | undefined;
    if (statusCode >= 500) {
      logId = randomBytes(10).toString('hex');
      logger
        .child({ logId })
        .error(
          `Request failed with status ${statusCode} logId=${logId}`,
          error.original,
        );
    }
    if (res.headersSent) {
      next(raw);
      return;
    }
    let answered: ErrorResponseBody['error'];
    if (options.localMode) {
      answered = {
        ...serializeError(error.original, { includeStack: true }),
        name: error.name,
        message: error.message,
      };
    } else if (statusCode >= 500) {
      answered = {
        name: 'Error',
        message: `An internal error occurred; the server log has the details under logId=${logId}`,
      };
    } else {
      answered = {
        name: error.name,
        message: scrubServerDetails(error.message),
      };
    }
    const body: ErrorResponseBody = {
      error: answered,
      request: { method: req.method, url: req.originalUrl ?? req.url },
      response: { statusCode },
    };
    res.status(statusCode).json(body);
  };
}
