/** A failure answered with a `Status` object (see failureStatus). */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** What kube-apiserver answers for a path it does not serve. */
export const notFoundPath = () =>
  new HttpError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );

/** A 400 BadRequest. */
export const badRequest = (message: string) =>
  new HttpError(400, 'BadRequest', message);
