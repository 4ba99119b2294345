export interface Config {
  launchpad?: {
    kubernetes?: {
      /**
       * Resource types, besides `kubernetes.customResources`, that
       * `POST /api/kubernetes/resources/custom/query` may be asked for. Every
       * other type is refused. Core (`""`) and RBAC types (Secrets,
       * ConfigMaps, ServiceAccounts, Roles, ...) are never served: listing one
       * stops the backend at start.
       */
      customResourceAllowList?: Array<{
        /** The API group, e.g. argoproj.io. */
        group: string;
        /** The version, e.g. v1alpha1. */
        apiVersion: string;
        /** The plural resource name, e.g. applications. */
        plural: string;
      }>;
    };
  };
}
