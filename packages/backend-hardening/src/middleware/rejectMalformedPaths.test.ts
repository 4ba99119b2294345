import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { createHardenedErrorHandler } from '../errors/createHardenedErrorHandler';
import { rejectMalformedPaths } from './rejectMalformedPaths';

function app() {
  const a = express();
  a.use(rejectMalformedPaths());
  a.get('/api/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  a.use(
    createHardenedErrorHandler({
      logger: mockServices.logger.mock(),
      localMode: false,
    }),
  );
  return a;
}

describe('rejectMalformedPaths', () => {
  const malformed: Array<[string, RegExp]> = [
    ['%ZZ', /malformed percent-encoding/],
    ['%', /malformed percent-encoding/],
    ['abc%2', /malformed percent-encoding/],
    ['%C3%28', /malformed percent-encoding/],
    ['%E0%A4%A', /malformed percent-encoding/],
    ['%FF%FE', /malformed percent-encoding/],
    ['%00', /control character/],
    ['a%00b', /control character/],
    ['%0A', /control character/],
    ['%0d%0aSet-Cookie:x', /control character/],
    ['%1F', /control character/],
    ['%7F', /control character/],
  ];
  it.each(malformed)(
    'answers /api/things/%s with a 400 naming the problem',
    async (id, message) => {
      const res = await request(app()).get(`/api/things/${id}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    },
  );

  const fine = [
    'abc',
    'caf%C3%A9',
    '%E2%9C%93',
    '..%2f..%2fetc',
    "a'%20or%201=1",
    'x'.repeat(10_000),
    '-rf',
    '%5B%5D',
  ];
  it.each(fine)('lets /api/things/%s through', async id => {
    const res = await request(app()).get(`/api/things/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(decodeURIComponent(id));
  });

  it('leaves the query string to the query parser', async () => {
    const res = await request(app()).get('/api/things/abc?q=%ZZ&r=%0A&s=%2500');
    expect(res.status).toBe(200);
  });

  it.each(['q=%00', 'q=a%00b', 'filter=kind%3Dx%00', 'a%00=1'])(
    'refuses a NUL in the query string (%s)',
    async query => {
      const res = await request(app()).get(`/api/things/abc?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/NUL character/);
    },
  );
});
