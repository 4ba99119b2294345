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
 *
 * Layout: startKubeStandin.ts starts the HTTP server (FaultInjection.ts
 * between it and the handler); handleRequest.ts records and answers a
 * request, routeRequest.ts routes it to discoveryDocument.ts,
 * parseResourcePath.ts and the handlers listObjects.ts, getObject.ts and
 * podLogText.ts, which read the ResourceIndex.ts of the state served.
 */
export { startKubeStandin } from './startKubeStandin';
export { failureStatus } from './failureStatus';
export { STANDIN_KUBERNETES_VERSION } from './discoveryDocument';
export type { KubeStandin, KubeStandinOptions, RecordedRequest } from './types';
