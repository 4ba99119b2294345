/*
 * A STAND-IN for a Kubernetes API server. No Kubernetes cluster can run on
 * the machines Launchpad is built and tested on, so this HTTP server speaks
 * the read side of the Kubernetes REST protocol over the objects that
 * generateClusterState() makes up, well enough for Backstage's
 * kubernetes-backend, @kubernetes/client-node and the portal's own code to
 * talk to it as they would to a real cluster.
 *
 * Implemented, as kube-apiserver does it:
 *   - bearer-token authentication: a missing or wrong token gets 401 and the
 *     `Status` object kube-apiserver sends (as with --anonymous-auth=false);
 *   - discovery: /version, /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version};
 *   - list (cluster-wide and per namespace) and get for the resources in
 *     resources.ts, with `XxxList` responses carrying metadata.resourceVersion,
 *     `labelSelector`, `fieldSelector` (the field labels the real resource
 *     registers, 400 for others), `limit` and `continue`;
 *   - pod logs: GET /api/v1/namespaces/{ns}/pods/{name}/log with container,
 *     tailLines, previous, timestamps, limitBytes and sinceSeconds (text/plain);
 *   - metrics.k8s.io/v1beta1 PodMetrics (what metrics-server serves) and
 *     Argo CD argoproj.io/v1alpha1 Applications (a custom resource);
 *   - errors as `Status` objects: 404 NotFound for unknown paths and objects,
 *     400 BadRequest for bad selectors and log requests.
 * Not implemented: watch (`?watch=true` gets 405), write verbs (POST, PUT,
 * PATCH, DELETE get 405), exec/attach/port-forward, `follow` on logs (the
 * log is returned and the response ends), table output (`as=Table`),
 * protobuf, server-side apply, authorization (any holder of the token sees
 * everything), TLS (plain HTTP on 127.0.0.1), resourceVersion semantics
 * beyond a continue token being tied to the state it started on.
 *
 * Fault injection for tests: setDown(true) drops every connection (the
 * client sees a reset), setLatency(ms) delays every response, stop() closes
 * the port (the client sees connection refused), setToken() makes the token
 * clients hold wrong (401).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { LogRequestError, podLog, renderLog } from './logs';
import {
  RESOURCE_TYPES,
  READ_VERBS,
  apiVersionOf,
  fieldReader,
  findResourceType,
  groupVersions,
  type ResourceType,
} from './resources';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';
import type { ClusterState, KubeObject } from './types';

/** The Kubernetes version the stand-in reports on /version. */
export const STANDIN_KUBERNETES_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4',
};

export interface KubeStandinOptions {
  /** What the cluster holds; see generateClusterState(). */
  state: ClusterState;
  /** The bearer token clients must send (a service account token, for Backstage's `serviceAccount` auth). */
  token: string;
  /** A name for messages and the request log; defaults to the state's environment. */
  name?: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Initial latency added to every response, in ms. */
  latencyMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface KubeStandin {
  /** Base URL of the API server, e.g. http://127.0.0.1:41234 */
  url: string;
  name: string;
  /** Closes the port and drops open connections. */
  stop(): Promise<void>;
  /** While down, every connection is dropped without an answer. */
  setDown(down: boolean): void;
  /** Delay every response (including errors) by this many ms; 0 to stop. */
  setLatency(ms: number): void;
  /** Accept another bearer token from now on (the old one gets 401), as when a token is rotated or revoked. */
  setToken(token: string): void;
  /** Replace what the cluster serves; continue tokens from before become invalid. */
  setState(state: ClusterState): void;
  /** The last requests answered (up to 1000), for tests to see what clients asked. */
  readonly requests: RecordedRequest[];
}

interface IndexedResource {
  type: ResourceType;
  /** Sorted by namespace then name, as etcd lists them */
  objects: KubeObject[];
  /** The same objects as list items: built-in types without apiVersion/kind, as the apiserver serves them */
  listItems: object[];
}

interface Index {
  byName: Map<string, IndexedResource>;
  resourceVersion: string;
  generation: number;
}

function buildIndex(state: ClusterState, generation: number): Index {
  const byName = new Map<string, IndexedResource>();
  let maxRv = 0;
  for (const type of RESOURCE_TYPES) {
    const objects = [...(state.resources[type.name] ?? [])].sort((a, b) => {
      const na = a.metadata.namespace ?? '';
      const nb = b.metadata.namespace ?? '';
      if (na !== nb) return na < nb ? -1 : 1;
      return a.metadata.name < b.metadata.name
        ? -1
        : a.metadata.name > b.metadata.name
        ? 1
        : 0;
    });
    for (const o of objects)
      maxRv = Math.max(maxRv, Number(o.metadata.resourceVersion ?? 0));
    const listItems = type.customResource
      ? objects
      : objects.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    byName.set(type.name, { type, objects, listItems });
  }
  return { byName, resourceVersion: String(maxRv || 1), generation };
}

/** A `Status` object as kube-apiserver returns it for a failure. */
export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code,
  };
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const notFoundPath = () =>
  new HttpError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );

