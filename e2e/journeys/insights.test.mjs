// Platform insights (/insights): a developer runs the Node.js golden path, the
// test webhook sender posts the new service's signed CI result (a GitHub
// workflow_run) and its first healthy deployment to dev (an Argo CD
// notification), and the platform engineer sees the adoption funnel reach
// every step for Checkout; the developer is refused server-side.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  senderTarget,
  sendArgoCd,
  sendWorkflowRun,
} from '../../plugins/insights-backend/bin/send-test-events.mjs';
import { openPortal } from '../lib/browser.mjs';
import { apiCall, guestToken } from '../lib/portalApi.mjs';
import { until as poll } from '../../scripts/lib/testRuntime.mjs';

const baseUrl = process.env.PORTAL_URL ?? 'http://localhost:7007';
const name = `e2e-ins-${randomBytes(3).toString('hex')}`;

let portal;
let developer;
let admin;

const call = (token, method, route, body) =>
  apiCall(baseUrl, token, method, route, body);

const until = (what, check, timeoutMs = 180_000) =>
  poll(what, check, timeoutMs);

const funnelRow = report =>
  report.funnel.find(
    r =>
      r.template === 'template:default/node-service' &&
      r.team === 'group:default/checkout',
  );

before(async () => {
  developer = await guestToken(baseUrl);
  admin = await guestToken(baseUrl, 'platform-engineer');
  portal = await openPortal();
});
after(async () => {
  await portal?.close();
});

test('a developer may not read the insights: 403 with the rule and whom to ask', async () => {
  const refused = await call(developer, 'GET', '/api/insights/report');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.decision.rule, 'platform-admins-and-managers');
  const { page } = portal;
  await page.goto('/insights');
  await page
    .getByText(/may not insights\.read/)
    .first()
    .waitFor();
  await portal.screenshot('100-insights-refused');
});

test('a golden path run, its signed CI result and first dev deployment reach the funnel', async () => {
  const before = (await call(admin, 'GET', '/api/insights/report')).body;
  const reachedBefore = funnelRow(before)?.healthyDeployments ?? 0;

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

  // The insights plugin reads finished tasks from the scaffolder on its own.
  await until('the task in the insights', async () => {
    const { body } = await call(admin, 'GET', '/api/insights/report');
    return (
      funnelRow(body)?.repositories > (funnelRow(before)?.repositories ?? 0)
    );
  });

  // CI: a red run, then a green one, then GitHub redelivering the green one.
  const target = senderTarget({ url: baseUrl });
  const sha = randomBytes(20).toString('hex');
  await sendWorkflowRun(target, {
    service: name,
    owner: 'checkout',
    conclusion: 'failure',
  });
  const green = await sendWorkflowRun(target, {
    service: name,
    owner: 'checkout',
    sha,
  });
  assert.deepEqual(green, { accepted: true, duplicate: false });
  // A wrong signature is refused.
  const forged = await sendWorkflowRun(
    { ...target, secret: 'not-the-secret' },
    { service: name, owner: 'checkout' },
  ).catch(e => e.message);
  assert.match(String(forged), /github webhook: 401/);

  await sendArgoCd(target, {
    trigger: 'on-deployed',
    service: name,
    environment: 'dev',
    revision: sha,
  });

  const report = await until('the funnel to reach dev', async () => {
    const { body } = await call(admin, 'GET', '/api/insights/report');
    return funnelRow(body)?.healthyDeployments > reachedBefore
      ? body
      : undefined;
  });
  const row = funnelRow(report);
  assert.ok(row.greenCi >= row.healthyDeployments);
  assert.ok(row.medianMs.taskToRepository > 0);

  // The platform engineer reads the page.
  const { page } = portal;
  await page.goto('/settings');
  await page.getByTestId('user-settings-menu').click();
  await page.getByTestId('sign-out').click();
  await page
    .getByTestId('persona-platform-engineer')
    .getByRole('button', { name: /^Sign in as/ })
    .click();
  await page.getByTestId('home-page').waitFor();
  await page.goto('/insights');
  const funnel = page.getByTestId('insights-funnel');
  await funnel.getByText('Adoption funnel').waitFor();
  const checkoutRow = funnel
    .getByRole('row')
    .filter({ hasText: 'node-service' })
    .filter({ hasText: 'checkout' });
  await checkoutRow.first().waitFor();
  await page
    .getByTestId('insights-golden-paths')
    .getByText('node-service')
    .first()
    .waitFor();
  await page.getByTestId('insights-dora').getByText('DORA keys').waitFor();
  await page
    .getByTestId('insights-events')
    .getByText(/CI results/)
    .waitFor();
  await portal.screenshot('101-insights');
  assert.deepEqual(portal.errors, []);
});
