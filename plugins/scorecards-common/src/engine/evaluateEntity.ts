import type {
  CheckDefinition,
  CheckResult,
  EntityFacts,
  ScorecardDefinition,
  ScorecardEvaluation,
} from '../types';
import { applyOperator } from './applyOperator';

/**
 * The fact source a fact belongs to: the part of its name before the first
 * dot (`repo` for `repo.hasCodeowners`).
 *
 * @public
 */
export function factSourceOf(fact: string): string {
  const dot = fact.indexOf('.');
  return dot < 0 ? fact : fact.slice(0, dot);
}

/**
 * Evaluates one check against an entity's facts.
 *
 * @public
 */
export function evaluateCheck(
  check: CheckDefinition,
  facts: EntityFacts,
): CheckResult {
  if (!Object.prototype.hasOwnProperty.call(facts.values, check.fact)) {
    const source = factSourceOf(check.fact);
    const reason = facts.unavailable?.[source];
    return {
      checkId: check.id,
      status: 'unknown',
      message: reason
        ? `fact source "${source}" was unavailable: ${reason}`
        : `no fact source provided ${check.fact}`,
    };
  }
  const actual = facts.values[check.fact];
  const outcome = applyOperator(check.operator, actual, check.value);
  const result: CheckResult = {
    checkId: check.id,
    status: outcome.passed ? 'passed' : 'failed',
    actual,
  };
  if (outcome.message) result.message = outcome.message;
  return result;
}

/**
 * Evaluates a scorecard against one entity's facts. Pure: the same
 * definition and facts always give the same result.
 *
 * @remarks
 * The entity reaches a level when it passes every check of that level and of
 * every level below it; an `unknown` check does not pass. Points are the sum
 * of the points of the passed checks.
 *
 * @public
 */
export function evaluateEntity(
  definition: ScorecardDefinition,
  facts: EntityFacts,
): ScorecardEvaluation {
  const results = definition.checks.map(check => evaluateCheck(check, facts));

  const notPassedLevels = new Set<string>();
  let points = 0;
  let maxPoints = 0;
  definition.checks.forEach((check, i) => {
    maxPoints += check.points;
    if (results[i].status === 'passed') points += check.points;
    else notPassedLevels.add(check.level);
  });

  let level: string | null = null;
  for (const candidate of definition.levels) {
    if (notPassedLevels.has(candidate.id)) break;
    level = candidate.id;
  }

  return { scorecardId: definition.id, level, points, maxPoints, results };
}
