import type { ResourceType } from '../resources';
import type { KubeObject } from '../types';
import { HttpError } from './HttpError';
import type { ResourceIndex } from './ResourceIndex';

function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** One object by name (in a namespace for namespaced resources); 404 NotFound as kube-apiserver words it. */
export function getObject(
  index: ResourceIndex,
  type: ResourceType,
  namespace: string | undefined,
  objectName: string,
): KubeObject {
  const o = index.byName
    .get(type.name)!
    .objects.find(
      x =>
        x.metadata.name === objectName &&
        (x.metadata.namespace ?? undefined) === namespace,
    );
  if (!o) {
    throw new HttpError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${objectName}" not found`,
      {
        name: objectName,
        ...(type.group && { group: type.group }),
        kind: type.plural,
      },
    );
  }
  return o;
}
