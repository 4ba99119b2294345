import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Config } from './config.js';
import { createLogger } from './logger.js';
import { REQUEST_ID_PATTERN } from './requestId.js';
import { startServer, type RunningServer } from './server.js';

const config: Config = { port: 0, metricsPort: 0, logLevel: 'error', shutdownDelayMs: 0, shutdownTimeoutMs: 1_000 };
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

describe('metrics', () => {
  let running: RunningServer;
  let base: string;
  let metricsUrl: string;

  before(async () => {
    running = await startServer(config, quiet);
    base = `http://127.0.0.1:${running.port}`;
    metricsUrl = `http://127.0.0.1:${running.metricsPort}/metrics`;
  });
  after(() => running.stop());

  it('serves Prometheus text with default and request metrics, by route template', async () => {
    const created = await fetch(`${base}/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Counted' }),
    });
    const { id } = (await created.json()) as { id: string };
    await fetch(`${base}/v1/items/${id}`);
    await fetch(`${base}/v1/items/no-such-item`);

    const res = await fetch(metricsUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    for (const metric of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      assert.match(body, new RegExp(`^${metric} `, 'm'), `default metric ${metric}`);
    }
    assert.match(body, /^# TYPE http_requests_total counter$/m);
    assert.match(body, /^http_requests_total\{method="POST",route="\/v1\/items",status="201"\} 1$/m);
    assert.match(body, /^http_requests_total\{method="GET",route="\/v1\/items\/\{id\}",status="200"\} 1$/m);
    assert.match(body, /^http_requests_total\{method="GET",route="\/v1\/items\/\{id\}",status="404"\} 1$/m);
    assert.match(body, /^http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/v1\/items",status="201"\} 1$/m);
    assert.ok(!body.includes(id) && !body.includes('no-such-item'), 'ids in paths never become labels');
  });

  it('is not on the API port, and the metrics port serves nothing else', async () => {
    assert.equal((await fetch(`${base}/metrics`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${running.metricsPort}/v1/items`)).status, 404);
    assert.equal((await fetch(metricsUrl, { method: 'POST' })).status, 404);
  });
});

/** One request over a raw socket, so header values fetch() would refuse reach the server as bytes. */
function rawGet(port: number, requestIdHeader: string): Promise<{ status: number; requestId: string | undefined }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', chunk => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[0] ?? '';
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const requestId = /^x-request-id: (.*)$/im.exec(head)?.[1];
      resolve({ status, requestId });
    });
    socket.end(
      Buffer.from(`GET /v1/items HTTP/1.1\r\nHost: test\r\nX-Request-Id: ${requestIdHeader}\r\nConnection: close\r\n\r\n`, 'utf8'),
    );
  });
}

describe('request ids', () => {
  let running: RunningServer;
  let base: string;
  const lines: string[] = [];

  before(async () => {
    running = await startServer(config, createLogger('debug', line => lines.push(line)));
    base = `http://127.0.0.1:${running.port}`;
  });
  after(() => running.stop());

  const requestLines = () =>
    lines.map(line => JSON.parse(line) as Record<string, unknown>).filter(entry => entry.message === 'request');

  it('echoes an acceptable X-Request-Id and logs it', async () => {
    for (const id of ['3f9c2a4e-5b7d-4c1e-9a8b-0d6e2f1a7c93', '01HZX3K9Q8W7E6R5T4Y3U2I1O0', 'edge-7.trace:42_x', 'a'.repeat(128)]) {
      lines.length = 0;
      const res = await fetch(`${base}/v1/items`, { headers: { 'x-request-id': id } });
      assert.equal(res.headers.get('x-request-id'), id);
      assert.deepEqual(requestLines().map(entry => entry.requestId), [id]);
    }
  });

  it('creates an id when there is none, a new one per request', async () => {
    lines.length = 0;
    const first = (await fetch(`${base}/v1/items`)).headers.get('x-request-id');
    const second = (await fetch(`${base}/nope`)).headers.get('x-request-id');
    assert.match(first ?? '', REQUEST_ID_PATTERN);
    assert.match(second ?? '', REQUEST_ID_PATTERN);
    assert.notEqual(first, second);
    assert.deepEqual(requestLines().map(entry => entry.requestId), [first, second]);
  });

  // Whatever a caller sends, the id we echo and log is one we accept: a
  // replaced id, or Node refusing the request outright (400, never logged).
  const hostile: Record<string, string> = {
    'too long (10 kB)': 'a'.repeat(10 * 1024),
    'one over the cap': 'a'.repeat(129),
    'empty': '',
    'bare CR': 'abc\rSet-Cookie: x=1',
    'bare LF': 'abc\nSet-Cookie: x=1',
    'NUL': 'abc\u0000def',
    'escape sequence': '\u001b[31mred',
    'unicode letters': 'ünïcödé',
    'emoji': '💥💥💥',
    'right-to-left override': 'abc\u202edef',
    'JSON breaking quote': 'abc","level":"error',
    'HTML': '<script>alert(1)</script>',
    'spaces': 'a b c',
    'tab': 'a\tb',
    'percent-encoded CRLF': 'abc%0d%0aX-Evil:%201',
    'path traversal': '../../etc/passwd',
    'comma list': 'one,two',
    'JNDI lookup': '${jndi:ldap://x/a}',
  };
  for (const [name, value] of Object.entries(hostile)) {
    it(`never echoes or logs a hostile id: ${name}`, async () => {
      lines.length = 0;
      const { status, requestId } = await rawGet(running.port, value);
      if (status === 400 && requestId === undefined) {
        assert.deepEqual(requestLines(), [], 'a request Node refused never reaches the app');
        return;
      }
      assert.equal(status, 200);
      assert.match(requestId ?? '', REQUEST_ID_PATTERN);
      assert.notEqual(requestId, value);
      const logged = requestLines();
      assert.equal(logged.length, 1);
      assert.equal(logged[0]?.requestId, requestId);
      if (value.length > 2) {
        assert.ok(!lines.some(line => line.includes(value)), 'the hostile value is nowhere in the logs');
      }
    });
  }

  it('puts the id on every line of a child logger, whatever the level', () => {
    const out: string[] = [];
    const log = createLogger('debug', line => out.push(line)).child({ requestId: 'r-1' });
    log.debug('a');
    log.error('b', { requestId: 'forged' });
    assert.deepEqual(out.map(line => (JSON.parse(line) as { requestId: string }).requestId), ['r-1', 'r-1']);
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
