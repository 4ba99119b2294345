/*
 * The resource types the stand-in serves, with what discovery says about
 * them and the fields each can be selected by (the same field labels
 * kube-apiserver registers for them).
 */
import type { KubeObject, ResourceName } from './types';

export interface ResourceType {
  /** Key in ClusterResources */
  name: ResourceName;
  /** '' for the core group */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Custom resources keep apiVersion/kind on list items (unstructured); built-in types do not. */
  customResource?: boolean;
  /** Field selectors beyond metadata.name and metadata.namespace */
  fields?: Record<string, (o: KubeObject) => string | undefined>;
  subresources?: string[];
  verbs?: string[];
}

const READ_VERBS = ['get', 'list'];

export const RESOURCE_TYPES: ResourceType[] = [
  {
    name: 'namespaces',
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    fields: { 'status.phase': o => o.status?.phase },
  },
  {
    name: 'pods',
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: ['log'],
    fields: {
      'spec.nodeName': o => o.spec?.nodeName,
      'spec.restartPolicy': o => o.spec?.restartPolicy,
      'spec.schedulerName': o => o.spec?.schedulerName,
      'spec.serviceAccountName': o => o.spec?.serviceAccountName,
      'spec.hostNetwork': o => String(o.spec?.hostNetwork ?? false),
      'status.phase': o => o.status?.phase,
      'status.podIP': o => o.status?.podIP,
      'status.nominatedNodeName': o => o.status?.nominatedNodeName,
    },
  },
  {
    name: 'services',
    group: '',
    version: 'v1',
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    name: 'configmaps',
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    name: 'limitranges',
    group: '',
    version: 'v1',
    plural: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
  },
  {
    name: 'resourcequotas',
    group: '',
    version: 'v1',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
  },
  {
    name: 'events',
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    fields: {
      'involvedObject.kind': o => o.involvedObject?.kind,
      'involvedObject.namespace': o => o.involvedObject?.namespace,
      'involvedObject.name': o => o.involvedObject?.name,
      'involvedObject.uid': o => o.involvedObject?.uid,
      'involvedObject.apiVersion': o => o.involvedObject?.apiVersion,
      'involvedObject.resourceVersion': o => o.involvedObject?.resourceVersion,
      'involvedObject.fieldPath': o => o.involvedObject?.fieldPath,
      reason: o => o.reason,
      reportingComponent: o => o.reportingComponent,
      source: o => o.source?.component,
      type: o => o.type,
    },
  },
  {
    name: 'deployments',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    name: 'replicasets',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    fields: { 'status.replicas': o => String(o.status?.replicas ?? 0) },
  },
  {
    name: 'statefulsets',
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    name: 'daemonsets',
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
  },
  {
    name: 'horizontalpodautoscalers',
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
  },
  {
    name: 'ingresses',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
  },
  {
    name: 'jobs',
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    fields: { 'status.successful': o => String(o.status?.succeeded ?? 0) },
  },
  {
    name: 'cronjobs',
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
  },
  {
    name: 'podmetrics',
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    plural: 'pods',
    singular: '',
    kind: 'PodMetrics',
    namespaced: true,
  },
  {
    name: 'applications',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    singular: 'application',
    kind: 'Application',
    namespaced: true,
    shortNames: ['app', 'apps'],
    customResource: true,
  },
];

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function findResourceType(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.plural === plural,
  );
}

/** Reads a field for a field selector, or undefined when the resource has no such field label. */
export function fieldReader(
  type: ResourceType,
): (field: string) => ((o: KubeObject) => string | undefined) | undefined {
  return field => {
    if (field === 'metadata.name') return o => o.metadata.name;
    if (field === 'metadata.namespace' && type.namespaced)
      return o => o.metadata.namespace;
    return type.fields?.[field];
  };
}

/** The groups and versions, for /api and /apis discovery. */
export function groupVersions(): Array<{ group: string; versions: string[] }> {
  const groups = new Map<string, string[]>();
  for (const t of RESOURCE_TYPES) {
    const versions = groups.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    groups.set(t.group, versions);
  }
  return [...groups].map(([group, versions]) => ({ group, versions }));
}

export { READ_VERBS };
