export interface Config {
  launchpad?: {
    /** How the portal builds a team's TechDocs (plugins/techdocs-backend-module-launchpad). */
    techdocs?: {
      /** The mkdocs executable (Debian's `mkdocs` package). Default: mkdocs on PATH. */
      mkdocsCommand?: string;
      /** A build is killed after this many seconds. Default 120. */
      buildTimeoutSeconds?: number;
      /** Most files a documentation tree may hold (the .git folder is not read). Default 5000. */
      maxFiles?: number;
      /** Most bytes a documentation tree may hold. Default 50 MiB. */
      maxBytes?: number;
    };
  };
}
