/** One check of a scorecard, as scored for an entity. */
export interface ScoredCheck {
  checkId: string;
  title: string;
  description?: string;
  howToFix?: string;
  level: string;
  points?: number;
  status: 'passed' | 'failed' | 'unknown';
  actual?: unknown;
  message?: string;
}

/** An entity's current standing on one scorecard. */
export interface EntityScorecard {
  scorecard: {
    id: string;
    title: string;
    description?: string;
    levels: Array<{ id: string; title: string; description?: string }>;
  };
  level: string | null;
  points: number;
  maxPoints: number;
  reason: string;
  changedAt: string;
  evaluatedAt: string;
  checks: ScoredCheck[];
}

/** GET /api/scorecards/entities/:kind/:namespace/:name */
export interface EntityScorecardsResponse {
  entityRef: string;
  ownerRef: string | null;
  scorecards: EntityScorecard[];
}
