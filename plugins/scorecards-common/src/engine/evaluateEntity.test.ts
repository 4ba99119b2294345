import type { CheckDefinition, ScorecardDefinition } from '../types';
import { DEFAULT_LEVELS } from '../types';
import { evaluateEntity, factSourceOf } from './evaluateEntity';

function check(
  id: string,
  level: string,
  fact: string,
  operator: CheckDefinition['operator'] = 'equals',
  value: CheckDefinition['value'] = true,
  points = 1,
): CheckDefinition {
  return { id, title: id, level, fact, operator, value, points };
}

const scorecard: ScorecardDefinition = {
  id: 'services',
  title: 'Services',
  appliesTo: { kind: ['Component'] },
  levels: [...DEFAULT_LEVELS],
  checks: [
    check('has-description', 'bronze', 'catalog.hasDescription'),
    check(
      'owner-has-members',
      'bronze',
      'catalog.ownerActiveMembers',
      'gte',
      1,
    ),
    check('has-system', 'silver', 'catalog.hasSystem', 'equals', true, 2),
    check(
      'helm-envs',
      'silver',
      'repo.helmEnvironments',
      'includesAll',
      ['dev', 'stage', 'prod'],
      2,
    ),
    check('prod-replicas', 'gold', 'k8s.prodReplicas', 'gte', 2, 3),
  ],
};

const allGood = {
  'catalog.hasDescription': true,
  'catalog.ownerActiveMembers': 4,
  'catalog.hasSystem': true,
  'repo.helmEnvironments': ['dev', 'stage', 'prod'],
  'k8s.prodReplicas': 3,
};

describe('evaluateEntity', () => {
  it('reaches the top level with every point when every check passes', () => {
    const result = evaluateEntity(scorecard, { values: allGood });
    expect(result).toMatchObject({
      scorecardId: 'services',
      level: 'gold',
      points: 9,
      maxPoints: 9,
    });
    expect(result.results.map(r => r.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    expect(result.results[1]).toEqual({
      checkId: 'owner-has-members',
      status: 'passed',
      actual: 4,
    });
  });

  it('stops at the level below the first level with a failing check', () => {
    const result = evaluateEntity(scorecard, {
      values: { ...allGood, 'k8s.prodReplicas': 1 },
    });
    expect(result.level).toBe('silver');
    expect(result.points).toBe(6);
  });

  it('does not grant a higher level whose checks pass when a lower level fails', () => {
    const result = evaluateEntity(scorecard, {
      values: { ...allGood, 'catalog.hasDescription': false },
    });
    expect(result.level).toBeNull();
    // points still count every passed check, so progress is visible
    expect(result.points).toBe(8);
  });

  it('treats a fact no source provided as unknown, which does not pass', () => {
    const { 'repo.helmEnvironments': _omitted, ...withoutRepo } = allGood;
    const result = evaluateEntity(scorecard, { values: withoutRepo });
    expect(result.results[3]).toEqual({
      checkId: 'helm-envs',
      status: 'unknown',
      message: 'no fact source provided repo.helmEnvironments',
    });
    expect(result.level).toBe('bronze');
    expect(result.points).toBe(7);
  });

  it('says which fact source was unavailable, and the check stays unknown', () => {
    const { 'k8s.prodReplicas': _omitted, ...withoutK8s } = allGood;
    const result = evaluateEntity(scorecard, {
      values: withoutK8s,
      unavailable: { k8s: 'cluster prod-eu unreachable' },
    });
    expect(result.results[4]).toEqual({
      checkId: 'prod-replicas',
      status: 'unknown',
      message: 'fact source "k8s" was unavailable: cluster prod-eu unreachable',
    });
    expect(result.level).toBe('silver');
  });

  it('treats a known fact without a value as failed, not unknown', () => {
    const result = evaluateEntity(scorecard, {
      values: { ...allGood, 'catalog.ownerActiveMembers': null },
    });
    expect(result.results[1]).toMatchObject({ status: 'failed', actual: null });
    expect(result.level).toBeNull();
  });

  it('reaches a level without checks when the levels below it are reached', () => {
    const sparse: ScorecardDefinition = {
      ...scorecard,
      checks: [
        check('has-description', 'bronze', 'catalog.hasDescription'),
        check('gold-only', 'gold', 'k8s.prodReplicas', 'gte', 2),
      ],
    };
    expect(
      evaluateEntity(sparse, { values: { 'catalog.hasDescription': true } })
        .level,
    ).toBe('silver');
  });
});

describe('factSourceOf', () => {
  it('is the part of the fact name before the first dot', () => {
    expect(factSourceOf('repo.helm.environments')).toBe('repo');
    expect(factSourceOf('catalog')).toBe('catalog');
  });
});
