import { type Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** The default of `launchpad.kubernetes.clusterTimeout`, as in the Kubernetes backend's cluster-timeout module. */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 5_000;

/** How long one cluster may take to answer (`launchpad.kubernetes.clusterTimeout`, 5 s by default). */
export function readClusterTimeoutMs(config: Config): number {
  const setting = config.getOptionalConfig(
    'launchpad.kubernetes.clusterTimeout',
  );
  return setting
    ? durationToMilliseconds(readDurationFromConfig(setting))
    : DEFAULT_CLUSTER_TIMEOUT_MS;
}

/** A cluster from `kubernetes.clusterLocatorMethods` (type `config`), with its environment. */
export interface ConfiguredCluster {
  name: string;
  title?: string;
  /** The `environment` tag; clusters without one show as `unassigned`. */
  environment?: string;
  url: string;
  authProvider?: string;
  /** The service account token (only kept on the backend). */
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  caData?: string;
}

/** The clusters and the order their environments are shown in. */
export interface ClusterEnvironments {
  clusters: ConfiguredCluster[];
  /** Environment ids in display order: `launchpad.environments` first, then the rest by name. */
  environments: string[];
  environmentOf: Map<string, string>;
}

const ENVIRONMENT = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads the clusters Backstage's Kubernetes plugin is configured with and
 * the `environment` each is tagged with. Throws, naming the cluster, when a
 * tag is not an environment id, so a typo fails the start instead of hiding
 * a cluster under `unassigned`.
 */
export function readClusters(config: Config): ClusterEnvironments {
  const clusters: ConfiguredCluster[] = [];
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      const environment = c.getOptionalString('environment');
      if (environment !== undefined && !ENVIRONMENT.test(environment)) {
        throw new Error(
          `kubernetes cluster '${name}': environment '${environment}' must be lowercase letters, digits and dashes, e.g. prod`,
        );
      }
      clusters.push({
        name,
        title: c.getOptionalString('title'),
        environment,
        url: c.getString('url'),
        authProvider: c.getOptionalString('authProvider'),
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        caData: c.getOptionalString('caData'),
      });
    }
  }
  const listed = (
    config.getOptionalConfigArray('launchpad.environments') ?? []
  ).map(e => e.getString('name'));
  const tagged = clusters
    .map(c => c.environment)
    .filter((e): e is string => !!e && !listed.includes(e));
  const environments = [...new Set([...listed, ...tagged.sort()])];
  return {
    clusters,
    environments,
    environmentOf: new Map(
      clusters.map(c => [c.name, c.environment ?? 'unassigned']),
    ),
  };
}
