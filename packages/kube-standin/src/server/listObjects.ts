import type { ResourceType } from '../resources';
import { apiVersionOf, fieldReader } from '../resources';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../selectors';
import type { KubeObject } from '../types';
import { decodeContinueToken, encodeContinueToken } from './continueToken';
import { HttpError, badRequest } from './HttpError';
import { queryBool, queryInt } from './queryParameters';
import type { ResourceIndex } from './ResourceIndex';

type FieldReader = (o: KubeObject) => string | undefined;

/** The label and field selectors of a list request; 400 for bad ones and for fields the resource does not register. */
function parseSelectors(type: ResourceType, query: URLSearchParams) {
  let labelReqs;
  let fieldReqs;
  try {
    labelReqs = parseLabelSelector(query.get('labelSelector') ?? '');
    fieldReqs = parseFieldSelector(query.get('fieldSelector') ?? '');
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
  const readerFor = fieldReader(type);
  const readers = new Map<string, FieldReader>();
  for (const r of fieldReqs) {
    const reader = readerFor(r.field);
    if (!reader) throw badRequest(`field label not supported: ${r.field}`);
    readers.set(r.field, reader);
  }
  const matches = (o: KubeObject) =>
    matchesLabels(labelReqs, o.metadata.labels) &&
    (fieldReqs.length === 0 ||
      matchesFields(fieldReqs, f => readers.get(f)!(o)));
  return matches;
}

/**
 * A list (`XxxList`) of a resource, cluster-wide or in a namespace, with
 * labelSelector, fieldSelector, limit and continue as kube-apiserver
 * handles them. Watch is not implemented (405).
 */
export function listObjects(
  index: ResourceIndex,
  type: ResourceType,
  namespace: string | undefined,
  query: URLSearchParams,
) {
  if (queryBool(query.get('watch'))) {
    throw new HttpError(
      405,
      'MethodNotAllowed',
      'watch is not implemented by this Kubernetes stand-in (it is not a real cluster)',
    );
  }
  const entry = index.byName.get(type.name)!;
  const matches = parseSelectors(type, query);
  const cont = query.get('continue');
  const start = cont ? decodeContinueToken(cont, index) : 0;
  const limit = queryInt(query, 'limit') ?? 0;
  const items: object[] = [];
  let next: number | undefined;
  let remaining = 0;
  for (let i = start; i < entry.objects.length; i++) {
    const o = entry.objects[i];
    if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
    if (!matches(o)) continue;
    if (limit > 0 && items.length >= limit) {
      if (next === undefined) next = i;
      remaining++;
      continue;
    }
    items.push(entry.listItems[i]);
  }
  return {
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: {
      resourceVersion: index.resourceVersion,
      ...(next !== undefined && {
        continue: encodeContinueToken(index, next),
        remainingItemCount: remaining,
      }),
    },
    items,
  };
}
