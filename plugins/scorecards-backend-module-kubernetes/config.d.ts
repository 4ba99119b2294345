export interface Config {
  scorecards?: {
    kubernetes?: {
      /** The environment whose clusters `k8s.prodReplicas` reads; default prod. */
      productionEnvironment?: string;
    };
  };
}
