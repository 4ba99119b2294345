// @ts-check
// checkScorecardLevel on answers shaped like GET /api/scorecards/entities/...
// (plugins/scorecards-backend/README.md): what the real scorecard says about
// a new service is checked in templates:test; here, that each way of falling
// short is reported, and that nothing is reported for a service at or above.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkScorecardLevel } from './scorecard.mjs';

const levels = [{ id: 'bronze' }, { id: 'silver' }, { id: 'gold' }];
/**
 * @param {string | null} level
 * @param {Partial<Record<string, string>>} statuses checkId -> status, default passed
 * @returns {{ scorecards: import('./scorecard.mjs').EntityScore[] }}
 */
function answer(level, statuses = {}) {
  const checks = [
    ['owner-exists', 'bronze'],
    ['has-description', 'bronze'],
    ['has-techdocs', 'silver'],
    ['declares-its-api', 'silver'],
    ['prod-replicas', 'gold'],
  ].map(([checkId, lvl]) => ({
    checkId,
    level: lvl,
    title: checkId,
    status: statuses[checkId] ?? 'passed',
    actual: false,
  }));
  return {
    scorecards: [
      { scorecard: { id: 'service-maturity', levels }, level, checks },
    ],
  };
}
const target = { scorecardId: 'service-maturity', atLeast: 'silver' };

describe('checkScorecardLevel', () => {
  it('accepts silver and gold, whatever gold checks say', () => {
    assert.deepEqual(
      checkScorecardLevel(
        answer('silver', { 'prod-replicas': 'unknown' }),
        target,
      ),
      [],
    );
    assert.deepEqual(checkScorecardLevel(answer('gold'), target), []);
  });

  const short = {
    'a silver check failed': answer('bronze', { 'has-techdocs': 'failed' }),
    'a silver check unknown': answer('bronze', {
      'declares-its-api': 'unknown',
    }),
    'a bronze check failed': answer(null, { 'owner-exists': 'failed' }),
    'no level at all': answer(null),
    'only bronze': answer('bronze'),
  };
  for (const [name, value] of Object.entries(short)) {
    it(`reports: ${name}`, () => {
      const findings = checkScorecardLevel(value, target);
      assert.ok(findings.length > 0);
      assert.ok(
        findings.some(f => f.rule === 'level-reached'),
        'the level is named',
      );
    });
  }

  it('names each failing check with how to fix it, and ignores gold', () => {
    const value = answer('bronze', {
      'has-techdocs': 'failed',
      'prod-replicas': 'failed',
    });
    value.scorecards[0].checks[2].howToFix = 'Add mkdocs.yml';
    const findings = checkScorecardLevel(value, target);
    assert.deepEqual(
      findings.map(f => f.rule),
      ['check-passes', 'level-reached'],
    );
    assert.match(
      findings[0].message,
      /silver check has-techdocs .* is failed: actual false; fix: Add mkdocs\.yml/,
    );
  });

  it('reports a missing scorecard or level', () => {
    assert.equal(
      checkScorecardLevel({ scorecards: [] }, target)[0].rule,
      'scorecard-present',
    );
    assert.equal(checkScorecardLevel({}, target)[0].rule, 'scorecard-present');
    assert.equal(
      checkScorecardLevel(answer('gold'), {
        scorecardId: 'service-maturity',
        atLeast: 'platinum',
      })[0].rule,
      'scorecard-present',
    );
  });
});
