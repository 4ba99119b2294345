// Figures for the frontend's speed in real Chromium. Prints, never asserts.
//   node bench/frontend-speed.mjs [--runs N] [--url http://localhost:7007]
// Without --url it starts its own portal (built frontend + backend on the
// embedded Postgres with the demo catalog and demo clusters) on
// FRONTEND_SPEED_PORT (7067) / FRONTEND_SPEED_POSTGRES_PORT (54362).
// For home, catalog, an entity page, create and a Kubernetes tab it measures:
// - first visit: a fresh browser (empty cache) opens the address; the time
//   until the page's own content shows (the page is usable), p50/p95
// - in-app navigation: in a loaded app, a click on the link to the page;
//   the time until its content shows, p50/p95
// and, to find the biggest cause when slow: the JavaScript a first visit
// downloads, and the slowest API calls of first visits. Goals: first visit
// <= 2.5 s, navigation <= 500 ms. The machine's load average is printed with
// the figures: they mean little on a busy machine without it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensurePostgres,
  startBackend,
  startDemoClusters,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { launchChromium } from '../e2e/lib/browser.mjs';
import { guestToken, waitForCatalog } from '../e2e/lib/portalApi.mjs';
import { loadAverage, summarize } from './lib.mjs';

const arg = name => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs')) || 5;
const GOAL_FIRST = 2500;
const GOAL_NAV = 500;

/**
 * The pages, each with its address, what shows when it is usable, and how a
 * user gets there inside the app (from the page before it in this list).
 */
const PAGES = [
  {
    name: 'home',
    path: '/',
    ready: page =>
      page
        .getByTestId('home-team-services')
        .getByTestId('team-service-checkout-service'),
    navigate: page => page.getByRole('link', { name: 'Home' }).first().click(),
  },
  {
    name: 'catalog',
    path: '/catalog',
    ready: page => page.getByRole('link', { name: 'Checkout service' }).first(),
    navigate: page =>
      page.getByRole('link', { name: 'Catalog' }).first().click(),
  },
  {
    name: 'entity page',
    path: '/catalog/default/component/checkout-service',
    ready: page => page.getByText('Owns baskets and the checkout flow').first(),
    navigate: page =>
      page.getByRole('link', { name: 'Checkout service' }).first().click(),
  },
  {
    name: 'kubernetes tab',
    path: '/catalog/default/component/checkout-service/kubernetes',
    ready: page => page.getByText('What runs where').first(),
    navigate: page =>
      page.getByRole('link', { name: 'Kubernetes', exact: true }).click(),
  },
  {
    name: 'create',
    path: '/create',
    ready: page => page.getByText(/Node\.js/).first(),
    navigate: page =>
      page.getByRole('link', { name: 'Create' }).first().click(),
  },
];

