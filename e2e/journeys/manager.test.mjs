// An engineering manager opens the scorecards, drills down from the
// department to a team, sees the team's trend and a failing service, opens
// the service and sees why it fails and how to fix it. Scores come from the
// evaluation e2e/run.mjs requests before the journeys; the trend is that
// real history (one day on a fresh portal).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';

let portal;
before(async () => {
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

test('finds the scorecards in the sidebar: initiatives and the org tree', async () => {
  const { page } = portal;
  await page.goto('/catalog');
  await page.getByRole('link', { name: 'Scorecards' }).first().click();
  await page.waitForURL(/\/scorecards$/);
  const initiative = page.getByTestId('initiative-production-services-silver');
  await initiative
    .getByText('Every production service at silver')
    .first()
    .waitFor();
  await initiative.getByText(/^\d+ of \d+ \(\d+%\)$/).waitFor();
  await initiative.getByText(/^Due 2027-03-31/).waitFor();
  await page
    .getByRole('link', { name: /Northwind Retail \(everything\)/ })
    .waitFor();
  await page.getByRole('link', { name: 'Engineering' }).first().waitFor();
  await portal.screenshot('50-scorecards');
});

test('drills down from the department to a team with its trend and a failing service', async () => {
  const { page } = portal;
  await page.getByRole('link', { name: 'Engineering' }).first().click();
  await page.waitForURL(/\/catalog\/default\/group\/engineering\/scorecards$/);
  await page.getByRole('heading', { name: 'Sub-teams' }).waitFor();
  // The department rolls up its teams; each links to its own page.
  await page
    .getByRole('link', { name: 'Payments', exact: true })
    .first()
    .click();
  await page.waitForURL(/\/group\/payments\/scorecards$/);
  await page.getByRole('link', { name: 'Engineering' }).first().waitFor(); // up to the parent

  const trend = page.getByTestId('trend-service-maturity');
  await trend.locator('svg.recharts-surface').first().waitFor();
  assert.ok(
    (await trend.locator('.recharts-bar-rectangle').count()) > 0,
    'the trend chart should draw the levels',
  );

  await page
    .getByText('Checks failed most often', { exact: false })
    .first()
    .waitFor();
  const failing = page.locator('[data-testid^="owned-failing-"]', {
    hasText: /^[1-9]\d* failing/,
  });
  await failing.first().waitFor();
  await portal.screenshot('51-team-scorecards');
});

test('opens the failing service and sees why it fails and how to fix it', async () => {
  const { page } = portal;
  const row = page
    .locator('tr', {
      has: page.locator('[data-testid^="owned-failing-"]', {
        hasText: /^[1-9]\d* failing/,
      }),
    })
    .first();
  await row.getByRole('link').first().click();
  await page.waitForURL(/\/component\/[^/]+\/scorecard$/);
  const failingCheck = page
    .locator('[data-testid^="check-"]', { hasText: '(Failing)' })
    .first();
  await failingCheck.waitFor();
  assert.match(await failingCheck.innerText(), /How to fix: /);
  await portal.screenshot('52-failing-service');
});

test('lists orphans and stale owners from the scorecards page', async () => {
  const { page } = portal;
  await page.goto('/scorecards');
  await page.getByRole('link', { name: 'ownership problems' }).click();
  await page.waitForURL(/\/scorecards\/orphans$/);
  await page.getByText('Orphans and stale owners').waitFor();
  await page.getByText(/^All \(\d+\)$/).waitFor();
  await portal.screenshot('53-orphans');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
