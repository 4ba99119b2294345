// One public URL, no rebuild: a second portal, on its own port and database,
// is reached in Chromium under another host name (http://portal.northwind.test:<port>,
// resolved by Chromium's --host-resolver-rules) with only its base URL
// configured at start. The built frontend (packages/app/dist, built once for
// http://localhost:7007) gets the URL when the page is served: the visitor is
// signed in as the default persona and sees the catalog, and every request
// the page makes goes to that host.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigReader } from '@backstage/config';
import { launchChromium } from '../lib/browser.mjs';
import {
  ensurePostgres,
  startBackend,
  waitForReady,
} from '../../scripts/lib/portal.mjs';
import {
  freePort,
  removePostgresData,
} from '../../scripts/lib/testRuntime.mjs';
import { guestToken, waitForCatalog } from '../lib/portalApi.mjs';

const host = 'portal.northwind.test';
const scratch = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-e2e-base-url-'),
);
let postgres;
let backend;
let browser;
let publicUrl;

before(async () => {
  // Its own database: on the server the run uses (POSTGRES_HOST), else an embedded one
  postgres = await ensurePostgres({
    dataDir: path.join(scratch, 'pg'),
    port: await freePort(),
    log: () => {},
  });
  const port = await freePort();
  publicUrl = `http://${host}:${port}`;
  // Plain http under a name that is not localhost: without this, Backstage's
  // default CSP (upgrade-insecure-requests) has the browser ask for every
  // script over https. Behind TLS (production) it can stay.
  const httpConfig = path.join(scratch, 'http.yaml');
  fs.writeFileSync(
    httpConfig,
    JSON.stringify({
      backend: { csp: { 'upgrade-insecure-requests': false } },
    }),
  );
  backend = startBackend({
    port,
    publicBaseUrl: publicUrl,
    configs: [httpConfig],
    env: {
      ...postgres.env,
      APP_CONFIG_backend_database_prefix: `baseurl${randomBytes(3).toString(
        'hex',
      )}_`,
      APP_CONFIG_gitHosting_root: path.join(scratch, 'git'),
    },
    stdio: 'pipe',
  });
  const logFile = fs.createWriteStream(
    path.join(
      process.env.E2E_ARTIFACTS ?? 'e2e/artifacts',
      'base-url-backend.log',
    ),
  );
  backend.child.stdout.pipe(logFile);
  backend.child.stderr.pipe(logFile);
  // The backend reaches itself on localhost; only the browser uses the public name.
  await waitForReady(backend.baseUrl, { child: backend.child });
  await waitForCatalog(backend.baseUrl, await guestToken(backend.baseUrl));
  browser = await launchChromium([
    `--host-resolver-rules=MAP ${host} 127.0.0.1`,
  ]);
});

after(async () => {
  await browser?.close();
  await backend?.stop();
  await postgres?.stop();
  await removePostgresData(path.join(scratch, 'pg'));
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('the built frontend works under another host name and port, configured at start only', async () => {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  const origins = new Set();
  page.on('request', request => origins.add(new URL(request.url()).origin));

  await page.goto(`${publicUrl}/catalog`);
  // Signed in as the default persona (Priya Nair, Checkout) without a click
  await page.getByText(/^Owned Components \(2\)$/).waitFor();
  await page.getByRole('link', { name: 'Checkout service' }).click();
  await page.waitForURL(
    `${publicUrl}/catalog/default/component/checkout-service`,
  );
  await page.getByText('Checkout service').first().waitFor();
  await page.screenshot({
    path: path.join(
      process.env.E2E_ARTIFACTS ?? 'e2e/artifacts',
      '40-base-url-catalog.png',
    ),
    fullPage: true,
  });

  // The page's config is the one served, not the build's localhost:7007
  const served = await page.evaluate(() =>
    [
      ...document.querySelectorAll('script[type="backstage.io/config"]'),
    ].flatMap(el => JSON.parse(el.textContent ?? '[]')),
  );
  const config = ConfigReader.fromConfigs(served);
  assert.equal(config.getString('app.baseUrl'), publicUrl);
  assert.equal(config.getString('backend.baseUrl'), publicUrl);
  // Everything the page asked for went to the public URL: nothing to localhost
  assert.deepEqual(
    [...origins].filter(o => o.startsWith('http')),
    [publicUrl],
  );
  assert.deepEqual(errors, []);
  await context.close();
});