async function startPortal() {
  const port = Number(process.env.FRONTEND_SPEED_PORT ?? 7067);
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'launchpad-frontend-speed-'),
  );
  const pg = await ensurePostgres({
    dataDir: path.join(dir, 'pg'),
    port: Number(process.env.FRONTEND_SPEED_POSTGRES_PORT ?? 54362),
    log: () => {},
  });
  const clusters = await startDemoClusters({
    configFile: path.join(dir, 'demo-clusters.yaml'),
  });
  const backend = startBackend({
    port,
    configs: [clusters.configFile],
    env: { ...pg.env, APP_CONFIG_gitHosting_root: path.join(dir, 'git') },
    stdio: 'pipe',
  });
  const log = fs.createWriteStream(path.join(dir, 'backend.log'));
  backend.child.stdout.pipe(log);
  backend.child.stderr.pipe(log);
  await waitForReady(backend.baseUrl, { child: backend.child });
  return {
    baseUrl: backend.baseUrl,
    async stop() {
      await backend.stop();
      await clusters.stop();
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const portal = arg('--url')
  ? { baseUrl: arg('--url'), stop: async () => {} }
  : await startPortal();
const token = await guestToken(portal.baseUrl);
await waitForCatalog(portal.baseUrl, token);

const browser = await launchChromium();
const first = new Map(PAGES.map(p => [p.name, []]));
const navigation = new Map(PAGES.map(p => [p.name, []]));
const jsBytes = [];
const apiCalls = new Map(); // path -> durations (ms)

/** A fresh browser context: empty cache, signed in on its first page like a new visitor. */
async function freshPage() {
  const context = await browser.newContext({
    baseURL: portal.baseUrl,
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(60_000);
  return context.newPage();
}

async function firstVisit(spec) {
  const page = await freshPage();
  const start = Date.now();
  await page.goto(spec.path, { waitUntil: 'commit' });
  await spec.ready(page).waitFor();
  const elapsed = Date.now() - start;
  // What the visit downloaded and waited for (Resource Timing of the page)
  const resources = await page.evaluate(() =>
    performance.getEntriesByType('resource').map(r => ({
      name: r.name,
      type: r.initiatorType,
      bytes: r.encodedBodySize,
      duration: r.duration,
    })),
  );
  if (spec.name === 'home') {
    jsBytes.push(
      resources
        .filter(r => /\.js(\?|$)/.test(r.name))
        .reduce((n, r) => n + r.bytes, 0),
    );
  }
  for (const r of resources) {
    const url = new URL(r.name);
    if (!url.pathname.startsWith('/api/')) continue;
    const key = `${spec.name}: ${url.pathname.replace(
      /\/[0-9a-f-]{20,}/g,
      '/:id',
    )}`;
    apiCalls.set(key, [...(apiCalls.get(key) ?? []), r.duration]);
  }
  await page.context().close();
  return elapsed;
}

async function navigationChain() {
  const page = await freshPage();
  await page.goto('/');
  await PAGES[0].ready(page).waitFor();
  // home -> catalog -> entity -> kubernetes tab -> create -> home
  for (const spec of [...PAGES.slice(1), PAGES[0]]) {
    const start = Date.now();
    await spec.navigate(page);
    await spec.ready(page).waitFor();
    navigation.get(spec.name).push(Date.now() - start);
  }
  await page.context().close();
}

const loadBefore = loadAverage();
console.log(
  `frontend speed: ${runs} runs against ${portal.baseUrl}, ${
    os.cpus().length
  } CPUs, load average before: ${loadBefore}`,
);
try {
  // One unmeasured pass: the backend's first answers (caches, JIT) are not a user's
  await firstVisit(PAGES[0]);
  jsBytes.length = 0;
  apiCalls.clear();
  for (let i = 0; i < runs; i++) {
    for (const spec of PAGES) first.get(spec.name).push(await firstVisit(spec));
    await navigationChain();
  }
} finally {
  await browser.close();
  await portal.stop();
}

const row = (label, samples, goal) => {
  const s = summarize(samples);
  const verdict = s.p95 <= goal ? 'within goal' : `over the ${goal} ms goal`;
  return `  ${label.padEnd(16)} p50 ${String(s.p50).padStart(
    6,
  )} ms  p95 ${String(s.p95).padStart(6)} ms  max ${String(s.max).padStart(
    6,
  )} ms  (${verdict})`;
};
console.log(
  `\nfirst visit, until the page's content shows (goal <= ${GOAL_FIRST} ms):`,
);
for (const spec of PAGES)
  console.log(row(spec.name, first.get(spec.name), GOAL_FIRST));
console.log(`\nin-app navigation, click to content (goal <= ${GOAL_NAV} ms):`);
for (const spec of PAGES)
  console.log(row(spec.name, navigation.get(spec.name), GOAL_NAV));
const js = summarize(jsBytes);
console.log(
  `\nJavaScript downloaded by a first visit of home: ${(
    js.p50 /
    1024 /
    1024
  ).toFixed(2)} MB (compressed as served)`,
);
console.log('slowest API calls during first visits (p50 / p95):');
for (const [key, durations] of [...apiCalls]
  .map(([k, d]) => [k, summarize(d)])
  .sort((a, b) => b[1].p50 - a[1].p50)
  .slice(0, 8)) {
  console.log(
    `  ${key.padEnd(70)} ${durations.p50.toFixed(0)} / ${durations.p95.toFixed(
      0,
    )} ms (n=${durations.n})`,
  );
}
console.log(`\nload average before: ${loadBefore}; after: ${loadAverage()}`);
process.exit(0);
