import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createHardenedErrorHandler } from '../errors/createHardenedErrorHandler';
import { capRequestBodies } from './capRequestBodies';

const MAX = 1000;

function app() {
  const a = express();
  a.use(
    capRequestBodies({
      maxBodyBytes: MAX,
      exemptContentTypes: ['application/x-git-upload-pack-request'],
    }),
  );
  a.post('/json', express.json({ limit: '10mb' }), (req, res) => {
    res.json({ received: JSON.stringify(req.body).length });
  });
  a.post('/raw', express.raw({ type: '*/*', limit: '10mb' }), (req, res) => {
    res.json({ received: (req.body as Buffer).length });
  });
  a.use(
    createHardenedErrorHandler({
      logger: mockServices.logger.mock(),
      localMode: false,
    }),
  );
  return a;
}

describe('capRequestBodies', () => {
  const oversized: Array<[string, string, string | Buffer]> = [
    ['/json', 'application/json', JSON.stringify({ a: 'x'.repeat(MAX) })],
    [
      '/json',
      'application/json; charset=utf-8',
      JSON.stringify(['x'.repeat(MAX)]),
    ],
    ['/raw', 'text/plain', 'x'.repeat(MAX + 1)],
    ['/raw', 'application/octet-stream', Buffer.alloc(MAX * 5)],
    ['/raw', 'application/x-www-form-urlencoded', `a=${'x'.repeat(MAX)}`],
    [
      '/raw',
      'application/vnd.backstage+json',
      JSON.stringify({ a: 'x'.repeat(MAX) }),
    ],
  ];
  it.each(oversized)(
    'answers %s with a %s body over the cap 413, naming size and cap',
    async (route, type, body) => {
      const res = await request(app())
        .post(route)
        .set('Content-Type', type)
        .send(body);
      expect(res.status).toBe(413);
      expect(res.body.error.message).toMatch(
        /^The request body is [\d,]+ bytes; this server accepts at most 1,000 bytes per request$/,
      );
    },
  );

  it('accepts a body of exactly the cap', async () => {
    const res = await request(app())
      .post('/raw')
      .set('Content-Type', 'text/plain')
      .send('x'.repeat(MAX));
    expect(res.status).toBe(200);
    expect(res.body.received).toBe(MAX);
  });

  it('leaves exempt content types to their route', async () => {
    const res = await request(app())
      .post('/raw')
      .set('Content-Type', 'application/x-git-upload-pack-request')
      .send(Buffer.alloc(MAX * 3));
    expect(res.status).toBe(200);
    expect(res.body.received).toBe(MAX * 3);
  });

  /** Sends a request with raw headers (supertest always sets a length). */
  async function raw(headers: Record<string, string>, chunks: string[]) {
    const server = app().listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise<{ status: number; body: any }>(
        (resolve, reject) => {
          const req = http.request(
            { port, method: 'POST', path: '/json', headers },
            res => {
              let text = '';
              res.on('data', c => (text += c));
              res.on('end', () =>
                resolve({ status: res.statusCode!, body: JSON.parse(text) }),
              );
            },
          );
          req.on('error', reject);
          for (const c of chunks) req.write(c);
          req.end();
        },
      );
    } finally {
      server.close();
    }
  }

  it.each([
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
  ])('refuses a chunked %s body with 411', async type => {
    const res = await raw(
      { 'Content-Type': type, 'Transfer-Encoding': 'chunked' },
      ['{"a":', '1}'],
    );
    expect(res.status).toBe(411);
    expect(res.body.error.message).toMatch(/must declare its Content-Length/);
  });
});
