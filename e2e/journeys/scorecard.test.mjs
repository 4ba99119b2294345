// A developer opens a service's Scorecard tab: its level, and for what it
// fails, how to fix it.
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

test('shows a service its scorecard level, failing checks and how to fix them', async () => {
  const { page } = portal;
  await page.goto('/catalog/default/component/checkout-service');
  await page
    .locator('a[href$="/component/checkout-service/scorecard"]')
    .click();
  await page.getByText('Service maturity', { exact: true }).first().waitFor();
  await page.getByText(/^Level: (Bronze|Silver|Gold)$/).waitFor();
  await page.getByText(/\d+ \/ \d+ points/).waitFor();
  const failing = page.locator('[data-testid^="check-"]', {
    hasText: '(Failing)',
  });
  assert.ok(
    (await failing.count()) > 0,
    'a demo service should have something left to improve',
  );
  assert.match(await failing.first().innerText(), /How to fix: /);
  await portal.screenshot('40-scorecard');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
