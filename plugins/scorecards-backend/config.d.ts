import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Scorecards plugin. */
  scorecards?: {
    /**
     * Folder of scorecard definition files (`*.yaml`), relative to the
     * backend's working directory. Reloaded when its files change.
     * Defaults to `../../scorecards` (the repository's scorecards/ folder
     * when the backend runs from packages/backend).
     */
    definitionsDir?: string;
    /**
     * When to evaluate every entity. Defaults to every 30 minutes, the
     * first time one minute after start.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Evaluation of the entities that changed in the catalog (polled: the
     * catalog publishes no change events). On by default, every 10 seconds.
     */
    evaluateOnChange?: {
      /** Set to false to evaluate only on the schedule and on request. */
      enabled?: boolean;
      /** How often to look for changes, e.g. `{ seconds: 10 }` or `10s`. */
      frequency?: SchedulerServiceTaskScheduleDefinitionConfig['timeout'];
      /**
       * Ask the catalog's database (same backend.database config) whether any
       * watched entity changed before streaming every etag through the
       * catalog API. Default true; set false when the catalog runs elsewhere.
       */
      readCatalogDatabase?: boolean;
    };
  };
}
