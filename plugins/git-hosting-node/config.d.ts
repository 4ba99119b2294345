import type { HumanDuration } from '@backstage/types';

export interface Config {
  gitHosting?: {
    /**
     * Folder that holds the bare repositories (<org>/<name>.git), relative to
     * the backend's working directory. Default: ./data/git of the checkout.
     */
    root?: string;
    /**
     * How long git may take. A git process that runs longer is killed with
     * its children and the request answered with a 503.
     */
    timeouts?: {
      /** rev-parse, cat-file, ls-tree, push...: default 30 seconds. */
      command?: HumanDuration | string;
      /** upload-pack (clone/fetch) and archive (readTree): default 10 minutes. */
      transfer?: HumanDuration | string;
      /** Longest wait for a free git process before a 503: default 15 seconds. */
      queue?: HumanDuration | string;
      /** Longest a client may take to send a clone/fetch request body: default 30 seconds. */
      requestBody?: HumanDuration | string;
    };
    limits?: {
      /** git processes at once: default 8. */
      concurrency?: number;
      /** Calls that may wait for a git process; more get a 503 at once: default 64. */
      queue?: number;
      /** Largest clone/fetch request body in bytes, after gzip: default 8 MiB. */
      requestBodyBytes?: number;
      /** Longest glob a search (catalog location with a wildcard) may use: default 512. */
      globLength?: number;
      /** Most files one search may match: default 1000. */
      searchMatches?: number;
      /** Largest diff of a change proposal shown, in bytes (longer ones are cut and marked): default 1 MiB. */
      diffBytes?: number;
    };
  };
}
