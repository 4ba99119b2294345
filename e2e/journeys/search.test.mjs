// Search in real Chromium: queries typed into the search page's box, and the
// result that must come first (exact name, words of it, tag, a person), over
// the demo catalog indexed in Postgres.
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

/** The titles of the result links on the search page, in order. */
async function resultTitles(page) {
  const links = page.locator('a[href*="/catalog/default/"]');
  await links.first().waitFor();
  return (await links.allInnerTexts())
    .map(t => t.split('\n')[0].trim())
    .filter(Boolean);
}

const table = [
  ['payments-service', 'Payments service'],
  ['payments service', 'Payments service'],
  ['fraud screening', 'Fraud screening service'],
  ['opensearch', 'Search indexer'],
  ['graphql', 'Mobile BFF'],
  ['payment-events', 'Payment events (Kafka)'],
];

test('finds by exact name, words of the name and tag, best match first', async () => {
  const { page } = portal;
  await page.goto('/search');
  const box = page.getByRole('textbox').first();
  let shot = 0;
  for (const [query, first] of table) {
    await box.fill(query);
    await box.press('Enter');
    await page.waitForURL(
      url => new URL(url).searchParams.get('query') === query,
    );
    await page
      .getByRole('link', { name: first, exact: false })
      .first()
      .waitFor();
    const titles = await resultTitles(page);
    assert.equal(
      titles[0],
      first,
      `"${query}": first result ${JSON.stringify(titles.slice(0, 3))}`,
    );
    if (shot++ < 2)
      await portal.screenshot(`75-search-${query.replace(/[^a-z0-9]+/g, '-')}`);
  }
});

test('survives hostile queries', async () => {
  const { page } = portal;
  for (const query of [
    "'",
    '\\',
    'a & | ! <->',
    "'; DROP TABLE documents; --",
    '<script>alert(1)</script>',
  ]) {
    await page.goto(`/search?query=${encodeURIComponent(query)}`);
    await page.getByRole('textbox').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(
      await page.getByText(/Error|500/).count(),
      0,
      `"${query}" shows an error`,
    );
  }
});

test('raised no uncaught page errors', () => {
  assert.deepEqual(portal.errors, []);
});
