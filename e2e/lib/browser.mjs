// Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import path from 'node:path';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium for the journeys: no sandbox (containers), no GPU, no
 * background traffic. `extraArgs` adds flags (e.g. a host resolver rule).
 * @param {string[]} [extraArgs]
 */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

export async function openPortal() {
  const browser = await launchChromium();
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
      await page.screenshot({
        path: path.join(
          process.env.E2E_ARTIFACTS ?? 'e2e/artifacts',
          `${name}.png`,
        ),
        fullPage: true,
      });
    },
    close: () => browser.close(),
  };
}
