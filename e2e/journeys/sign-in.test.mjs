// Signing in, in real Chromium: the portal runs in local mode with its OIDC
// provider pointed at a real OpenID provider (packages/oidc-test-provider,
// started by e2e/run.mjs as "Northwind SSO"). A visitor is signed in as the
// default persona without a click, signs out, picks the platform-engineer
// persona; a person signs in through the provider's own login page and lands
// as their catalog user with their groups; a person the catalog does not
// know is told so. Each provider journey has its own browser (the provider
// remembers who signed in).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';

const opened = [];
after(async () => {
  await Promise.all(opened.map(p => p.close()));
});

async function freshPortal() {
  const portal = await openPortal();
  opened.push(portal);
  return portal;
}

/** The settings page shows who is signed in: name, user entity and groups. */
async function expectSignedInAs(page, { name, user, groups }) {
  await page.goto('/settings');
  await page.getByText(name, { exact: true }).first().waitFor();
  const identity = page.locator('text=User Entity').locator('..');
  await identity
    .locator(`a[href$="/catalog/default/user/${user}"]`)
    .first()
    .waitFor();
  const ownership = page.locator('text=Ownership Entities').locator('..');
  for (const group of groups) {
    await ownership
      .locator(`a[href$="/catalog/default/group/${group}"]`)
      .first()
      .waitFor();
  }
}

/** Signs out from the settings page's menu; the sign-in page offers its choices. */
async function signOut(page) {
  await page.goto('/settings');
  await page.getByTestId('user-settings-menu').click();
  await page.getByTestId('sign-out').click();
  await page.getByText('Try the portal as a demo persona').waitFor();
}

/** Clicks "Sign in with Northwind SSO" and fills the provider's login form in the popup. */
async function signInAtProvider(page, username) {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Sign in with Northwind SSO' }).click(),
  ]);
  await popup.getByRole('heading', { name: 'Northwind sign-in' }).waitFor();
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill('northwind');
  await popup.getByRole('button', { name: 'Sign in' }).click();
}

test('signs in as the default persona without a click; after a sign out, offers the personas and the company sign-in', async () => {
  const portal = await freshPortal();
  const { page } = portal;
  await expectSignedInAs(page, {
    name: 'Priya Nair',
    user: 'priya.nair',
    groups: ['checkout'],
  });
  await signOut(page);
  const developer = page.getByTestId('persona-developer');
  await developer.getByText('Default').waitFor();
  await page.getByTestId('persona-platform-engineer').waitFor();
  await page.getByTestId('persona-manager').waitFor();
  await page
    .getByRole('button', { name: 'Sign in with Northwind SSO' })
    .waitFor();
  await portal.screenshot('60-sign-in-choices');
});

test('picks the platform-engineer persona and stays that persona across reloads', async () => {
  const { page } = opened[0];
  await page
    .getByTestId('persona-platform-engineer')
    .getByRole('button', { name: /^Sign in as/ })
    .click();
  await page.getByTestId('home-page').waitFor();
  await expectSignedInAs(page, {
    name: 'Raj Patel',
    user: 'raj.patel',
    groups: ['platform'],
  });
  await opened[0].screenshot('61-platform-engineer');
});

test('signs a person in through the provider login page as their catalog user, with their groups', async () => {
  const portal = await freshPortal();
  const { page } = portal;
  await signOut(page);
  await signInAtProvider(page, 'david.reyes');
  await page.getByTestId('home-page').waitFor();
  // the settings page is a reload: the session is renewed through the provider
  await expectSignedInAs(page, {
    name: 'David Reyes',
    user: 'david.reyes',
    groups: ['engineering'],
  });
  await portal.screenshot('62-signed-in-with-sso');
});

test('tells a person who is not in the catalog what happened and whom to ask', async () => {
  const portal = await freshPortal();
  const { page } = portal;
  await signOut(page);
  await signInAtProvider(page, 'zoe.quinn');
  const problem = page.getByTestId('sign-in-problem');
  await problem.getByText('You are not in the catalog yet').waitFor();
  assert.match(
    await problem.innerText(),
    /You signed in as zoe\.quinn@northwind\.example with Northwind SSO, but there is no person with that email or username in the catalog: ask the platform team \(group:default\/platform, platform@northwind\.example\) to add you\./,
  );
  // still on the sign-in page, with the choices
  await page.getByTestId('persona-developer').waitFor();
  await portal.screenshot('63-not-in-catalog');
});

test('raised no uncaught page errors', () => {
  for (const portal of opened) assert.deepEqual(portal.errors, []);
});
