import {
  detectErrors,
  type ClusterObjects,
  type DetectedError,
} from '@backstage/plugin-kubernetes-common';
import type {
  ArgoApplicationView,
  ClusterView,
  ComparisonRow,
  ContainerView,
  DeploymentView,
  EnvironmentsResponse,
  EventView,
  HorizontalPodAutoscalerView,
  IngressView,
  PodView,
  ProblemView,
  ReplicaSetView,
  ServiceView,
} from '@internal/plugin-kubernetes-environments-common';

/** A Kubernetes object as JSON; only the fields read here are typed. */
type Obj = Record<string, any>;

/** What the view is built from, besides the objects. */
export interface BuildEnvironmentViewOptions {
  entityRef: string;
  /** Environments in display order. */
  environments: ReadonlyArray<string>;
  /** The environment of each cluster, by cluster name. */
  environmentOf: ReadonlyMap<string, string>;
  /** Backstage's Kubernetes objects of the entity, one item per cluster. */
  items: ReadonlyArray<ClusterObjects>;
  /**
   * Every configured cluster. Backstage's Kubernetes backend leaves out a
   * cluster that answered with nothing of the entity; listed here, such a
   * cluster still shows (answered, empty), so an environment whose clusters
   * hold nothing reads "not deployed", not "no cluster configured".
   */
  clusters?: ReadonlyArray<{ name: string; title?: string }>;
  /** Warning events about the entity's objects, by cluster name. */
  events?: ReadonlyMap<string, ReadonlyArray<Obj>>;
  /** What went wrong reading events, by cluster name. */
  eventErrors?: ReadonlyMap<string, string>;
  /** Warning events shown per cluster; default 20. */
  maxEvents?: number;
}

const list = (item: ClusterObjects, type: string): Obj[] =>
  (item.resources.find(r => r.type === type)?.resources as Obj[]) ?? [];

/** The tag of an image reference; `latest` when it has none, the digest when pinned by one. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > lastSlash ? image.slice(colon + 1) : 'latest';
}

const unique = <T>(values: T[]) => [...new Set(values)];

function deploymentView(d: Obj): DeploymentView {
  const images: string[] = (d.spec?.template?.spec?.containers ?? []).map(
    (c: Obj) => String(c.image ?? ''),
  );
  return {
    name: d.metadata.name,
    namespace: d.metadata.namespace,
    images,
    imageTags: unique(images.map(imageTag)),
    replicas: {
      desired: d.spec?.replicas ?? 1,
      ready: d.status?.readyReplicas ?? 0,
      available: d.status?.availableReplicas ?? 0,
      updated: d.status?.updatedReplicas ?? 0,
    },
    createdAt: d.metadata.creationTimestamp,
  };
}

function replicaSetView(rs: Obj): ReplicaSetView {
  const revision = Number(
    rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
  );
  const owner = (rs.metadata.ownerReferences ?? []).find(
    (o: Obj) => o.kind === 'Deployment',
  );
  return {
    name: rs.metadata.name,
    namespace: rs.metadata.namespace,
    ...(Number.isFinite(revision) && { revision }),
    ...(owner && { deployment: owner.name }),
    imageTags: unique(
      (rs.spec?.template?.spec?.containers ?? []).map((c: Obj) =>
        imageTag(String(c.image ?? '')),
      ),
    ),
    replicas: {
      desired: rs.spec?.replicas ?? 0,
      ready: rs.status?.readyReplicas ?? 0,
    },
    createdAt: rs.metadata.creationTimestamp,
  };
}

function containerView(spec: Obj, status: Obj | undefined): ContainerView {
  const state = status?.state ?? {};
  const key =
    (['running', 'waiting', 'terminated'] as const).find(k => state[k]) ??
    'unknown';
  const reason = state.waiting?.reason ?? state.terminated?.reason;
  return {
    name: spec.name,
    image: status?.image ?? spec.image,
    ready: status?.ready ?? false,
    restarts: status?.restartCount ?? 0,
    state: key,
    ...(reason && { reason }),
  };
}

/** The STATUS column of `kubectl get pods`: the first waiting/terminated reason, else the phase. */
function podStatus(pod: Obj, containers: ContainerView[]): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const reason = containers.find(
    c => c.reason && c.state !== 'running',
  )?.reason;
  if (reason) return reason;
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

