import { HttpError, badRequest } from './HttpError';
import type { ResourceIndex } from './ResourceIndex';

/** Where a list continues: the index into the list's objects, on one generation of the state. */
interface ListPosition {
  rv?: string;
  g?: number;
  start?: number;
}

const invalidKey = () =>
  badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );

/** The continue token of a list that stopped before object `start`. */
export function encodeContinueToken(
  index: ResourceIndex,
  start: number,
): string {
  return Buffer.from(
    JSON.stringify({
      rv: index.resourceVersion,
      g: index.generation,
      start,
    }),
  ).toString('base64url');
}

/** The object a continue token says to start at: 400 when it is not one, 410 when the state changed since. */
export function decodeContinueToken(
  token: string,
  index: ResourceIndex,
): number {
  let position: ListPosition;
  try {
    position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidKey();
  }
  if (
    typeof position !== 'object' ||
    position === null ||
    !Number.isSafeInteger(position.start) ||
    position.start! < 0 ||
    position.g === undefined
  ) {
    throw invalidKey();
  }
  if (position.g !== index.generation) {
    throw new HttpError(
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    );
  }
  return position.start!;
}
