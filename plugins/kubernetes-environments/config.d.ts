export interface Config {
  launchpad?: {
    /**
     * Links to the platform's own tools, built per entity from URL templates.
     * Placeholders: `{name}`, `{namespace}`, `{kind}` (lowercase) and
     * `{kubernetesId}` (the backstage.io/kubernetes-id annotation, else the
     * name), each URL-encoded. A link whose template is unset is not shown.
     */
    links?: {
      /**
       * The entity's applications in Argo CD, e.g.
       * `https://argocd.example.com/applications?labels=backstage.io%2Fkubernetes-id%3D{kubernetesId}`.
       * @visibility frontend
       */
      argocd?: string;
      /**
       * The entity's dashboard, e.g. `https://grafana.example.com/d/{name}`.
       * @visibility frontend
       */
      dashboard?: string;
    };
  };
}
