export interface Config {
  kubernetes?: {
    clusterLocatorMethods?: Array<{
      clusters?: Array<{
        /**
         * The environment the cluster serves, e.g. dev, stage or prod. The
         * Kubernetes tab groups and compares clusters by it; clusters without
         * one show as "unassigned".
         */
        environment?: string;
      }>;
    }>;
  };
  launchpad?: {
    kubernetes?: {
      /** Lines of a pod's log returned when the request names no number; default 200. */
      logTailLines?: number;
    };
  };
}
