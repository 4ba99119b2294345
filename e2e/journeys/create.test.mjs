// A developer creates a service from the Node.js golden path in the browser:
// fills the form, gets a real repository and the entity in the catalog, and
// follows the output links to both.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';

let portal;
before(async () => {
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

/** Picks an entity in one of the scaffolder's autocomplete pickers. */
async function pick(page, label, search, option) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

test('creates a Node.js service and opens its repository and catalog entity', async () => {
  const { page } = portal;
  const name = `e2e-svc-${randomBytes(3).toString('hex')}`;
  await page.goto('/create');
  await page.getByText('Node.js service (TypeScript)').first().waitFor();
  await page.goto('/create/templates/default/node-service');

  await page.getByLabel('Name').first().fill(name);
  await page
    .getByLabel('Description')
    .first()
    .fill('Loyalty points for returning customers, created by the e2e journey');
  await pick(page, 'Owner', 'checkout', /checkout/i);
  await pick(page, 'System', 'checkout', /checkout/i);
  await portal.screenshot('30-create-form');

  // Second page: operator links, all optional (left empty: they point into the portal)
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Argo CD').first().waitFor();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByText(name).first().waitFor();
  await page.getByRole('button', { name: 'Create' }).click();

  const entityLink = page
    .getByRole('link', { name: /Open in the catalog/i })
    .or(page.getByRole('button', { name: /Open in the catalog/i }));
  await entityLink.first().waitFor({ timeout: 120_000 });
  await portal.screenshot('31-create-done');

  const repoLink = page
    .getByRole('link', { name: /^Repository/i })
    .or(page.getByRole('button', { name: /^Repository/i }))
    .first();
  const repoHref = await repoLink.evaluate(
    el => el.closest('a')?.href ?? el.getAttribute('href'),
  );
  assert.match(repoHref ?? '', new RegExp(`/api/git/checkout/${name}$`));
  const repo = await page.request.get(repoHref, {
    headers: { Accept: 'application/json' },
  });
  assert.equal(repo.status(), 200);
  assert.ok(
    (await repo.json()).files.some(f => f.path === 'catalog-info.yaml'),
  );
  // In the browser the same link is a page with the clone command and the files.
  const repoPage = await portal.browser.newPage();
  await repoPage.goto(repoHref);
  await repoPage.getByText(`git clone ${repoHref}.git`).waitFor();
  await repoPage
    .getByRole('link', { name: 'charts/' + name + '/values-prod.yaml' })
    .waitFor();
  await repoPage.screenshot({
    path: `${process.env.E2E_ARTIFACTS ?? 'e2e/artifacts'}/33-repository.png`,
    fullPage: true,
  });
  await repoPage.close();

  await entityLink.first().click();
  await page.getByRole('heading', { name }).first().waitFor();
  await portal.screenshot('32-created-entity');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
