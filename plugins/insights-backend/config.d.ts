export interface Config {
  /** Platform insights (plugins/insights-backend). */
  insights?: {
    /**
     * Entity refs (groups or users) of the managers who may read insights,
     * besides platform admins (`launchpad.permissions.admins`).
     * Default: `[group:default/engineering]`.
     */
    viewers?: string[];
    /** Environment whose deployments the DORA keys count. Default `prod`. */
    doraEnvironment?: string;
    /** Environment of the funnel's last step (first healthy deployment). Default `dev`. */
    funnelEnvironment?: string;
    /** How often to read scaffolder tasks and observe the clusters, in seconds. Default 30. */
    pollSeconds?: number;
    webhooks?: {
      /** Largest webhook body accepted, in bytes. Default 1 MiB (GitHub's workflow_run is ~30 kB). */
      maxBodyBytes?: number;
      github?: {
        /**
         * The webhook's secret: deliveries must carry its HMAC-SHA256 in
         * `X-Hub-Signature-256`. Without it the receiver refuses everything.
         * @visibility secret
         */
        secret?: string;
      };
      argocd?: {
        /**
         * Shared secret Argo CD notifications send as `X-Insights-Token: <secret>`.
         * Without it the receiver refuses everything.
         * @visibility secret
         */
        token?: string;
      };
    };
  };
}
