import os from 'node:os';
import path from 'node:path';
import { scrubServerDetails } from './scrubServerDetails';

describe('scrubServerDetails', () => {
  const leaks = [
    path.join(process.cwd(), 'packages/backend/src/index.ts'),
    path.join(os.homedir(), '.config/secret'),
    path.join(os.tmpdir(), 'launchpad-xyz/file'),
    '/work/main/node_modules/@backstage/plugin-catalog-backend/dist/index.cjs.js:12:3',
    '/root/.npmrc',
    '/etc/passwd',
    '/var/lib/postgres/data',
    'file:///home/app/secret.yaml',
    'C:\\Users\\dev\\app\\index.js',
    'webpack:/node_modules/foo/bar.js',
  ];
  it.each(leaks)('removes %s', leak => {
    const out = scrubServerDetails(
      `failed at '${leak}': see (${leak}) and ${leak}`,
    );
    expect(out).not.toContain(leak);
    expect(out).toContain('<server path>');
  });

  it('takes linear time on long texts without separators (no regex backtracking)', () => {
    // Was quadratic: a 10k-character id echoed in a message stalled the event loop.
    const long = 'x'.repeat(1_000_000);
    for (const text of [
      long,
      `/work/${long}`,
      `${long}node_modules`,
      `file:${long}`,
    ]) {
      const out = scrubServerDetails(text);
      expect(out.length).toBeLessThanOrEqual(2010);
    }
  });

  it('cuts long messages', () => {
    expect(scrubServerDetails('y'.repeat(5000))).toBe(
      `${'y'.repeat(2000)}… (cut)`,
    );
  });

  it('removes stack frame lines', () => {
    expect(
      scrubServerDetails(
        'Boom\n    at fn (/x/y.js:1:2)\n    at Object.<anonymous> (internal/z.js:3:4)',
      ),
    ).toBe('Boom');
  });

  const kept = [
    'url:http://localhost:7007/api/git/checkout/x/raw/main/catalog-info.yaml',
    'https://github.com/org/repo/blob/main/catalog-info.yaml',
    'component:default/payments-service',
    'Repository checkout/loyalty-service already exists',
    'GET /api/catalog/entities',
  ];
  it.each(kept)('keeps %s', text => {
    expect(scrubServerDetails(text)).toBe(text);
  });
});
