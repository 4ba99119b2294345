// Authorization as people meet it, in real Chromium against the running
// portal: the default persona (Priya Nair, a developer of Checkout) sees on
// another team's service what she may not do and, inline, the rule and whom
// to ask; on her own service, that she may; the platform engineer may do
// everything. Each answer comes from the portal's real policy.
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

/** The "Your access" card's row for a permission. */
const accessRow = (page, permission) =>
  page.getByTestId(`access-${permission}`);

test("shows a developer, inline, why she may not unregister another team's service and whom to ask", async () => {
  const { page } = portal;
  await page.goto('/catalog/default/component/payments-service');
  const row = accessRow(page, 'catalog.entity.delete');
  await row
    .getByText('Unregister or delete: you may not', { exact: true })
    .waitFor();
  assert.match(
    await row.innerText(),
    /user:default\/priya\.nair may not catalog\.entity\.delete on component:default\/payments-service: rule "entity-owners" allows only the entity's owners \(the user or one of their groups\) and platform admins\. Ask group:default\/payments\./,
  );
  await accessRow(page, 'launchpad.kubernetes.logs.read')
    .getByText('Read pod logs: you may not', { exact: true })
    .waitFor();
  await portal.screenshot('70-access-denied-inline');
});

test('shows the same developer that she may on her own team\u2019s service', async () => {
  const { page } = portal;
  await page.goto('/catalog/default/component/checkout-service');
  await accessRow(page, 'catalog.entity.delete')
    .getByText('Unregister or delete: you may', { exact: true })
    .waitFor();
  await accessRow(page, 'catalog.entity.refresh')
    .getByText('Refresh from its source: you may', { exact: true })
    .waitFor();
  assert.equal(await page.getByText(/may not catalog\.entity/).count(), 0);
});

test('the platform engineer may unregister any service', async () => {
  const { page } = portal;
  await page.goto('/settings');
  await page.getByTestId('user-settings-menu').click();
  await page.getByTestId('sign-out').click();
  await page
    .getByTestId('persona-platform-engineer')
    .getByRole('button', { name: /^Sign in as/ })
    .click();
  await page.getByTestId('home-page').waitFor();
  await page.goto('/catalog/default/component/payments-service');
  await accessRow(page, 'catalog.entity.delete')
    .getByText('Unregister or delete: you may', { exact: true })
    .waitFor();
  await accessRow(page, 'launchpad.kubernetes.logs.read')
    .getByText('Read pod logs: you may', { exact: true })
    .waitFor();
  await portal.screenshot('71-access-admin');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
