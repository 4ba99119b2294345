export interface Config {
  launchpad?: {
    /**
     * Local mode: the single-machine demo (guest personas, file locations
     * under configured roots, the git host readable without a token).
     * Default false: anything that is not explicitly local is production.
     */
    localMode?: boolean;
    permissions?: {
      /**
       * Entity refs (groups or users) of platform admins: they may do
       * anything, and read any component's logs. Default group:default/platform.
       */
      admins?: string[];
      /**
       * Entity refs (groups or users) who may author templates: dry-runs and
       * the template editor. Platform admins always may.
       */
      templateAuthors?: string[];
    };
  };
}