function podView(pod: Obj): PodView {
  const statuses = new Map<string, Obj>(
    (pod.status?.containerStatuses ?? []).map((s: Obj) => [s.name, s]),
  );
  const containers: ContainerView[] = (pod.spec?.containers ?? []).map(
    (c: Obj) => containerView(c, statuses.get(c.name)),
  );
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    phase: pod.status?.phase ?? 'Unknown',
    status: podStatus(pod, containers),
    ready: `${containers.filter(c => c.ready).length}/${containers.length}`,
    restarts: containers.reduce((n, c) => n + c.restarts, 0),
    startedAt: pod.status?.startTime,
    node: pod.spec?.nodeName,
    containers,
  };
}

function hpaView(h: Obj): HorizontalPodAutoscalerView {
  const cpuSpec = (h.spec?.metrics ?? []).find(
    (m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu',
  );
  const cpuNow = (h.status?.currentMetrics ?? []).find(
    (m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu',
  );
  const ref = h.spec?.scaleTargetRef ?? {};
  return {
    name: h.metadata.name,
    namespace: h.metadata.namespace,
    target: `${ref.kind ?? '?'}/${ref.name ?? '?'}`,
    minReplicas: h.spec?.minReplicas ?? 1,
    maxReplicas: h.spec?.maxReplicas ?? 1,
    currentReplicas: h.status?.currentReplicas ?? 0,
    desiredReplicas: h.status?.desiredReplicas ?? 0,
    ...(cpuSpec && {
      cpu: {
        target: cpuSpec.resource?.target?.averageUtilization,
        current: cpuNow?.resource?.current?.averageUtilization,
      },
    }),
  };
}

function serviceView(s: Obj): ServiceView {
  return {
    name: s.metadata.name,
    namespace: s.metadata.namespace,
    type: s.spec?.type ?? 'ClusterIP',
    clusterIP: s.spec?.clusterIP,
    ports: (s.spec?.ports ?? []).map(
      (p: Obj) =>
        `${p.port}/${p.protocol ?? 'TCP'}${
          p.targetPort !== undefined && p.targetPort !== p.port
            ? ` → ${p.targetPort}`
            : ''
        }`,
    ),
  };
}

function ingressView(i: Obj): IngressView {
  return {
    name: i.metadata.name,
    namespace: i.metadata.namespace,
    hosts: unique(
      (i.spec?.rules ?? [])
        .map((r: Obj) => r.host)
        .filter((h: unknown): h is string => typeof h === 'string'),
    ),
  };
}

/** Argo CD Applications among a cluster's custom resources. */
function applicationViews(item: ClusterObjects): ArgoApplicationView[] {
  return item.resources
    .filter(r => r.type === 'customresources')
    .flatMap(r => r.resources as Obj[])
    .filter(
      o =>
        o.kind === 'Application' &&
        String(o.apiVersion ?? '').startsWith('argoproj.io/'),
    )
    .map(app => ({
      name: app.metadata.name,
      namespace: app.metadata.namespace,
      syncStatus: app.status?.sync?.status ?? 'Unknown',
      healthStatus: app.status?.health?.status ?? 'Unknown',
      revision: app.status?.sync?.revision,
      repoURL: app.spec?.source?.repoURL,
      autoSync: Boolean(app.spec?.syncPolicy?.automated),
    }));
}

/**
 * Backstage's detected errors, one per kind of problem: the pods of a
 * crash-looping release share one entry that names them all.
 */
function problemViews(errors: DetectedError[]): ProblemView[] {
  const groups = new Map<string, ProblemView>();
  for (const e of errors) {
    const key = `${e.sourceRef.kind}|${e.type}|${
      e.proposedFix?.errorType ?? ''
    }`;
    const group = groups.get(key);
    if (group) {
      if (!group.names.includes(e.sourceRef.name))
        group.names.push(e.sourceRef.name);
      continue;
    }
    groups.set(key, {
      severity: e.severity,
      kind: e.sourceRef.kind,
      name: e.sourceRef.name,
      namespace: e.sourceRef.namespace,
      names: [e.sourceRef.name],
      message: e.message,
      ...(e.proposedFix?.rootCauseExplanation && {
        explanation: e.proposedFix.rootCauseExplanation,
      }),
      actions: e.proposedFix?.actions ?? [],
    });
  }
  return [...groups.values()];
}

/** Argo CD's own states, as problems: the cluster may look fine while Argo CD says it is not. */
function argoProblems(apps: ArgoApplicationView[]): ProblemView[] {
  return apps.flatMap(app => {
    const out: ProblemView[] = [];
    if (['Degraded', 'Missing'].includes(app.healthStatus)) {
      out.push({
        severity: 5,
        kind: 'Application',
        name: app.name,
        namespace: app.namespace,
        names: [app.name],
        message: `Argo CD reports the application ${app.healthStatus}`,
        actions: [
          'Open the application in Argo CD to see which resource is not healthy',
        ],
      });
    }
    if (app.syncStatus === 'OutOfSync') {
      out.push({
        severity: 3,
        kind: 'Application',
        name: app.name,
        namespace: app.namespace,
        names: [app.name],
        message: app.autoSync
          ? 'Argo CD reports the application OutOfSync with git'
          : 'OutOfSync with git: this environment syncs manually, so a release is waiting to be synced',
        actions: app.autoSync
          ? ['Check the application in Argo CD for a failed sync']
          : ['Sync the application in Argo CD when the release is approved'],
      });
    }
    return out;
  });
}

/** A timestamp as ISO 8601: client-node hands out Dates, the Kubernetes backend strings. */
function timestamp(value: unknown): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' && value ? value : undefined;
}

function eventView(e: Obj): EventView {
  const o = e.involvedObject ?? e.regarding ?? {};
  return {
    reason: e.reason ?? '',
    message: e.message ?? e.note ?? '',
    object: `${o.kind ?? '?'}/${o.name ?? '?'}`,
    count: e.count ?? e.series?.count ?? 1,
    lastSeen:
      timestamp(e.lastTimestamp) ??
      timestamp(e.eventTime) ??
      timestamp(e.series?.lastObservedTime),
  };
}

/** One sentence per upstream fetch error, without repeating the same one per resource type. */
function errorMessages(item: ClusterObjects): string[] {
  return unique(
    item.errors.map(e => {
      if ('message' in e && e.message) return e.message;
      const status =
        'statusCode' in e && e.statusCode ? ` (${e.statusCode})` : '';
      switch (e.errorType) {
        case 'UNAUTHORIZED_ERROR':
          return `The cluster refused the portal's credentials${status}: check its service account token`;
        case 'NOT_FOUND':
          return `The cluster does not serve some resource types${status}`;
        default:
          return `${e.errorType}${status}${
            'resourcePath' in e && e.resourcePath
              ? ` reading ${e.resourcePath}`
              : ''
          }`;
      }
    }),
  );
}

function clusterStatus(item: ClusterObjects): ClusterView['status'] {
  if (item.errors.length === 0) return 'ok';
  return item.resources.length === 0 ? 'unreachable' : 'partial';
}

function clusterView(
  item: ClusterObjects,
  detected: DetectedError[],
  options: BuildEnvironmentViewOptions,
): ClusterView {
  const applications = applicationViews(item);
  const events = [...(options.events?.get(item.cluster.name) ?? [])]
    .map(eventView)
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, options.maxEvents ?? 20);
  const errors = errorMessages(item);
  const eventError = options.eventErrors?.get(item.cluster.name);
  if (eventError)
    errors.push(`Warning events could not be read: ${eventError}`);
  return {
    name: item.cluster.name,
    ...(item.cluster.title && { title: item.cluster.title }),
    status: clusterStatus(item),
    errors,
    deployments: list(item, 'deployments').map(deploymentView),
    replicaSets: list(item, 'replicasets')
      .map(replicaSetView)
      .sort(
        (a, b) =>
          (b.revision ?? 0) - (a.revision ?? 0) || a.name.localeCompare(b.name),
      ),
    pods: list(item, 'pods')
      .map(podView)
      .sort((a, b) => a.name.localeCompare(b.name)),
    horizontalPodAutoscalers: list(item, 'horizontalpodautoscalers').map(
      hpaView,
    ),
    services: list(item, 'services').map(serviceView),
    ingresses: list(item, 'ingresses').map(ingressView),
    applications,
    // Pod problems first: they are usually the cause of the others.
    problems: [...problemViews(detected), ...argoProblems(applications)].sort(
      (a, b) =>
        Number(b.kind === 'Pod') - Number(a.kind === 'Pod') ||
        b.severity - a.severity ||
        a.name.localeCompare(b.name),
    ),
    warningEvents: events,
  };
}

