import {
  factSourceOf,
  type CheckStatus,
  type ScoreChangeReason,
  type ScorecardDefinition,
  type ScorecardEvaluation,
} from '@internal/plugin-scorecards-common';

/**
 * The signature of a score: level, points and each check's status. A new
 * signature is a new score (and a history row); a different fact value
 * with the same outcome is not.
 */
export function scoreSignature(evaluation: ScorecardEvaluation): string {
  return JSON.stringify([
    evaluation.level,
    evaluation.points,
    evaluation.maxPoints,
    evaluation.results.map(r => [r.checkId, r.status]),
  ]);
}

function statusesOf(signature: string): Map<string, CheckStatus> {
  try {
    const parsed = JSON.parse(signature);
    return new Map(Array.isArray(parsed?.[3]) ? parsed[3] : []);
  } catch {
    return new Map();
  }
}

/** The previous score, as far as explaining a change needs it. */
export interface PreviousScore {
  signature: string;
  definitionHash: string;
  inputHash: string;
}

/**
 * Why a score changed, in order of precedence: a check became unknown
 * because its fact source was unavailable; the scorecard definition changed;
 * the entity (or what the catalog says about it) changed; otherwise
 * `scheduled`, which is also the reason of a first evaluation.
 */
export function changeReason(args: {
  previous?: PreviousScore;
  definition: ScorecardDefinition;
  definitionHash: string;
  inputHash: string;
  evaluation: ScorecardEvaluation;
  unavailableSources: ReadonlySet<string>;
}): ScoreChangeReason {
  const { previous, definition, evaluation, unavailableSources } = args;
  if (!previous) return 'scheduled';
  if (unavailableSources.size > 0) {
    const before = statusesOf(previous.signature);
    const lostToOutage = evaluation.results.some(
      (result, i) =>
        result.status === 'unknown' &&
        before.get(result.checkId) !== 'unknown' &&
        unavailableSources.has(factSourceOf(definition.checks[i].fact)),
    );
    if (lostToOutage) return 'fact-source-unavailable';
  }
  if (previous.definitionHash !== args.definitionHash) return 'rule-changed';
  if (previous.inputHash !== args.inputHash) return 'entity-changed';
  return 'scheduled';
}
