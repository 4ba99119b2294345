/** The insights report as `GET /api/insights/report` answers it. */
export interface InsightsReport {
  window: { from: string; to: string; days: number };
  environments: { funnel: string; dora: string };
  events: Record<
    'task' | 'repository' | 'ci' | 'deployment' | 'incident',
    number
  >;
  goldenPaths: Array<{
    template: string;
    runs: number;
    completed: number;
    failed: number;
    successRate?: number;
    medianDurationMs?: number;
  }>;
  servicesCreated: Array<{ team: string; month: string; count: number }>;
  entitiesPerTemplateVersion: Array<{
    template: string;
    version: string;
    entities: number;
  }>;
  funnel: Array<{
    template: string;
    team: string;
    tasks: number;
    repositories: number;
    greenCi: number;
    healthyDeployments: number;
    medianMs: {
      taskToRepository?: number;
      repositoryToGreenCi?: number;
      greenCiToHealthyDeployment?: number;
    };
  }>;
  dora: Array<{
    service: string;
    team?: string;
    deployments: number;
    deploymentsPerWeek: number;
    leadTimeMs?: number;
    changeFailureRate?: number;
    timeToRestoreMs?: number;
  }>;
}

/** Filters of the report. */
export interface ReportQuery {
  days?: number;
  team?: string;
  template?: string;
}
