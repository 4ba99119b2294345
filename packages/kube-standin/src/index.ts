/**
 * @internal/kube-standin: a STAND-IN for Kubernetes API servers, for tests
 * and benchmarks on machines where no cluster can run. It serves made-up
 * cluster state over the read side of the real Kubernetes REST protocol;
 * see server/index.ts for what it implements and what not, and README.md.
 */
export {
  startKubeStandin,
  failureStatus,
  STANDIN_KUBERNETES_VERSION,
} from './server';
export type {
  KubeStandin,
  KubeStandinOptions,
  RecordedRequest,
} from './server';
export {
  generateClusterState,
  imageTags,
  ingressHost,
  KUBERNETES_ID_LABEL,
  ENVIRONMENT_LABEL,
} from './fixtures';
export type { ClusterStateOptions, ServiceFixture } from './fixtures';
export { podLog, renderLog } from './logs';
export {
  parseLabelSelector,
  matchesLabels,
  parseFieldSelector,
  matchesFields,
  SelectorError,
} from './selectors';
export { RESOURCE_TYPES } from './resources';
export type { ResourceType } from './resources';
export type {
  ClusterState,
  ClusterResources,
  Environment,
  KubeObject,
  ObjectMeta,
  ResourceName,
} from './types';
