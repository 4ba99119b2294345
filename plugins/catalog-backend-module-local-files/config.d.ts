export interface Config {
  catalog?: {
    /**
     * Location types that may be registered through the catalog API
     * (POST /locations) and the register page. Backstage allows only `url`.
     * `file` is honoured only in local mode (`launchpad.localMode: true`);
     * outside it, file locations come only from `catalog.locations`.
     */
    allowedLocationTypes?: string[];
  };
  launchpad?: {
    /**
     * Local mode (the demo on one machine). Off by default: then `file`
     * locations cannot be registered over the API at all.
     */
    localMode?: boolean;
    catalog?: {
      /**
       * Folders (relative to the backend's working directory, like
       * `catalog.locations`) from which `file` locations may be registered
       * over the API in local mode; the files such a location lists must be
       * inside them too. Checked by real path (symbolic links resolved).
       * Default: the folders of the configured `file` catalog.locations.
       * The configured locations, and the files they list from their own
       * folders, are always read.
       */
      fileRoots?: string[];
      /**
       * Largest file read for a `file` location or a `$text`/`$yaml`/`$json`
       * placeholder beside one, in bytes. Default 1048576 (1 MiB).
       */
      maxFileBytes?: number;
      /** A file read that takes longer fails, in milliseconds. Default 5000. */
      readTimeoutMs?: number;
      /**
       * The organisation's sources: the only locations (matched against an
       * entity's origin location, `type` and `target` exactly; file targets
       * relative to the backend's working directory) whose User and Group
       * entities are accepted. Add an entity provider's origin location here
       * to accept its users. Default: the configured catalog.locations.
       */
      orgSources?: Array<{ type: string; target: string }>;
    };
  };
}
