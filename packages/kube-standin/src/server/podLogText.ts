import { LogRequestError, podLog, renderLog } from '../logs';
import type { KubeObject } from '../types';
import { getObject } from './getObject';
import { badRequest } from './HttpError';
import { queryBool, queryInt } from './queryParameters';
import type { ServedCluster } from './types';

/** The container a log request means: the named one, the only one, or the pod's default container. */
function logContainer(
  pod: KubeObject,
  podName: string,
  query: URLSearchParams,
): string {
  const containers: string[] = (pod.spec?.containers ?? []).map(
    (c: { name: string }) => c.name,
  );
  let container = query.get('container') || undefined;
  if (!container) {
    const annotated =
      pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (containers.length === 1) container = containers[0];
    else if (annotated) container = annotated;
    else {
      throw badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${containers.join(
          ' ',
        )}]`,
      );
    }
  }
  if (!containers.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${podName}`);
  return container;
}

/**
 * A container's log, GET /api/v1/namespaces/{ns}/pods/{name}/log: container,
 * tailLines, previous, timestamps, limitBytes and sinceSeconds as
 * kube-apiserver reads them (`follow` is ignored: the response ends).
 */
export function podLogText(
  served: ServedCluster,
  namespace: string,
  podName: string,
  query: URLSearchParams,
): string {
  const { index, state } = served;
  const pod = getObject(
    index,
    index.byName.get('pods')!.type,
    namespace,
    podName,
  );
  const container = logContainer(pod, podName, query);
  const tailLines = queryInt(query, 'tailLines');
  const limitBytes = queryInt(query, 'limitBytes', 1);
  const sinceSeconds = queryInt(query, 'sinceSeconds', 1);
  const now = Date.parse(state.generatedAt);
  try {
    const lines = podLog(pod, container, {
      previous: queryBool(query.get('previous')),
      seed: state.seed,
      now,
    });
    return renderLog(lines, {
      tailLines,
      limitBytes,
      timestamps: queryBool(query.get('timestamps')),
      sinceMs:
        sinceSeconds === undefined ? undefined : now - sinceSeconds * 1000,
    });
  } catch (e) {
    if (e instanceof LogRequestError) throw badRequest(e.message);
    throw e;
  }
}
