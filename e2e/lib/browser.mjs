// Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import path from 'node:path';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function openPortal() {
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const context = await browser.newContext({
    baseURL: process.env.PORTAL_URL ?? 'http://localhost:7007',
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  return {
    browser,
    page,
    errors,
    async screenshot(name) {
      await page.screenshot({ path: path.join(process.env.E2E_ARTIFACTS ?? 'e2e/artifacts', `${name}.png`), fullPage: true });
    },
    close: () => browser.close(),
  };
}
