import type { HumanDuration } from '@backstage/types';

export interface Config {
  launchpad?: {
    /**
     * Local demo mode. Outside it (the default), error answers carry no stack
     * trace, no server path and no internal detail of a 500.
     */
    localMode?: boolean;
    http?: {
      /** How long SIGTERM waits for requests in flight before closing them (default 30 s). */
      drainTimeout?: HumanDuration | string;
      /**
       * Largest request body the backend accepts, in bytes (default 1048576,
       * 1 MiB). Larger bodies are answered 413 before any plugin reads them.
       */
      maxBodyBytes?: number;
      /**
       * Content types (exact, without parameters) the body cap leaves to their
       * plugin, e.g. git's upload-pack, which the git host caps itself.
       * Default: [application/x-git-upload-pack-request].
       */
      bodyCapExemptContentTypes?: string[];
    };
  };
}