/** Query flags decode like apimachinery's Convert_Slice_string_To_bool: present and not 0/f/false/n/no is true. */
function queryBool(value: string | null): boolean {
  if (value === null) return false;
  return !['0', 'f', 'false', 'n', 'no'].includes(value.toLowerCase());
}

function queryInt(
  query: URLSearchParams,
  name: string,
  min = 0,
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw))
    throw new HttpError(
      400,
      'BadRequest',
      `invalid ${name}: strconv.ParseInt: parsing "${raw}": invalid syntax`,
    );
  const n = Number(raw);
  if (n < min)
    throw new HttpError(
      400,
      'BadRequest',
      `${name}: Invalid value: ${n}: must be greater than or equal to ${min}`,
    );
  return n;
}

function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export async function startKubeStandin(
  options: KubeStandinOptions,
): Promise<KubeStandin> {
  let generation = 0;
  let index = buildIndex(options.state, generation);
  let state = options.state;
  let token = options.token;
  let down = false;
  let latencyMs = options.latencyMs ?? 0;
  let stopped = false;
  const name = options.name ?? options.state.env;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RecordedRequest[] = [];

  const sendJson = (res: http.ServerResponse, code: number, body: unknown) => {
    const payload = JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(payload),
      'Cache-Control': 'no-cache, private',
      'Audit-Id': randomUUID(),
    });
    res.end(payload);
  };

  const sendText = (res: http.ServerResponse, code: number, text: string) => {
    res.writeHead(code, {
      'Content-Type': 'text/plain',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
      'Audit-Id': randomUUID(),
    });
    res.end(text);
  };

  const discovery = (
    path: string,
    req: http.IncomingMessage,
  ): unknown | undefined => {
    if (path === '/version') {
      return {
        ...STANDIN_KUBERNETES_VERSION,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2024-12-10T00:00:00Z',
        goVersion: 'go1.22.9',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    }
    if (path === '/api') {
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          {
            clientCIDR: '0.0.0.0/0',
            serverAddress: req.headers.host ?? '127.0.0.1',
          },
        ],
      };
    }
    const groups = groupVersions().filter(g => g.group !== '');
    const apiGroup = (g: { group: string; versions: string[] }) => ({
      name: g.group,
      versions: g.versions.map(v => ({
        groupVersion: `${g.group}/${v}`,
        version: v,
      })),
      preferredVersion: {
        groupVersion: `${g.group}/${g.versions[0]}`,
        version: g.versions[0],
      },
    });
    if (path === '/apis')
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map(apiGroup),
      };
    const m = /^\/apis\/([^/]+)$/.exec(path);
    if (m) {
      const g = groups.find(x => x.group === m[1]);
      return g
        ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) }
        : undefined;
    }
    const gv =
      path === '/api/v1'
        ? { group: '', version: 'v1' }
        : /^\/apis\/([^/]+)\/([^/]+)$/.exec(path) && {
            group: path.split('/')[2],
            version: path.split('/')[3],
          };
    if (gv) {
      const types = RESOURCE_TYPES.filter(
        t => t.group === gv.group && t.version === gv.version,
      );
      if (types.length === 0) return undefined;
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: apiVersionOf(gv),
        resources: types.flatMap(t => [
          {
            name: t.plural,
            singularName: t.singular,
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: t.verbs ?? READ_VERBS,
            ...(t.shortNames && { shortNames: t.shortNames }),
          },
          ...(t.subresources ?? []).map(sub => ({
            name: `${t.plural}/${sub}`,
            singularName: '',
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: ['get'],
          })),
        ]),
      };
    }
    return undefined;
  };

  /** Splits a resource path into its parts; undefined when it is not one. */
  const parseResourcePath = (path: string) => {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 3) {
      group = '';
      version = parts[1];
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 4) {
      group = parts[1];
      version = parts[2];
      rest = parts.slice(3);
    } else {
      return undefined;
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, objectName, subresource, ...extra] = rest;
    if (extra.length > 0) return undefined;
    const type = findResourceType(group, version, plural);
    if (!type) return undefined;
    if (namespace !== undefined && !type.namespaced) return undefined;
    return { type, namespace, objectName, subresource };
  };

  const list = (
    type: ResourceType,
    namespace: string | undefined,
    query: URLSearchParams,
  ) => {
    if (queryBool(query.get('watch'))) {
      throw new HttpError(
        405,
        'MethodNotAllowed',
        'watch is not implemented by this Kubernetes stand-in (it is not a real cluster)',
      );
    }
    const entry = index.byName.get(type.name)!;
    let labelReqs;
    let fieldReqs;
    try {
      labelReqs = parseLabelSelector(query.get('labelSelector') ?? '');
      fieldReqs = parseFieldSelector(query.get('fieldSelector') ?? '');
    } catch (e) {
      if (e instanceof SelectorError)
        throw new HttpError(400, 'BadRequest', e.message);
      throw e;
    }
    const readerFor = fieldReader(type);
    const readers = new Map<string, (o: KubeObject) => string | undefined>();
    for (const r of fieldReqs) {
      const reader = readerFor(r.field);
      if (!reader)
        throw new HttpError(
          400,
          'BadRequest',
          `field label not supported: ${r.field}`,
        );
      readers.set(r.field, reader);
    }
    let start = 0;
    const cont = query.get('continue');
    if (cont) {
      let position: { rv?: string; g?: number; start?: number };
      try {
        position = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8'));
      } catch {
        throw new HttpError(
          400,
          'BadRequest',
          'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
        );
      }
      if (typeof position.start !== 'number' || position.g === undefined) {
        throw new HttpError(
          400,
          'BadRequest',
          'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
        );
      }
      if (position.g !== index.generation) {
        throw new HttpError(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      start = position.start;
    }
    const limit = queryInt(query, 'limit') ?? 0;
    const items: object[] = [];
    let next: number | undefined;
    let remaining = 0;
    for (let i = start; i < entry.objects.length; i++) {
      const o = entry.objects[i];
      if (namespace !== undefined && o.metadata.namespace !== namespace)
        continue;
      if (!matchesLabels(labelReqs, o.metadata.labels)) continue;
      if (
        fieldReqs.length &&
        !matchesFields(fieldReqs, f => readers.get(f)!(o))
      )
        continue;
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
          continue: Buffer.from(
            JSON.stringify({
              rv: index.resourceVersion,
              g: index.generation,
              start: next,
            }),
          ).toString('base64url'),
          remainingItemCount: remaining,
        }),
      },
      items,
    };
  };

  const get = (
    type: ResourceType,
    namespace: string | undefined,
    objectName: string,
  ): KubeObject => {
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
  };

  const podLogText = (
    namespace: string,
    podName: string,
    query: URLSearchParams,
  ): string => {
    const pod = get(index.byName.get('pods')!.type, namespace, podName);
    const containers: string[] = (pod.spec?.containers ?? []).map(
      (c: any) => c.name,
    );
    let container = query.get('container') || undefined;
    if (!container) {
      const annotated =
        pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
      if (containers.length === 1) container = containers[0];
      else if (annotated) container = annotated;
      else {
        throw new HttpError(
          400,
          'BadRequest',
          `a container name must be specified for pod ${podName}, choose one of: [${containers.join(
            ' ',
          )}]`,
        );
      }
    }
    if (!containers.includes(container))
      throw new HttpError(
        400,
        'BadRequest',
        `container ${container} is not valid for pod ${podName}`,
      );
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
      if (e instanceof LogRequestError)
        throw new HttpError(400, 'BadRequest', e.message);
      throw e;
    }
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const path =
      url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const record = (status: number) => {
      requests.push({
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        status,
      });
      if (requests.length > 1000) requests.splice(0, requests.length - 1000);
    };
    try {
      if (path === '/healthz' || path === '/livez' || path === '/readyz') {
        record(200);
        sendText(res, 200, 'ok');
        return;
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        throw new HttpError(401, 'Unauthorized', 'Unauthorized');
      }
      const method = req.method ?? 'GET';
      const disc = discovery(path, req);
      const resource = disc === undefined ? parseResourcePath(path) : undefined;
      if (disc === undefined && !resource) throw notFoundPath();
      if (method !== 'GET') {
        throw new HttpError(
          405,
          'MethodNotAllowed',
          `${method} is not implemented by this Kubernetes stand-in: it serves read-only requests (it is not a real cluster)`,
        );
      }
      if (disc !== undefined) {
        record(200);
        sendJson(res, 200, disc);
        return;
      }
      const { type, namespace, objectName, subresource } = resource!;
      if (objectName === undefined) {
        const body = list(type, namespace, url.searchParams);
        record(200);
        sendJson(res, 200, body);
        return;
      }
      if (subresource === undefined) {
        const body = get(type, namespace, objectName);
        record(200);
        sendJson(res, 200, body);
        return;
      }
      if (
        type.name === 'pods' &&
        subresource === 'log' &&
        namespace !== undefined
      ) {
        const text = podLogText(namespace, objectName, url.searchParams);
        record(200);
        sendText(res, 200, text);
        return;
      }
      throw notFoundPath();
    } catch (e) {
      const err =
        e instanceof HttpError
          ? e
          : new HttpError(
              500,
              'InternalError',
              `Internal error occurred: ${(e as Error).message}`,
            );
      record(err.code);
      sendJson(
        res,
        err.code,
        failureStatus(err.code, err.reason, err.message, err.details),
      );
    }
  };

  const server = http.createServer((req, res) => {
    if (down || stopped) {
      req.socket.destroy();
      return;
    }
    if (latencyMs <= 0) {
      handle(req, res);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (down || stopped) req.socket.destroy();
      else handle(req, res);
    }, latencyMs);
    timers.add(timer);
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', socket => {
    if (down || stopped) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    name,
    requests,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
    setDown(value: boolean) {
      down = value;
      if (down) for (const s of sockets) s.destroy();
    },
    setLatency(ms: number) {
      latencyMs = Math.max(0, ms);
    },
    setToken(next: string) {
      token = next;
    },
    setState(next: ClusterState) {
      state = next;
      generation += 1;
      index = buildIndex(next, generation);
    },
  };
}
