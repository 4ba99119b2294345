/**
 * A value a fact source reports about an entity.
 *
 * @remarks
 * `null` means the source knows the fact and it has no value (for example an
 * entity without a lifecycle). A fact that is missing altogether from an
 * entity's facts is unknown: no source provided it, or its source was
 * unavailable.
 *
 * @public
 */
export type FactValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<string | number | boolean>;

/**
 * Facts about one entity, keyed by fact name (`<source>.<fact>`, e.g.
 * `catalog.hasDescription`).
 *
 * @public
 */
export type FactValues = Record<string, FactValue>;

/**
 * Everything the engine knows about one entity when it evaluates a scorecard.
 *
 * @public
 */
export interface EntityFacts {
  /** Facts keyed by fact name. */
  values: FactValues;
  /**
   * Fact sources that could not answer in this evaluation, keyed by source id
   * (the part of a fact name before the first dot), with the reason. Checks
   * over their facts evaluate as `unknown` and say why.
   */
  unavailable?: Record<string, string>;
}

/**
 * The comparison operators a check can apply to a fact.
 *
 * @public
 */
export const CHECK_OPERATORS = [
  'equals',
  'notEquals',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'includes',
  'includesAll',
  'includesAny',
  'oneOf',
  'matches',
] as const;

/**
 * One of {@link CHECK_OPERATORS}.
 *
 * @remarks
 * - `equals` / `notEquals`: the fact equals the value (arrays element by element).
 * - `gt`, `gte`, `lt`, `lte`: numeric comparison; the value is a number.
 * - `exists`: the fact has a non-null value (`value: true`) or has none (`value: false`).
 * - `includes`: the fact is a list that contains the value.
 * - `includesAll` / `includesAny`: the fact is a list containing all / any of the values.
 * - `oneOf`: the fact is one of the values.
 * - `matches`: the fact is a string matching the regular expression in value.
 *
 * @public
 */
export type CheckOperator = (typeof CHECK_OPERATORS)[number];

/**
 * The levels a scorecard has when its definition does not list any, lowest first.
 *
 * @public
 */
export const DEFAULT_LEVELS: ReadonlyArray<LevelDefinition> = [
  { id: 'bronze', title: 'Bronze' },
  { id: 'silver', title: 'Silver' },
  { id: 'gold', title: 'Gold' },
];

/**
 * A level of a scorecard, e.g. bronze.
 *
 * @public
 */
export interface LevelDefinition {
  /** Identifier that checks refer to, e.g. `bronze`. */
  id: string;
  /** Human-readable name. */
  title: string;
  /** What reaching this level means. */
  description?: string;
}

/**
 * Which catalog entities a scorecard applies to. Every listed criterion must
 * match; values within a criterion are alternatives. Matching ignores case.
 *
 * @public
 */
export interface AppliesTo {
  /** Entity kinds, e.g. `['Component']`. */
  kind: string[];
  /** Values of `spec.type`, e.g. `['service', 'website']`; any type when absent. */
  type?: string[];
  /** Values of `spec.lifecycle`, e.g. `['production']`; any lifecycle when absent. */
  lifecycle?: string[];
}

/**
 * One check of a scorecard: a comparison of one fact with a value.
 *
 * @example
 * ```yaml
 * - id: helm-environments
 *   title: Helm values for every environment
 *   level: silver
 *   fact: repo.helmEnvironments
 *   operator: includesAll
 *   value: [dev, stage, prod]
 * ```
 *
 * @public
 */
export interface CheckDefinition {
  /** Unique within its scorecard; lowercase letters, digits and dashes. */
  id: string;
  /** Short statement of what is expected, e.g. "Has a description". */
  title: string;
  /** Why the check matters. */
  description?: string;
  /** What a team does to pass the check. */
  howToFix?: string;
  /** The level the check belongs to (one of the scorecard's level ids). */
  level: string;
  /** Weight of the check in the entity's points: a positive whole number, 1 unless given. */
  points: number;
  /** The fact compared, `<source>.<fact>`, e.g. `catalog.hasDescription`. */
  fact: string;
  /** How the fact is compared with {@link CheckDefinition.value}. */
  operator: CheckOperator;
  /** The value the fact is compared with; its type depends on the operator. */
  value: FactValue;
}

/**
 * A scorecard: checks grouped into levels, applied to a set of entities.
 *
 * @public
 */
export interface ScorecardDefinition {
  /** Unique identifier; lowercase letters, digits and dashes. */
  id: string;
  /** Human-readable name. */
  title: string;
  /** What the scorecard measures and why. */
  description?: string;
  /** The entities the scorecard applies to. */
  appliesTo: AppliesTo;
  /** Levels, lowest first. */
  levels: LevelDefinition[];
  /** The checks, each in one level. */
  checks: CheckDefinition[];
}

