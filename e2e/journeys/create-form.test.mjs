// The Create form as a developer (Priya Nair, Checkout) meets it: a bad name
// gets a sentence saying what is allowed, an existing demo service's name is
// flagged while typing and again at Next, the owner starts as her team, and
// a task that fails says why and what to do, without server internals.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';
import { guestToken } from '../lib/portalApi.mjs';

let portal;
before(async () => {
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

/** What a raw rule or a server internal looks like on the page. */
const LEAKS = [
  /\^\[a-z\]/, // a regular expression
  /must match pattern/,
  /\/work\//,
  /node_modules/,
  /\n\s+at \S+ \(/, // a stack frame
];

async function openForm(page, template) {
  await page.goto('/create');
  await page.getByText('Node.js service (TypeScript)').first().waitFor();
  await page.goto(`/create/templates/default/${template}`);
  await page.getByLabel('Name').first().waitFor();
}

/** Picks an entity in one of the scaffolder's autocomplete pickers. */
async function pickOption(page, label, search, option) {
  const input = page.getByLabel(label).first();
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

async function assertNoLeaks(page) {
  const text = await page.locator('body').innerText();
  for (const leak of LEAKS) assert.doesNotMatch(text, leak);
}

test("the owner starts as the signed-in developer's team", async () => {
  const { page } = portal;
  await openForm(page, 'node-service');
  const owner = page.getByLabel('Owner').first();
  // filled in once the user's teams are loaded, without a click
  await page.waitForFunction(() =>
    /checkout/i.test(document.querySelector('#root_owner')?.value ?? ''),
  );
  assert.match(await owner.inputValue(), /checkout/i);
  await portal.screenshot('34-create-form-owner-prefilled');
});

test('a bad name says in words what is allowed', async () => {
  const { page } = portal;
  await openForm(page, 'node-service');
  await page.getByLabel('Name').first().fill('Loyalty_Service');
  await page
    .getByLabel('Description')
    .first()
    .fill('Loyalty points for returning customers.');
  // every other field filled, as a developer would: only the name is wrong
  await pickOption(page, 'System', 'checkout', /checkout/i);
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(
      /Use 3–40 characters: lowercase letters \(a–z\), digits and hyphens/,
    )
    .first()
    .waitFor();
  // still on the first step
  await page.getByLabel('Description').first().waitFor();
  await assertNoLeaks(page);
  await portal.screenshot('35-create-form-bad-name');

  // a description too short gets its sentence too
  await page.getByLabel('Name').first().fill('loyalty-service');
  await page.getByLabel('Description').first().fill('short');
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(/Write at least 10 characters/)
    .first()
    .waitFor();
  await assertNoLeaks(page);
});

test("an existing demo service's name is flagged before submit", async () => {
  const { page } = portal;
  await openForm(page, 'node-service');
  await page.getByLabel('Name').first().pressSequentially('payments-service');
  const taken =
    '"payments-service" is taken: the catalog already has component:default/payments-service. Choose another name.';
  await page.getByText(taken).first().waitFor();
  await portal.screenshot('36-create-form-taken-name');
  // and at Next: the form stays on its first step with the same message
  await page
    .getByLabel('Description')
    .first()
    .fill('Loyalty points for returning customers.');
  await pickOption(page, 'System', 'checkout', /checkout/i);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('li, p').filter({ hasText: taken }).first().waitFor();
  await page.getByLabel('Description').first().waitFor();
  assert.equal(await page.getByLabel('Argo CD').count(), 0);

  // a free name says so
  const free = `e2e-free-${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Name').first().fill(free);
  await page
    .getByText(`"${free}" is free in the catalog and on the git host.`)
    .first()
    .waitFor();
});

test('a failed task says why and what to do, without server internals', async () => {
  const { page } = portal;
  // A database for Checkout whose consumer belongs to Payments: refused by the
  // portal's first step (the owner guard), as a user can really do in the form.
  await openForm(page, 'postgres-database');
  const name = `e2e-db-${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Name').first().fill(name);
  await pickOption(page, 'System', 'checkout', /checkout/i);
  await pickOption(
    page,
    'Used by',
    'payments',
    /payments service|payments-service/i,
  );
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const reason = page
    .getByText(/only for your own teams \(checkout\).*What to do:/)
    .first();
  await reason.waitFor({ timeout: 120_000 });
  await portal.screenshot('37-create-form-task-failed');
  await assertNoLeaks(page);

  // The task's own log, as the API gives it to the page, is clean too.
  const taskId = new URL(page.url()).pathname.split('/').pop();
  const token = await guestToken(process.env.PORTAL_URL);
  const res = await fetch(
    `${process.env.PORTAL_URL}/api/scaffolder/v2/tasks/${taskId}/events`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  assert.equal(res.status, 200);
  const events = await res.json();
  assert.ok(Array.isArray(events), JSON.stringify(events));
  const failed = events.filter(e => e.body?.status === 'failed');
  assert.ok(failed.length > 0, 'a failed step was logged');
  for (const e of events) {
    const text = `${e.body?.message ?? ''} ${JSON.stringify(
      e.body?.error ?? '',
    )}`;
    for (const leak of LEAKS) assert.doesNotMatch(text, leak);
  }
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
