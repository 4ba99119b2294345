// Journeys of a developer browsing the catalog, in real Chromium against the
// running portal (started by e2e/run.mjs). Screenshots land in e2e/artifacts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';

let portal;

/** The catalog table's title, e.g. "All Components (21)". */
function componentsHeading(page, list = '') {
  return page
    .locator('h2', { hasText: new RegExp(`${list}.*Components \\(\\d+\\)`) })
    .first();
}
before(async () => {
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

test('opens the catalog signed in as a guest, without a click, on what their team owns', async () => {
  const { page } = portal;
  await page.goto('/catalog');
  // The guest is priya.nair of the Checkout team (app-config.yaml), so the
  // catalog opens on the Checkout team's components...
  await page.getByText(/^Owned Components \(2\)$/).waitFor();
  await page.getByRole('link', { name: 'Checkout service' }).waitFor();
  // ...and "All" shows the whole company's.
  await page.getByText('All', { exact: true }).first().click();
  // The heading says "All" before the list reloads: wait for the whole company (12 or more).
  await page
    .getByText(/^All Components \((1[2-9]|[2-9]\d|\d{3,})\)$/)
    .waitFor();
  await portal.screenshot('01-catalog');
});

test('filters the catalog by owner', async () => {
  const { page } = portal;
  await page.goto('/catalog');
  await componentsHeading(page).waitFor();
  await page.getByRole('menuitem', { name: /^All/ }).click();
  await componentsHeading(page, 'All').waitFor();

  const owner = page.locator('label', { hasText: 'Owner' }).locator('input');
  await owner.click();
  await owner.fill('Payments');
  await page.getByRole('option', { name: 'Payments', exact: true }).click();
  await page.keyboard.press('Escape');
  await page
    .getByRole('link', { name: 'Checkout service' })
    .waitFor({ state: 'detached' });

  const rows = page.locator('table tbody tr');
  const count = await rows.count();
  assert.ok(
    count >= 2,
    `expected the Payments team's components, saw ${count} rows`,
  );
  for (let i = 0; i < count; i++) {
    assert.match(await rows.nth(i).innerText(), /Payments/);
  }
  assert.ok(
    await page.getByRole('link', { name: 'Payments service' }).isVisible(),
  );
  assert.match(
    decodeURIComponent(page.url()),
    /filters\[owners\]=group:default\/payments/,
  );
  await portal.screenshot('02-catalog-filtered-by-owner');
});

test('opens a component, follows its API and reads the definition', async () => {
  const { page } = portal;
  await page.goto('/catalog');
  await page.getByRole('link', { name: 'Checkout service' }).click();
  await page.getByRole('heading', { name: 'Checkout service' }).waitFor();
  await page.getByText('Owns baskets and the checkout flow').first().waitFor();
  await portal.screenshot('03-component');

  // Entity page tabs are links: /catalog/:namespace/:kind/:name/<tab>
  await page.locator('a[href$="/component/checkout-service/apis"]').click();
  await page.getByRole('heading', { name: 'Provided APIs' }).waitFor();
  await page.getByRole('link', { name: 'Checkout API' }).first().click();
  await page.getByRole('heading', { name: 'Checkout API' }).first().waitFor();

  await page.locator('a[href$="/api/checkout-api/definition"]').click();
  // Swagger UI renders the OpenAPI document kept in catalog/apis/definitions
  await page.getByText('/baskets/{basketId}').first().waitFor();
  assert.ok(await page.getByText('Northwind Checkout API').first().isVisible());
  await portal.screenshot('04-api-definition');
});

test('finds a service through search', async () => {
  const { page } = portal;
  await page.goto('/search?query=payments');
  const result = page.getByRole('link', { name: /Payments service/i }).first();
  await result.waitFor();
  await portal.screenshot('05-search');
  await result.click();
  await page.getByRole('heading', { name: 'Payments service' }).waitFor();
});

test('lists the golden path templates on the Create page', async () => {
  const { page } = portal;
  await page.goto('/create');
  await page.getByText('Register an existing component').first().waitFor();
  await portal.screenshot('06-create');
});

test('shows the catalog graph of a component', async () => {
  const { page } = portal;
  await page.goto(
    '/catalog-graph?rootEntityRefs%5B%5D=component%3Adefault%2Fcheckout-service',
  );
  await page
    .locator('svg [data-testid="node"], svg g.node, svg text')
    .filter({ hasText: 'payments-service' })
    .first()
    .waitFor();
  await portal.screenshot('07-catalog-graph');
});

test('shows a team with its members and what it owns, and a person with their teams', async () => {
  const { page } = portal;
  await page.goto('/catalog/default/group/payments');
  await page.getByRole('heading', { name: 'Payments' }).first().waitFor();
  await page.getByText(/Payments members \(\d+ of \d+\)/).waitFor();
  await page.getByRole('heading', { name: 'Ownership' }).waitFor();
  await page.getByText('payments@northwind.example').first().waitFor();
  await portal.screenshot('08-group');

  await page.goto('/catalog/default/user/ahmed.karim');
  await page.getByRole('heading', { name: 'Ahmed Karim' }).first().waitFor();
  await page.getByRole('link', { name: 'Payments' }).first().waitFor();
  await portal.screenshot('09-user');
});

test('shows a system with its components, APIs and resources', async () => {
  const { page } = portal;
  await page.goto('/catalog/default/system/payments');
  await page
    .getByRole('heading', { name: /payments/i })
    .first()
    .waitFor();
  await page.getByRole('link', { name: 'Payments service' }).first().waitFor();
  await page
    .getByRole('link', { name: /Payments API/ })
    .first()
    .waitFor();
  await portal.screenshot('10-system');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
