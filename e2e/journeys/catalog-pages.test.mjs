// The catalog and entity pages in real Chromium: tables that fit at 1440 px
// and read at 390 px (no cell's text runs out of its cell, no word broken in
// the middle), the Dependencies tab with "used by", no dead links on a demo
// entity's page, the graph page asking where to start, and a new service's
// Kubernetes tab saying "Not deployed yet". Screenshots land in e2e/artifacts.
import assert from 'node:assert/strict';
import dns from 'node:dns/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium } from '../lib/browser.mjs';
import { guestToken } from '../lib/portalApi.mjs';

const baseURL = process.env.PORTAL_URL ?? 'http://localhost:7007';
const repoRoot = path.resolve(import.meta.dirname, '../..');
let browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** A page at one screen width that records every "No records" moment of its loads. */
async function pageAt(width) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width, height: width > 600 ? 900 : 844 },
  });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__emptyFlashes = [];
    new MutationObserver(() => {
      if (/No records to display/.test(document.body?.innerText ?? ''))
        window.__emptyFlashes.push(location.pathname);
    }).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  return page;
}

async function screenshot(page, name) {
  await page.screenshot({
    path: path.join(
      process.env.E2E_ARTIFACTS ?? 'e2e/artifacts',
      `${name}.png`,
    ),
    fullPage: true,
  });
}

/**
 * Every table cell whose text runs out of it (wider than the cell: clipped
 * or spilling) and every word broken across two lines inside a cell.
 * Words are split at spaces, hyphens, slashes and commas, where a line may
 * break.
 */
function tableTextProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
      if (cell.offsetParent === null) continue; // hidden
      if (cell.scrollWidth > cell.clientWidth + 1)
        problems.push(
          `overflows (${cell.scrollWidth} > ${
            cell.clientWidth
          } px): ${cell.innerText.slice(0, 60)}`,
        );
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/[^\s\-/·,]+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set(
            [...range.getClientRects()]
              .filter(r => r.width > 0)
              .map(r => Math.round(r.top)),
          );
          if (lines.size > 1) problems.push(`word broken: ${m[0]}`);
        }
      }
    }
    return problems;
  });
}

for (const width of [1440, 390]) {
  test(`the catalog's table fits at ${width} px: no text out of its cell, no word broken`, async () => {
    const page = await pageAt(width);
    await page.goto('/catalog?filters[kind]=component&filters[user]=all');
    await page.getByRole('link', { name: 'Checkout service' }).waitFor();
    await page.getByRole('link', { name: 'Recommendations service' }).waitFor();
    assert.deepEqual(await tableTextProblems(page), []);
    // Not fixed, so not asserted: upstream's entity list says "No records to
    // display" before the filters register; counted in the log.
    const flashes = await page.evaluate(() => window.__emptyFlashes.length);
    if (flashes)
      console.log(
        `# "No records to display" seen ${flashes} times while loading`,
      );
    // Nothing wider than the screen: the page does not scroll sideways
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(
      overflow <= 0,
      `the page is ${overflow} px wider than the screen`,
    );
    await screenshot(page, `catalog-pages-01-catalog-${width}`);
    await page.context().close();
  });

  test(`the Kubernetes tab's tables read at ${width} px`, async () => {
    const page = await pageAt(width);
    await page.goto('/catalog/default/component/promotions-service/kubernetes');
    await page.getByText('What runs where').first().waitFor();
    await page.getByText('CrashLoopBackOff').first().waitFor();
    assert.deepEqual(await tableTextProblems(page), []);
    await screenshot(page, `catalog-pages-02-kubernetes-${width}`);
    await page.context().close();
  });
}

test('the Dependencies tab lists what checkout-service needs and what uses it, linked', async () => {
  const page = await pageAt(1440);
  await page.goto('/catalog/default/component/checkout-service');
  await page.getByRole('link', { name: 'Dependencies', exact: true }).click();
  const usedBy = page.getByTestId('used-by');
  await usedBy.waitFor();
  // storefront-web depends on it and consumes its API checkout-api
  const storefront = usedBy.getByRole('link', { name: /Storefront \(web\)/ });
  await storefront.waitFor();
  assert.match(
    await usedBy.innerText(),
    /depends on it; consumes its API checkout-api/,
  );
  const dependsOn = page.getByTestId('depends-on');
  await dependsOn.getByRole('link', { name: /Payments service/ }).waitFor();
  assert.match(await dependsOn.innerText(), /consumes this API/);
  await screenshot(page, 'catalog-pages-03-dependencies');
  await storefront.click();
  await page.getByRole('heading', { name: 'Storefront (web)' }).waitFor();
  await page.context().close();
});

