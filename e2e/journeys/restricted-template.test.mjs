// A golden path kept to some teams (the PostgreSQL path: teams with a database
// budget) as a manager sees it: listed apart on the Create page, and opening
// it says which rule keeps it from him and whom to ask (the scaffolder page
// shows its error as a message: the sentence travels in the 403's status line).
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

test('the manager persona sees the PostgreSQL path listed apart, and why he may not use it', async () => {
  const { page } = portal;
  await page.goto('/settings');
  await page.getByTestId('user-settings-menu').click();
  await page.getByTestId('sign-out').click();
  await page
    .getByTestId('persona-manager')
    .getByRole('button', { name: /^Sign in as/ })
    .click();
  await page.getByTestId('home-page').waitFor();

  await page.goto('/create');
  await page.getByText('Kept to some teams', { exact: true }).first().waitFor();
  await page.getByText('Golden paths', { exact: true }).first().waitFor();
  await page
    .getByText('PostgreSQL database', { exact: false })
    .first()
    .waitFor();
  await portal.screenshot('80-create-groups');

  await page.goto('/create/templates/default/postgres-database');
  const sentence = page
    .getByText(
      /rule "template-groups" keeps this template to group:default\/checkout/,
    )
    .first();
  await sentence.waitFor();
  assert.match(
    await sentence.innerText(),
    /user:default\/david\.reyes may not use template:default\/postgres-database: rule "template-groups" keeps this template to group:default\/checkout, group:default\/payments.* and platform admins\. Ask group:default\/platform\./,
  );
  await portal.screenshot('81-restricted-template-denied');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
