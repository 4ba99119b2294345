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
      /**
       * Where golden paths create repositories. Default: the portal's own git
       * host. github/gitlab use Backstage's publishers and that host's
       * `integrations` entry (token); `organization` defaults to the team.
       */
      publish?: {
        type: 'local' | 'github' | 'gitlab';
        host?: string;
        organization?: string;
      };
      /**
       * The platform's GitOps repository on the portal's git host, where
       * launchpad:gitops-register writes each service's Argo CD
       * ApplicationSet and each team's AppProject. Default: platform/gitops.
       */
      gitops?: { repository?: string };
      /**
       * The golden paths' source repository on the portal's git host, one tag
       * per `<template>@<version>`: recorded in every generated repository's
       * lineage (.launchpad/answers.yaml) and rendered again by template
       * upgrades. Default: platform/golden-paths.
       */
      sourceRepository?: string;
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
