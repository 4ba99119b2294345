export interface Config {
  launchpad?: {
    permissions?: {
      /**
       * Entity refs (groups or users) of platform admins: they may read any
       * component's logs and use the raw Kubernetes proxy. Default
       * group:default/platform.
       */
      admins?: string[];
    };
  };
}
