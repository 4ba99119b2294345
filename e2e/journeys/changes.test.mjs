// Change proposals on the portal's git host, as their owners and others meet
// them in real Chromium: a developer creates a service from the Node.js
// golden path (a real repository and entity), a change is proposed to it
// through the git host's API, the owner opens it from the entity's Changes
// tab, reads the diff and merges it; a manager (not an owner) sees the
// change without a Merge button, and the API refuses his merge with a 403.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { openPortal } from '../lib/browser.mjs';
import { apiCall, guestToken } from '../lib/portalApi.mjs';
import { until as poll } from '../../scripts/lib/testRuntime.mjs';

const baseUrl = process.env.PORTAL_URL ?? 'http://localhost:7007';
const name = `e2e-chg-${randomBytes(3).toString('hex')}`;
// hostile text in the proposal: it must reach the page as text
const HOSTILE =
  '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>';

let portal;
let developer;
let manager;

const call = (token, method, route, body) =>
  apiCall(baseUrl, token, method, route, body);

const until = (what, check, timeoutMs = 180_000) =>
  poll(what, check, timeoutMs);

/** Proposes a change to the service's repository as its owner (the developer). */
async function propose(slug, title) {
  const readme = await fetch(
    `${baseUrl}/api/git/checkout/${name}/raw/main/README.md`,
    {
      headers: { Authorization: `Bearer ${developer}` },
    },
  );
  assert.equal(readme.status, 200, 'the new repository has a README.md');
  const created = await call(
    developer,
    'POST',
    `/api/git/repos/checkout/${name}/changes`,
    {
      slug,
      title,
      description: `Adds the on-call rota to the README.\n\n${HOSTILE}`,
      files: {
        'README.md': `${await readme.text()}\n## On call\n\nThe Checkout rota, see docs/on-call-rota.md.\n`,
        'docs/on-call-rota.md': `# On call\n\n${HOSTILE}\n`,
      },
    },
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

before(async () => {
  developer = await guestToken(baseUrl);
  manager = await guestToken(baseUrl, 'manager');
  const example = JSON.parse(
    fs.readFileSync(
      new URL(
        '../../templates/node-service/examples/loyalty-service.json',
        import.meta.url,
      ),
      'utf-8',
    ),
  );
  const task = await call(developer, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/node-service',
    values: { ...example, name },
  });
  assert.equal(task.status, 201, JSON.stringify(task.body));
  await until('the golden path task', async () => {
    const { body } = await call(
      developer,
      'GET',
      `/api/scaffolder/v2/tasks/${task.body.id}`,
    );
    if (['failed', 'cancelled'].includes(body.status))
      throw new Error(`task ${body.status}`);
    return body.status === 'completed';
  });
  await until(
    'the new entity',
    async () =>
      (
        await call(
          developer,
          'GET',
          `/api/catalog/entities/by-name/component/default/${name}`,
        )
      ).status === 200,
  );
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

test("the owner opens a proposal from the entity's Changes tab, reads the diff and merges it", async () => {
  const change = await propose('on-call-rota', 'Document the on-call rota');
  const { page } = portal;
  await page.goto(`/catalog/default/component/${name}`);
  await page
    .getByRole('tab', { name: 'Changes' })
    .or(page.getByRole('link', { name: 'Changes', exact: true }))
    .first()
    .click();
  await page.waitForURL(
    new RegExp(`/catalog/default/component/${name}/changes$`),
  );
  const link = page.getByRole('link', { name: 'Document the on-call rota' });
  await link.waitFor();
  await portal.screenshot('90-changes-tab');
  await link.click();
  await page.waitForURL(new RegExp(`/changes/${change.id}$`));

  await page
    .getByTestId('change-title')
    .getByText('Document the on-call rota')
    .waitFor();
  await page
    .getByTestId('change-branches')
    .getByText('launchpad/on-call-rota → main')
    .waitFor();
  const list = page.getByTestId('diff-file-list');
  await list.getByText('README.md').waitFor();
  await list.getByText('docs/on-call-rota.md').waitFor();
  assert.match(await list.innerText(), /docs\/on-call-rota\.md \+3 −0/);
  // the hostile text is text: in the description and as an added line, never elements
  await page
    .getByTestId('change-description')
    .getByText(HOSTILE, { exact: false })
    .waitFor();
  await page.getByTestId('diff').getByText(HOSTILE, { exact: true }).waitFor();
  assert.equal(
    await page.getByTestId('diff').locator('img, script').count(),
    0,
  );
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await portal.screenshot('91-change-page');

  await page.getByRole('button', { name: 'Merge' }).click();
  await page.getByTestId('change-status').getByText('merged').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Merge' }).count(), 0);
  await portal.screenshot('92-change-merged');

  // merged for real: the default branch has the new README
  const readme = await fetch(
    `${baseUrl}/api/git/checkout/${name}/raw/main/README.md`,
    {
      headers: { Authorization: `Bearer ${developer}` },
    },
  );
  assert.match(
    await readme.text(),
    /The Checkout rota, see docs\/on-call-rota\.md\./,
  );
  const merged = await call(developer, 'GET', `/api/git/changes/${change.id}`);
  assert.equal(merged.body.status, 'merged');
  assert.equal(merged.body.decidedBy, 'user:default/priya.nair');
});

test('a manager who does not own the repository sees no Merge button, and the API refuses his merge', async () => {
  const change = await propose(
    'on-call-rota-2',
    'Document the on-call rota again',
  );
  const { page } = portal;
  await page.goto('/settings');
  await page.getByTestId('user-settings-menu').click();
  await page.getByTestId('sign-out').click();
  await page
    .getByTestId('persona-manager')
    .getByRole('button', { name: /^Sign in as/ })
    .click();
  await page.getByTestId('home-page').waitFor();

  await page.goto(`/changes/${change.id}`);
  await page
    .getByTestId('change-title')
    .getByText('Document the on-call rota again')
    .waitFor();
  await page.getByTestId('merge-refused').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Merge' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Close' }).count(), 0);
  await portal.screenshot('93-change-not-owner');

  const refused = await call(
    manager,
    'POST',
    `/api/git/changes/${change.id}/merge`,
  );
  assert.equal(refused.status, 403);
  assert.match(
    refused.body.error.message,
    new RegExp(`Only the owners of checkout/${name}`),
  );
  const still = await call(developer, 'GET', `/api/git/changes/${change.id}`);
  assert.equal(still.body.status, 'open');
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
