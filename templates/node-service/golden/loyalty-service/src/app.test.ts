import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Config } from './config.js';
import { createLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';

const config: Config = { port: 0, logLevel: 'error', shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 };
const quiet = createLogger('error', () => {});

describe('loyalty-service HTTP API', () => {
  let running: RunningServer;
  let base: string;

  before(async () => {
    running = await startServer(config, quiet);
    base = `http://127.0.0.1:${running.port}`;
  });
  after(() => running.stop());

  it('reports healthy and ready', async () => {
    const healthz = await fetch(`${base}/healthz`);
    assert.equal(healthz.status, 200);
    assert.deepEqual(await healthz.json(), { status: 'ok' });
    const readyz = await fetch(`${base}/readyz`);
    assert.equal(readyz.status, 200);
  });

  it('creates an item, then lists and gets it', async () => {
    const created = await fetch(`${base}/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '  Loyalty card  ', description: 'Stamp after each order' }),
    });
    assert.equal(created.status, 201);
    const item = (await created.json()) as { id: string; name: string; description: string };
    assert.equal(item.name, 'Loyalty card');
    assert.equal(created.headers.get('location'), `/v1/items/${item.id}`);

    const list = (await (await fetch(`${base}/v1/items`)).json()) as { items: { id: string }[] };
    assert.ok(list.items.some(i => i.id === item.id));

    const got = await fetch(`${base}/v1/items/${item.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(await got.json(), item);
  });

  it('answers problems as application/problem+json', async () => {
    const missing = await fetch(`${base}/v1/items/does-not-exist`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json');
    assert.equal(((await missing.json()) as { status: number }).status, 404);

    const invalid = await fetch(`${base}/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '' }),
    });
    assert.equal(invalid.status, 400);

    const notJson = await fetch(`${base}/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    assert.equal(notJson.status, 400);

    const wrongType = await fetch(`${base}/v1/items`, { method: 'POST', body: 'name=x' });
    assert.equal(wrongType.status, 415);

    const tooLarge = await fetch(`${base}/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }),
    });
    assert.equal(tooLarge.status, 413);

    const wrongMethod = await fetch(`${base}/v1/items`, { method: 'DELETE' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET, POST');

    assert.equal((await fetch(`${base}/nope`)).status, 404);
  });
});

describe('graceful shutdown', () => {
  it('reports not ready while draining, then stops accepting connections', async () => {
    const running = await startServer({ ...config, shutdownDelayMs: 200 }, quiet);
    const base = `http://127.0.0.1:${running.port}`;
    const stopped = running.stop();

    const readyz = await fetch(`${base}/readyz`);
    assert.equal(readyz.status, 503, 'not ready as soon as shutdown starts');
    assert.equal((await fetch(`${base}/healthz`)).status, 200, 'still serving during the delay');

    await stopped;
    await assert.rejects(fetch(`${base}/healthz`), 'no longer accepting connections');
  });
});
