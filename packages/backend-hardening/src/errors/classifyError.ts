import {
  AuthenticationError,
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** An error as the backend answers it: its status and what the client may read. */
export interface ClassifiedError {
  statusCode: number;
  /** The error name answered (the original's, or a generic one for remapped errors). */
  name: string;
  /** The message answered before any scrubbing. */
  message: string;
  /** The original error (for the log and, in local mode, the answer). */
  original: Error;
}

const statusByName: Record<string, number> = {
  [NotModifiedError.name]: 304,
  [InputError.name]: 400,
  [AuthenticationError.name]: 401,
  [NotAllowedError.name]: 403,
  [NotFoundError.name]: 404,
  [ConflictError.name]: 409,
  [NotImplementedError.name]: 501,
  [ServiceUnavailableError.name]: 503,
};

/**
 * A Postgres error (node-postgres' DatabaseError) whose SQLSTATE says the
 * request carried a value the database cannot take: class 22 "data
 * exception" (invalid_text_representation such as a non-uuid where a uuid
 * column is compared, a NUL byte in text, a number out of range, a string too
 * long) and 54 "program limit exceeded" (e.g. a value too large for an index
 * row). These are the client's values, not server faults: 400, not 500.
 */
function isPostgresValueError(error: Error): error is Error & { code: string } {
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    (code.startsWith('22') || code.startsWith('54')) &&
    'severity' in error
  );
}

function numericStatus(error: Error): number | undefined {
  for (const field of ['statusCode', 'status'] as const) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 100 &&
      value <= 599
    )
      return value;
  }
  return undefined;
}

/**
 * The status an error is answered with: Backstage's own rules (a numeric
 * `status`/`statusCode`, then the well-known @backstage/errors names), plus
 * the classes of error that a malformed request raises inside code that did
 * not check it (bad percent-encoding, values Postgres cannot parse), which
 * Backstage answers 500.
 */
export function classifyError(raw: unknown): ClassifiedError {
  if (!isError(raw)) {
    return {
      statusCode: 500,
      name: 'Error',
      message: 'Unknown error',
      original: new Error(String(raw)),
    };
  }
  const error = raw as Error;
  const explicit = numericStatus(error);
  if (explicit !== undefined)
    return {
      statusCode: explicit,
      name: error.name,
      message: error.message,
      original: error,
    };
  const byName = statusByName[error.name];
  if (byName !== undefined)
    return {
      statusCode: byName,
      name: error.name,
      message: error.message,
      original: error,
    };
  if (error instanceof URIError || error.name === 'URIError') {
    return {
      statusCode: 400,
      name: InputError.name,
      message: `Malformed percent-encoding in the request: ${error.message}`,
      original: error,
    };
  }
  if (isPostgresValueError(error)) {
    // knex prefixes the SQL ("select ... - invalid input syntax for type uuid: "abc""): keep only
    // Postgres' reason, without the SQL and without the (possibly huge) quoted value.
    const sqlEnd = error.message.lastIndexOf(' - ');
    const pgMessage =
      sqlEnd === -1 ? error.message : error.message.slice(sqlEnd + 3);
    const reason = pgMessage.split(':')[0].trim();
    return {
      statusCode: 400,
      name: InputError.name,
      message: `The request carries a value the server cannot use (${reason})`,
      original: error,
    };
  }
  return {
    statusCode: 500,
    name: error.name,
    message: error.message,
    original: error,
  };
}
