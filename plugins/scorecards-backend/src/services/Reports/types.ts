import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  CheckDefinition,
  CheckResult,
  LevelDefinition,
  ScoreChangeReason,
  WorstCheck,
} from '@internal/plugin-scorecards-common';
import type { StoredScore } from '../../database/types';
import type { DefinitionLoadError } from '../Definitions/types';
import type { OrphanedEntity } from '../Ownership/types';
import type { TrendPoint } from './levelTrend';

/** A scorecard as the API describes it next to results. */
export interface ScorecardSummary {
  id: string;
  title: string;
  description?: string;
  levels: LevelDefinition[];
}

/** A check result with what the check is and how to fix it. */
export type CheckView = CheckResult &
  Partial<
    Pick<
      CheckDefinition,
      | 'title'
      | 'description'
      | 'howToFix'
      | 'level'
      | 'points'
      | 'fact'
      | 'operator'
      | 'value'
    >
  >;

/** An entity's current score on one scorecard. */
export interface EntityScorecard {
  /** The scorecard, or only its id when it is no longer defined. */
  scorecard: ScorecardSummary | { id: string };
  level: string | null;
  points: number;
  maxPoints: number;
  reason: ScoreChangeReason;
  changedAt: string;
  evaluatedAt: string;
  checks: CheckView[];
}

export interface EntityReport {
  entityRef: string;
  ownerRef: string | null;
  scorecards: EntityScorecard[];
}

export interface EntityHistory {
  entityRef: string;
  items: StoredScore[];
}

/** A team's standing on one scorecard. */
export interface TeamScorecard {
  scorecard: ScorecardSummary | { id: string };
  /** Entities the team owns that the scorecard applies to. */
  entities: number;
  levels: Record<string, number>;
  averagePoints: number;
  worstChecks: Array<WorstCheck & { title?: string; howToFix?: string }>;
  /** Each owned entity's current level. */
  owned: Array<{
    entityRef: string;
    level: string | null;
    points: number;
    maxPoints: number;
  }>;
  trend: TrendPoint[];
}

export interface TeamReport {
  teamRef: string;
  scorecards: TeamScorecard[];
}

export interface DefinitionsReport {
  definitions: Array<{ file: string; hash: string } & Record<string, unknown>>;
  errors: DefinitionLoadError[];
}

/** Read side of scorecards: what the REST API serves. */
export interface ScorecardReports {
  definitions(): DefinitionsReport;
  /** @throws NotFoundError when the entity has no scores. */
  entity(entityRef: string): Promise<EntityReport>;
  /** @throws NotFoundError when the entity has no history. */
  entityHistory(
    entityRef: string,
    options: { scorecardId?: string; limit: number },
  ): Promise<EntityHistory>;
  /** @throws NotFoundError when the team owns no scored entity and is not in the catalog. */
  team(
    teamRef: string,
    options: { days: number; credentials: BackstageCredentials },
  ): Promise<TeamReport>;
  orphans(options: {
    kinds: string[];
    credentials: BackstageCredentials;
  }): Promise<OrphanedEntity[]>;
}
