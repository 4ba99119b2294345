import type {
  CheckDefinition,
  ScorecardDefinition,
} from '@internal/plugin-scorecards-common';

/**
 * The unit tests' scorecard: services (Components) at bronze or silver, with
 * the given checks; a check is worth 1 point and passes when its fact is true
 * unless it says otherwise.
 */
export function servicesScorecard(
  checks: Array<
    Pick<CheckDefinition, 'id' | 'title' | 'level' | 'fact'> &
      Partial<CheckDefinition>
  >,
): ScorecardDefinition {
  return {
    id: 'services',
    title: 'Service maturity',
    appliesTo: { kind: ['Component'] },
    levels: [
      { id: 'bronze', title: 'Bronze' },
      { id: 'silver', title: 'Silver' },
    ],
    checks: checks.map(check => ({
      points: 1,
      operator: 'equals',
      value: true,
      ...check,
    })),
  };
}
