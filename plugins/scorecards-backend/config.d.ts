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
  };
}