test("a demo entity's page has no dead link: every address is the portal's own or resolves", async () => {
  const page = await pageAt(1440);
  await page.goto('/catalog/default/component/checkout-service');
  await page.getByRole('heading', { name: 'Checkout service' }).waitFor();
  await page.getByText('Owns baskets and the checkout flow').first().waitFor();
  await page.waitForLoadState('networkidle');
  // The demo's entities come from local files: no "View source" to nowhere
  assert.equal(await page.getByText('View source').count(), 0);
  const hrefs = await page.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map(a => a.href),
  );
  assert.ok(
    hrefs.length > 10,
    `expected the page's links, saw ${hrefs.length}`,
  );
  const portal = new URL(baseURL);
  const dead = [];
  for (const href of new Set(hrefs)) {
    const url = new URL(href);
    if (url.protocol === 'mailto:') continue;
    if (!['http:', 'https:'].includes(url.protocol)) {
      dead.push(href);
      continue;
    }
    if (url.host === portal.host) continue;
    // Backstage's own help links (an empty card's "learn more"): public
    // documentation, not demo data; this machine has no route to it.
    if (url.hostname === 'backstage.io') continue;
    try {
      await dns.lookup(url.hostname);
    } catch {
      dead.push(href);
    }
  }
  assert.deepEqual(dead, []);
  await page.context().close();
});

test('the Catalog Graph page asks where to start, then draws the graph around it', async () => {
  const page = await pageAt(1440);
  await page.goto('/');
  await page.getByRole('link', { name: 'Catalog Graph' }).first().click();
  const picker = page.getByRole('textbox', { name: 'Starting entity' });
  await picker.waitFor();
  await picker.fill('checkout serv');
  const starts = page.getByTestId('graph-starts');
  await starts.getByRole('link', { name: 'Checkout service' }).waitFor();
  assert.equal(
    await starts.getByRole('link', { name: 'Storefront (web)' }).count(),
    0,
  );
  await screenshot(page, 'catalog-pages-04-graph-picker');
  await starts.getByRole('link', { name: 'Checkout service' }).click();
  assert.match(
    decodeURIComponent(page.url()),
    /rootEntityRefs\[\]=component:default\/checkout-service/,
  );
  // Its neighbours are drawn as nodes of the graph
  await page
    .locator('svg [data-testid="node"], svg g.node, svg text')
    .filter({ hasText: 'payments-service' })
    .first()
    .waitFor();
  await screenshot(page, 'catalog-pages-05-graph');
  await page.context().close();
});

test('a new service that runs nowhere says "Not deployed yet" and what will deploy it', async () => {
  // A golden path's service as its repository describes it, not yet deployed
  const admin = await guestToken(baseURL, 'platform-engineer');
  const target = path.join(
    repoRoot,
    'templates/node-service/golden/loyalty-service/catalog-info.yaml',
  );
  const res = await fetch(`${baseURL}/api/catalog/locations`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${admin}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ type: 'file', target }),
  });
  assert.ok(
    res.status === 201 || res.status === 409,
    `registering ${target}: ${res.status} ${await res.text()}`,
  );
  const page = await pageAt(1440);
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      await page.goto('/catalog/default/component/loyalty-service/kubernetes');
      const callout = page.getByTestId('not-deployed');
      const seen = await callout
        .waitFor({ timeout: 20_000 })
        .then(() => true)
        .catch(() => false);
      if (seen) break;
      assert.ok(
        Date.now() < deadline,
        'loyalty-service never reached the catalog',
      );
    }
    const callout = page.getByTestId('not-deployed');
    const text = await callout.innerText();
    assert.match(text, /Not deployed yet/);
    assert.match(
      text,
      /Nothing of loyalty-service runs in dev, stage, prod yet/,
    );
    assert.match(text, /first CI run/);
    assert.match(text, /backstage\.io\/kubernetes-id=loyalty-service/);
    assert.equal(
      await page
        .getByText('No cluster is configured for this environment.')
        .count(),
      0,
    );
    assert.equal(
      await page.getByText('Not deployed', { exact: true }).count(),
      3,
    );
    await screenshot(page, 'catalog-pages-06-not-deployed');
  } finally {
    await page.context().close();
    const { items } = await (
      await fetch(`${baseURL}/api/catalog/locations`, {
        headers: { Authorization: `Bearer ${admin}` },
      })
    )
      .json()
      .then(list => ({ items: list }));
    const mine = items.find(l => l.data?.target === target);
    if (mine)
      await fetch(`${baseURL}/api/catalog/locations/${mine.data.id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${admin}` },
      });
  }
});