const ARGO_SYNC_RANK = ['Synced', 'Unknown', 'OutOfSync'];
const ARGO_HEALTH_RANK = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Unknown',
  'Missing',
  'Degraded',
];
const worst = (values: string[], rank: string[]) =>
  values.reduce((a, b) => (rank.indexOf(b) > rank.indexOf(a) ? b : a));

function comparisonRow(
  environment: string,
  clusters: ClusterView[],
): ComparisonRow {
  const answered = clusters.filter(c => c.status !== 'unreachable');
  const deployments = answered.flatMap(c => c.deployments);
  const pods = answered.flatMap(c => c.pods);
  const apps = answered.flatMap(c => c.applications);
  const problems = answered.flatMap(c => c.problems);
  const deployed = deployments.length > 0 || pods.length > 0 || apps.length > 0;
  let status: ComparisonRow['status'];
  if (clusters.length === 0) status = 'no-clusters';
  else if (answered.length === 0) status = 'unreachable';
  else if (!deployed) status = 'not-deployed';
  else status = problems.length > 0 ? 'problems' : 'ok';
  return {
    environment,
    status,
    imageTags: unique(deployments.flatMap(d => d.imageTags)),
    replicas: {
      ready: deployments.reduce((n, d) => n + d.replicas.ready, 0),
      desired: deployments.reduce((n, d) => n + d.replicas.desired, 0),
    },
    restarts: pods.reduce((n, p) => n + p.restarts, 0),
    ...(apps.length > 0 && {
      argo: {
        syncStatus: worst(
          apps.map(a => a.syncStatus),
          ARGO_SYNC_RANK,
        ),
        healthStatus: worst(
          apps.map(a => a.healthStatus),
          ARGO_HEALTH_RANK,
        ),
      },
    }),
    problems: problems.length,
    ...(problems.length > 0 && { worstProblem: worstProblem(pods, problems) }),
  };
}

