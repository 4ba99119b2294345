import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { SignJWT } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CachingUserInfoService,
  USER_INFO_TTL_MS,
} from './cachingUserInfoServiceFactory';

/** A stand-in for the auth backend's /v1/userinfo that counts its calls; its answers are set per test. */
let calls = 0;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const server = http.createServer((_req, res) => {
  calls += 1;
  res.writeHead(answer.status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(answer.body));
});
let baseUrl: string;
beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/auth`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});
beforeEach(() => {
  calls = 0;
  answer = {
    status: 200,
    body: {
      claims: {
        sub: 'user:default/priya.nair',
        ent: ['user:default/priya.nair', 'group:default/checkout'],
      },
    },
  };
});

const discovery = {
  getBaseUrl: async () => baseUrl,
  getExternalBaseUrl: async () => baseUrl,
};
const key = new TextEncoder().encode('x'.repeat(32));
async function token(
  claims: Record<string, unknown>,
  expiresInSeconds = 3600,
  nowSeconds = Math.floor(Date.now() / 1000),
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user:default/priya.nair')
    .setExpirationTime(nowSeconds + expiresInSeconds)
    .sign(key);
}
const user = (t: string) =>
  ({
    $$type: '@backstage/BackstageCredentials',
    version: 'v1',
    token: t,
    principal: { type: 'user', userEntityRef: 'user:default/priya.nair' },
  } as unknown as BackstageCredentials);

describe('CachingUserInfoService', () => {
  it('asks the auth backend once per token within the TTL, and again after it', async () => {
    let now = Date.now();
    const service = new CachingUserInfoService(discovery, () => now);
    const t = await token({});
    const first = await service.getUserInfo(user(t));
    expect(first).toEqual({
      userEntityRef: 'user:default/priya.nair',
      ownershipEntityRefs: [
        'user:default/priya.nair',
        'group:default/checkout',
      ],
    });
    await Promise.all(
      Array.from({ length: 20 }, () => service.getUserInfo(user(t))),
    );
    expect(calls).toBe(1);
    // membership changed on the auth side: seen once the TTL is over, never later
    answer = {
      status: 200,
      body: {
        claims: { ent: ['user:default/priya.nair', 'group:default/payments'] },
      },
    };
    now += USER_INFO_TTL_MS - 1;
    expect((await service.getUserInfo(user(t))).ownershipEntityRefs).toContain(
      'group:default/checkout',
    );
    now += 2;
    expect((await service.getUserInfo(user(t))).ownershipEntityRefs).toEqual([
      'user:default/priya.nair',
      'group:default/payments',
    ]);
    expect(calls).toBe(2);
  });

  it('keeps nothing past the token\u2019s expiry, and each token to itself', async () => {
    const nowMs = Date.now();
    const service = new CachingUserInfoService(discovery, () => nowMs);
    const expiring = await token({}, 5, Math.floor(nowMs / 1000));
    await service.getUserInfo(user(expiring));
    const other = await token({ other: true });
    await service.getUserInfo(user(other));
    expect(calls).toBe(2);
    const expired = await token({}, -10, Math.floor(nowMs / 1000));
    await service.getUserInfo(user(expired));
    await service.getUserInfo(user(expired));
    expect(calls).toBe(4);
  });

  it('uses the token\u2019s own ent claim without asking', async () => {
    const service = new CachingUserInfoService(discovery);
    const info = await service.getUserInfo(
      user(
        await token({ ent: ['user:default/priya.nair', 'group:default/data'] }),
      ),
    );
    expect(info.ownershipEntityRefs).toEqual([
      'user:default/priya.nair',
      'group:default/data',
    ]);
    expect(calls).toBe(0);
  });

  it.each([
    [
      {
        status: 401,
        body: { error: { name: 'AuthenticationError', message: 'bad token' } },
      },
      /401|bad token/,
    ],
    [
      { status: 200, body: { claims: { ent: 'group:default/platform' } } },
      /array of strings/,
    ],
    [{ status: 200, body: { claims: { ent: [1, {}] } } }, /array of strings/],
    [{ status: 200, body: { claims: {} } }, /array of strings/],
  ])(
    'fails on a bad answer (%j) and never caches the failure',
    async (bad, message) => {
      const service = new CachingUserInfoService(discovery);
      const t = await token({});
      answer = bad;
      await expect(service.getUserInfo(user(t))).rejects.toThrow(message);
      answer = {
        status: 200,
        body: { claims: { ent: ['user:default/priya.nair'] } },
      };
      await new Promise(r => setImmediate(r));
      expect((await service.getUserInfo(user(t))).ownershipEntityRefs).toEqual([
        'user:default/priya.nair',
      ]);
      expect(calls).toBe(2);
    },
  );

  it('refuses credentials that are not a user\u2019s, and tokens that are not JWTs', async () => {
    const service = new CachingUserInfoService(discovery);
    const svc = {
      ...user('x'),
      principal: { type: 'service', subject: 'plugin:catalog' },
    } as unknown as BackstageCredentials;
    await expect(service.getUserInfo(svc)).rejects.toThrow(
      'Only user credentials',
    );
    for (const bad of ['not-a-jwt', '', 'a.b.c', `${'e30'}.${'e30'}.`]) {
      await expect(service.getUserInfo(user(bad))).rejects.toThrow();
    }
    expect(calls).toBe(0);
  });
});
