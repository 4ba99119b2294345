import type { HumanDuration } from '@backstage/types';

export interface Config {
  scorecards?: {
    /** The repository fact source (`repo.*` facts). */
    repoFacts?: {
      /** Repositories read at the same time. Default 8. */
      concurrency?: number;
      /**
       * How long reading one repository may take before it counts as
       * failed (e.g. `{ seconds: 30 }` or `30s`). Default 30 seconds.
       */
      timeout?: HumanDuration | string;
    };
  };
}
