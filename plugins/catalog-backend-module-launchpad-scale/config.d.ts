export interface Config {
  launchpad?: {
    catalog?: {
      /**
       * How often the catalog files behind the catalog (every `file:` refresh
       * key) are checked for a change (modification time); a changed file's
       * entities are refreshed at once. Default: every 15 seconds. One check
       * per period across all backend instances.
       */
      fileChangeCheck?: {
        /** Off: changed files wait for `catalog.processingInterval`. Default true. */
        enabled?: boolean;
        /** Seconds between checks. Default 15. */
        seconds?: number;
      };
    };
  };
}