/**
 * The problem to call out in one line. Pods first: a crash loop or a failing
 * probe is usually the cause of what the Deployment, HPA and Argo CD report.
 */
function worstProblem(pods: PodView[], problems: ProblemView[]): string {
  const unwell = pods.filter(
    p => p.status !== 'Running' || p.containers.some(c => !c.ready),
  );
  if (unwell.length > 0) {
    const byStatus = new Map<string, number>();
    for (const p of unwell) {
      const status =
        p.status === 'Running' ? 'running but not ready' : p.status;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    }
    const [status, count] = [...byStatus].sort((a, b) => b[1] - a[1])[0];
    return `${count} of ${pods.length} pods ${status}`;
  }
  const top = [...problems].sort((a, b) => b.severity - a.severity)[0];
  return `${top.kind} ${top.name}: ${top.message}`;
}

/**
 * Groups Backstage's Kubernetes objects of one entity by environment, calls
 * out problems (Backstage's own error detection plus Argo CD's state) and
 * builds the side-by-side comparison. Clusters without an environment are
 * shown under `unassigned`, after the configured ones.
 */
export function buildEnvironmentView(
  options: BuildEnvironmentViewOptions,
): EnvironmentsResponse {
  const detected = detectErrors({ items: [...options.items] });
  const byEnvironment = new Map<string, ClusterView[]>(
    options.environments.map(e => [e, []]),
  );
  const answered = new Set(options.items.map(i => i.cluster.name));
  const empty: ClusterObjects[] = (options.clusters ?? [])
    .filter(c => !answered.has(c.name))
    .map(c => ({
      cluster: { name: c.name, ...(c.title && { title: c.title }) },
      resources: [],
      podMetrics: [],
      errors: [],
    }));
  for (const item of [...options.items, ...empty]) {
    const env = options.environmentOf.get(item.cluster.name) ?? 'unassigned';
    const views = byEnvironment.get(env) ?? [];
    views.push(
      clusterView(item, detected.get(item.cluster.name) ?? [], options),
    );
    byEnvironment.set(env, views);
  }
  const environments = [...byEnvironment].map(([environment, clusters]) => ({
    environment,
    clusters: clusters.sort((a, b) => a.name.localeCompare(b.name)),
  }));
  return {
    entityRef: options.entityRef,
    environments,
    comparison: environments.map(e => comparisonRow(e.environment, e.clusters)),
  };
}
