export interface Config {
  launchpad?: {
    goldenPaths?: {
      /**
       * Folder with the shared standard skeletons (templates/_shared), relative
       * to the backend's working directory.
       */
      sharedDir?: string;
      /** Registry host (and path prefix) that images are pushed to. */
      imageRegistry?: string;
      /** Author of the first commit of a generated repository. */
      commitAuthor?: { name: string; email: string };
    };
    /** The deployment environments every golden path targets, in order. */
    environments?: Array<{
      name: string;
      /** Kubernetes API server of the environment's cluster. */
      cluster: string;
      /** Argo CD syncs automatically (dev, stage) or waits for a person (prod). */
      autoSync: boolean;
    }>;
  };
}
