// The home page (/), in real Chromium as the default persona (Priya Nair,
// Checkout): search box, her team's services with their scorecard level and
// what runs where, the initiatives that concern her team, her recent tasks,
// starred entities and the platform's announcements; never a "No records"
// flash while loading; readable at 1440 px and 390 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';

let portal;
before(async () => {
  portal = await openPortal();
  // Records every empty-table text that shows at any moment of a load.
  await portal.page.addInitScript(() => {
    window.__emptyFlashes = [];
    new MutationObserver(() => {
      const text = document.body?.innerText ?? '';
      if (/No records to display/.test(text))
        window.__emptyFlashes.push(location.pathname);
    }).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
});
after(async () => {
  await portal?.close();
});

const card = (page, testId) => page.getByTestId(testId);

test("opens on the home page with the team's services, their level and what runs where", async () => {
  const { page } = portal;
  await page.goto('/');
  await card(page, 'home-page').waitFor();
  const services = card(page, 'home-team-services');
  const checkout = services.getByTestId('team-service-checkout-service');
  await checkout.waitFor();
  await services.getByTestId('team-service-promotions-service').waitFor();
  // only the team's own services
  assert.equal(
    await services.getByTestId('team-service-payments-service').count(),
    0,
  );
  // the level from the scorecards API (run.mjs scores the catalog before the journeys)
  await checkout
    .getByText(/^Service maturity: (Bronze|Silver|Gold|No level)$/)
    .first()
    .waitFor();
  // what runs where, from the demo clusters: one chip per environment
  const where = checkout.getByTestId('runs-where-checkout-service');
  for (const env of ['dev', 'stage', 'prod'])
    await where.getByText(new RegExp(`^${env}: `)).waitFor();
  // promotions-service crash-loops in stage (kube-standin's demo problem)
  await services
    .getByTestId('runs-where-promotions-service')
    .getByText(/^stage: problems/)
    .waitFor();
  await portal.screenshot('70-home-1440');
});

test('shows the announcements from announcements.yaml, newest first', async () => {
  const { page } = portal;
  const announcements = card(page, 'home-announcements');
  await announcements
    .getByText(
      'Golden paths now register services with Argo CD through platform/gitops',
    )
    .waitFor();
  const text = await announcements.innerText();
  assert.ok(
    text.indexOf('Golden paths now register') <
      text.indexOf('Scorecards are live'),
    'the newest announcement comes first',
  );
  await announcements
    .getByRole('link', { name: 'Scorecards are live for every service' })
    .waitFor();
});

test("shows the initiatives that include the team's services", async () => {
  const { page } = portal;
  const initiatives = card(page, 'home-initiatives');
  const silver = initiatives.getByTestId(
    'initiative-production-services-silver',
  );
  await silver.waitFor();
  await silver.getByText('Every production service at silver').waitFor();
  await silver.getByText(/of your team's services there \(\d+%\)/).waitFor();
});

test('shows recent tasks (or how to start one) and starred entities', async () => {
  const { page } = portal;
  const tasks = card(page, 'home-recent-tasks');
  await tasks
    .getByText(
      /completed|failed|running|cancelled|You have not run a golden path yet/,
    )
    .first()
    .waitFor();
  // star a service on its page; it is on the home page afterwards
  await page.goto('/catalog/default/component/payments-service');
  await page.getByRole('heading', { name: 'Payments service' }).waitFor();
  await page.getByRole('button', { name: 'Add to favorites' }).first().click();
  await page
    .getByRole('button', { name: 'Remove from favorites' })
    .first()
    .waitFor();
  await page.goto('/');
  await card(page, 'home-starred')
    .getByRole('link', { name: /payments-service|Payments service/ })
    .waitFor();
});

test('searches from the home page', async () => {
  const { page } = portal;
  await page.goto('/');
  await page.getByTestId('home-search-input').fill('payments-service');
  await page.getByTestId('home-search-input').press('Enter');
  await page.waitForURL(/\/search\?query=payments-service/);
  await page
    .getByRole('link', { name: /Payments service/i })
    .first()
    .waitFor();
});

test('never flashes an empty table while loading, and reads at 390 px', async () => {
  const { page } = portal;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await card(page, 'home-team-services')
    .getByTestId('team-service-checkout-service')
    .waitFor();
  await card(page, 'home-announcements')
    .getByText('Scorecards are live for every service')
    .waitFor();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(
    overflow <= 1,
    `the home page scrolls sideways by ${overflow}px at 390 px`,
  );
  await portal.screenshot('71-home-390');
  await page.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(await page.evaluate(() => window.__emptyFlashes), []);
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
