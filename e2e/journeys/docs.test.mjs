// A developer reads a service's documentation in the portal: the Docs tab
// builds the team's mkdocs site on first view (Debian's mkdocs, validated
// mkdocs.yml) and renders it; /docs lists the documented components.
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

test("opens checkout-service's Docs tab and reads its rendered handbook", async () => {
  const { page } = portal;
  await page.goto('/catalog/default/component/checkout-service');
  const tab = page.locator('a[href$="/component/checkout-service/docs"]');
  await tab.click();
  await page.waitForURL(/\/component\/checkout-service\/docs/);
  // The first view builds the site; the reader renders it inside its shadow
  // root once the build is done (the page header's own h1 is outside it).
  const docs = page.locator('[data-testid="techdocs-native-shadowroot"]');
  await docs
    .locator('h1', { hasText: 'Checkout service' })
    .waitFor({ timeout: 120_000 });
  await page
    .locator('[role="progressbar"]')
    .first()
    .waitFor({ state: 'detached', timeout: 120_000 });
  await docs.getByText("keeps each shopper's basket").waitFor();
  // The admonition is rendered by the material theme's extensions
  await docs.getByText('Where this page comes from').first().waitFor();
  await portal.screenshot('60-docs-tab');
  // Navigation inside the site: the runbook page
  await docs.locator('a', { hasText: 'Runbook' }).first().click();
  await docs.locator('h1', { hasText: 'Runbook' }).waitFor({ timeout: 60_000 });
  await docs.locator('h2', { hasText: 'Rolling back' }).waitFor();
  await portal.screenshot('61-docs-runbook');
});

test('lists the documented services on /docs', async () => {
  const { page } = portal;
  // Every documented component, not only the signed-in developer's own
  await page.goto('/docs?filters%5Buser%5D=all');
  await page.locator('table').getByText('Checkout service').first().waitFor();
  await page.locator('table').getByText('Payments service').first().waitFor();
  const undocumented = await page
    .locator('table')
    .getByText('Promotions service')
    .count();
  assert.equal(
    undocumented,
    0,
    'a component without techdocs-ref is not listed',
  );
  await portal.screenshot('62-docs-index');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
