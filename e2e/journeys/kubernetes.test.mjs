// A developer opens a service's Kubernetes tab: dev, stage and prod side by
// side, the crash-looping release in stage called out, and the crashed
// container's log. The clusters are the demo STAND-INS for Kubernetes
// (packages/kube-standin/src/demo.ts): no cluster can run here.
// The portal signs the guest in as priya.nair of the Checkout team, which
// owns promotions-service and not payments-service.
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

test('compares environments side by side and calls out the crash loop in stage', async () => {
  const { page } = portal;
  await page.goto('/catalog/default/component/promotions-service');
  await page
    .locator('a[href$="/component/promotions-service/kubernetes"]')
    .click();
  await page.getByText('What runs where').waitFor();
  const row = env =>
    page
      .locator('tr', {
        has: page.locator('td', { hasText: new RegExp(`^${env}$`) }),
      })
      .first();
  assert.match(await row('dev').innerText(), /Healthy/);
  assert.match(await row('prod').innerText(), /Healthy[\s\S]*Synced · Healthy/);
  const stage = await row('stage').innerText();
  assert.match(stage, /Problems/);
  assert.match(stage, /Degraded/);
  assert.match(stage, /\d+ of \d+ pods CrashLoopBackOff/);
  const stageSection = page.getByTestId('environment-stage');
  await stageSection.getByTestId('problem').first().waitFor();
  assert.match(
    await stageSection.getByTestId('problem').first().innerText(),
    /crashed many times/,
  );
  await stageSection.scrollIntoViewIfNeeded();
  await portal.screenshot('50-kubernetes-environments');
});

test("lets the owning team read a crashed container's log", async () => {
  const { page } = portal;
  const stageSection = page.getByTestId('environment-stage');
  await stageSection
    .getByRole('button', { name: /^Logs of / })
    .first()
    .click();
  await page
    .getByTestId('pod-log')
    .getByText('panic: database unavailable')
    .waitFor();
  await portal.screenshot('51-kubernetes-logs');
  await page.getByRole('button', { name: 'Close' }).click();
});

test("keeps another team's logs closed, and shows a release waiting for a manual sync", async () => {
  const { page } = portal;
  await page.goto('/catalog/default/component/payments-service/kubernetes');
  const prod = page.getByTestId('environment-prod');
  await prod
    .getByRole('button', { name: /^Logs of / })
    .first()
    .waitFor();
  assert.equal(
    await prod
      .getByRole('button', { name: /^Logs of / })
      .first()
      .isDisabled(),
    true,
  );
  assert.match(await prod.innerText(), /OutOfSync/);
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