/**
 * Outcome of one check. `unknown` (its fact was not available) does not pass.
 *
 * @public
 */
export type CheckStatus = 'passed' | 'failed' | 'unknown';

/**
 * The result of one check for one entity.
 *
 * @public
 */
export interface CheckResult {
  /** The check's id. */
  checkId: string;
  /** Whether the check passed. */
  status: CheckStatus;
  /** The fact's value, when it was known. */
  actual?: FactValue;
  /** Why a check failed or is unknown, when that is not obvious from the values. */
  message?: string;
}

/**
 * The outcome of evaluating one scorecard against one entity's facts.
 *
 * @public
 */
export interface ScorecardEvaluation {
  /** The scorecard evaluated. */
  scorecardId: string;
  /**
   * The highest level reached, or null. An entity reaches a level when it
   * passes every check of that level and of every level below it.
   */
  level: string | null;
  /** Sum of the points of the passed checks. */
  points: number;
  /** Sum of the points of all checks. */
  maxPoints: number;
  /** One result per check, in the order of the definition. */
  results: CheckResult[];
}

/**
 * A scorecard evaluation for a given entity, with the entity's owner.
 *
 * @public
 */
export interface EntityScore extends ScorecardEvaluation {
  /** The entity, as a full entity ref, e.g. `component:default/checkout-service`. */
  entityRef: string;
  /** The owner's entity ref (usually a group), or null when the entity has none. */
  ownerRef: string | null;
}

/**
 * A check that many of a team's entities do not pass.
 *
 * @public
 */
export interface WorstCheck {
  /** The check's id. */
  checkId: string;
  /** Entities that failed it. */
  failed: number;
  /** Entities for which it was unknown. */
  unknown: number;
}

/**
 * The level key for entities below the first level (level counts, trends).
 *
 * @public
 */
export const NO_LEVEL = 'none';

/**
 * Why a new score was recorded for an entity.
 *
 * @remarks
 * - `entity-changed`: the entity, or what the catalog says about it (e.g. its
 *   owner group's members), changed.
 * - `rule-changed`: the scorecard definition changed.
 * - `fact-source-unavailable`: a fact source could not answer, so some checks
 *   became unknown.
 * - `scheduled`: the first evaluation, or a change none of the above explains
 *   (e.g. facts outside the catalog changed, or a fact source is back).
 *
 * @public
 */
export const SCORE_CHANGE_REASONS = [
  'entity-changed',
  'rule-changed',
  'fact-source-unavailable',
  'scheduled',
] as const;

/**
 * One of {@link SCORE_CHANGE_REASONS}.
 *
 * @public
 */
export type ScoreChangeReason = (typeof SCORE_CHANGE_REASONS)[number];

/**
 * Which scored entities an initiative counts. Every listed criterion must
 * match; values within a criterion are alternatives; case is ignored. An
 * empty filter counts every entity the initiative's scorecard scores.
 *
 * @public
 */
export interface InitiativeScope {
  /** Entity kinds, e.g. `['Component']`. */
  kind?: string[];
  /** Values of `spec.type`, e.g. `['service']`. */
  type?: string[];
  /** Values of `spec.lifecycle`, e.g. `['production']`. */
  lifecycle?: string[];
}

/**
 * A target the platform team sets: the entities in scope reach a level of a
 * scorecard by a date.
 *
 * @example
 * ```yaml
 * kind: Initiative
 * id: production-services-silver
 * title: Every production service at silver
 * scorecard: service-maturity
 * targetLevel: silver
 * appliesTo: { lifecycle: production }
 * dueDate: 2027-03-31
 * ```
 *
 * @public
 */
export interface InitiativeDefinition {
  /** Unique identifier; lowercase letters, digits and dashes. */
  id: string;
  /** Human-readable name. */
  title: string;
  /** Why it matters and what teams should do. */
  description?: string;
  /** The scorecard's id. */
  scorecard: string;
  /** The level every entity in scope should reach (or pass). */
  targetLevel: string;
  /** The entities counted, among those the scorecard scores. */
  appliesTo: InitiativeScope;
  /** The day it is due, `YYYY-MM-DD`. */
  dueDate: string;
  /** Who drives it, as an entity ref (e.g. `group:default/platform`). */
  owner?: string;
}

/**
 * The value of `kind` that marks a YAML document as an initiative rather
 * than a scorecard.
 *
 * @public
 */
export const INITIATIVE_KIND = 'Initiative';
