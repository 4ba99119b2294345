import type { ScorecardDefinition } from '@internal/plugin-scorecards-common';
import type { ScorecardSummary } from './types';

/** A scorecard as the API shows it next to results: without checks and scope. */
export function summary(
  definition: ScorecardDefinition | undefined,
  id: string,
): ScorecardSummary | { id: string } {
  if (!definition) return { id };
  const { checks: _checks, appliesTo: _appliesTo, ...rest } = definition;
  return rest;
}
