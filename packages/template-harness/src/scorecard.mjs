// @ts-check
// The level a freshly created service reaches on the portal's own scorecard
// (scorecards/services.yaml, evaluated by the portal's scorecards plugin):
// templates:test asks the running portal to evaluate the new entity and
// checks the answer here. A golden path promises Silver on the first healthy
// deploy; every check of Silver and below is catalog facts, so it must pass
// as soon as the entity is registered.

/**
 * @typedef {object} ScoredCheck  one check of GET /api/scorecards/entities/...
 * @property {string} checkId
 * @property {string} status  passed | failed | unknown
 * @property {string} [level]
 * @property {string} [title]
 * @property {string} [message]
 * @property {unknown} [actual]
 * @property {string} [howToFix]
 */

/**
 * @typedef {object} EntityScore  one scorecard's part of that answer
 * @property {{ id: string, levels: { id: string }[] }} scorecard
 * @property {string | null} level
 * @property {ScoredCheck[]} checks
 */

/**
 * @typedef {object} ScorecardFinding
 * @property {string} rule     level-reached | check-passes | scorecard-present
 * @property {string} message
 */

/**
 * What keeps an entity below `atLeast` on scorecard `scorecardId`: the
 * scorecard missing, every check of that level or a lower one that did not
 * pass (with why and how to fix), and the level reported if it is too low.
 * [] when the entity reaches the level.
 * @param {{ scorecards?: EntityScore[] }} answer
 * @param {{ scorecardId: string, atLeast: string }} target
 * @returns {ScorecardFinding[]}
 */
export function checkScorecardLevel(answer, { scorecardId, atLeast }) {
  const score = (answer.scorecards ?? []).find(
    s => s.scorecard?.id === scorecardId,
  );
  if (!score) {
    return [
      {
        rule: 'scorecard-present',
        message: `the entity has no score on ${scorecardId}`,
      },
    ];
  }
  const order = score.scorecard.levels.map(l => l.id);
  const target = order.indexOf(atLeast);
  if (target < 0) {
    return [
      {
        rule: 'scorecard-present',
        message: `${scorecardId} has no level ${atLeast} (levels: ${order.join(
          ', ',
        )})`,
      },
    ];
  }
  /** @type {ScorecardFinding[]} */
  const findings = [];
  for (const check of score.checks) {
    const at = order.indexOf(check.level ?? '');
    if (at < 0 || at > target || check.status === 'passed') continue;
    const why = check.message ?? `actual ${JSON.stringify(check.actual)}`;
    findings.push({
      rule: 'check-passes',
      message: `${check.level} check ${check.checkId} (${
        check.title ?? ''
      }) is ${check.status}: ${why}${
        check.howToFix ? `; fix: ${check.howToFix}` : ''
      }`,
    });
  }
  const reached = score.level === null ? -1 : order.indexOf(score.level);
  if (reached < target) {
    findings.push({
      rule: 'level-reached',
      message: `level ${score.level ?? 'none'}, expected at least ${atLeast}`,
    });
  }
  return findings;
}
