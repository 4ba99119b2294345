/**
 * Kubernetes per environment, for backend plugins (the environment view and
 * the scorecards' Kubernetes facts): configured clusters with their
 * environment, and a client for reads Backstage's Kubernetes backend does not do.
 *
 * @packageDocumentation
 */
export {
  DEFAULT_CLUSTER_TIMEOUT_MS,
  readClusters,
  readClusterTimeoutMs,
} from './readClusters';
export type { ClusterEnvironments, ConfiguredCluster } from './readClusters';
export { createClusterClient } from './ClusterClient';
export type { ClusterClient, KubeJson } from './ClusterClient';
