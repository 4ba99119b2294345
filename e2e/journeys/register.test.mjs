// The platform team registers Backstage's own example catalog from files on
// the server through the register page, and sees a broken file's error.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';

const examples = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../packages/backend/src/__fixtures__/backstage-examples',
);

let portal;
before(async () => {
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

async function analyze(page, target) {
  await page.goto('/catalog-import');
  const input = page.getByLabel('Entity file path or URL');
  await input.fill(target);
  await page.getByRole('button', { name: 'Analyze' }).first().click();
}

test('a broken entity file is refused with the reason, and nothing is registered', async () => {
  const { page } = portal;
  await analyze(page, path.join(examples, 'components/invalid-component.yaml'));
  await page.getByText('This location cannot be registered').waitFor();
  await page.getByText('"metadata.name" is not valid').first().waitFor();
  await portal.screenshot('10-register-invalid-file');
});

test('registers the upstream example catalog from a file on the server', async () => {
  const { page } = portal;
  await analyze(page, path.join(examples, 'all.yaml'));
  await page.getByText(/entities will be added from/).waitFor();
  await portal.screenshot('11-register-analyzed');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByText(/^Registered /).waitFor();
  await portal.screenshot('12-register-done');

  // Its entities are ingested within seconds: open one of them.
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto('/catalog/default/component/petstore');
    const found = await page
      .getByRole('heading', { name: 'petstore' })
      .first()
      .waitFor({ timeout: 5_000 })
      .then(() => true, () => false);
    if (found) break;
    assert.ok(Date.now() < deadline, 'component:default/petstore never appeared in the catalog');
  }
  await portal.screenshot('13-registered-entity');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
