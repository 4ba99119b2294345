/*
 * Sign-in end to end over HTTP: a real OpenID provider (oidc-provider, in a
 * child process: it is ESM and Jest here is CommonJS) with the demo company's
 * people; the real auth and catalog backends on the embedded Postgres with
 * the demo company's org (catalog/org.yaml); Backstage's real auth services,
 * so the tokens are verified as in production. The test follows the
 * redirects, posts the provider's login form and keeps cookies, as a browser
 * does.
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  PassportOAuthAuthenticatorHelper,
  type PassportProfile,
} from '@backstage/plugin-auth-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import Router from 'express-promise-router';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import launchpadAuth from './index';
import { createEmailThenUsernameResolver } from './resolvers/emailThenUsername';
import { githubIdentity } from './resolvers/providerIdentities';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const CLIENT = {
  client_id: 'launchpad',
  client_secret: randomBytes(16).toString('hex'),
};
// The provider sends the browser back here; the test hands the answer to the
// test backend (which listens on a port only known once it runs).
const CALLBACK = 'http://localhost:7999/api/auth/oidc/handler/frame';
const CI_TOKEN = randomBytes(24).toString('base64url');
const CONTACT = 'group:default/platform, platform@northwind.example';

/** Starts packages/oidc-test-provider in a child process; resolves with its issuer. */
function startProvider(): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'packages/oidc-test-provider/src/main.mjs')],
    {
      env: {
        ...process.env,
        OIDC_TEST_CLIENTS: JSON.stringify([
          { ...CLIENT, redirect_uris: [CALLBACK] },
        ]),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const match = /issuer=(\S+)/.exec(out);
      if (match) resolve({ issuer: match[1], child });
    });
    child.once('exit', code =>
      reject(new Error(`the OIDC test provider exited with ${code}`)),
    );
  });
}

/** The smallest cookie jar that does: name=value per origin. */
class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();
  store(url: string, res: Response) {
    const jar = this.jars.get(new URL(url).origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.jars.set(new URL(url).origin, jar);
  }
  header(url: string) {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }
  /** Cookies set for one origin, sent to another (the callback's stand-in). */
  copy(from: string, to: string) {
    this.jars.set(
      new URL(to).origin,
      new Map(this.jars.get(new URL(from).origin)),
    );
  }
}

type AuthResponse = {
  response?: {
    profile: { email?: string; displayName?: string };
    backstageIdentity: {
      token: string;
      identity: { userEntityRef: string; ownershipEntityRefs: string[] };
    };
  };
  error?: { name: string; message: string };
};

/** A provider that hands the resolver a GitHub-shaped passport profile. */
const githubShapedProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'github-shaped-test-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'github-shaped',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              async defaultProfileTransform(result: {
                fullProfile: PassportProfile;
              }) {
                return PassportOAuthAuthenticatorHelper.defaultProfileTransform(
                  { fullProfile: result.fullProfile, session: {} as any },
                  {} as any,
                );
              },
              initialize: () => undefined,
              async authenticate({ req }) {
                const login = req.query.login as string | undefined;
                const email = req.query.email as string | undefined;
                const fullProfile = {
                  provider: 'github',
                  id: '583231',
                  displayName: login ?? '',
                  username: login,
                  emails: email !== undefined ? [{ value: email }] : undefined,
                } as PassportProfile;
                return { result: { fullProfile } };
              },
            }),
            signInResolver: createEmailThenUsernameResolver({
              providerTitle: 'GitHub',
              identify: info =>
                githubIdentity({ ...info, result: info.result as any }),
              contact: async () => CONTACT,
            }),
          }),
        });
      },
    });
  },
});

/** Another plugin, to see where a catalog-only token may not go. */
const probePlugin = createBackendPlugin({
  pluginId: 'probe',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = Router();
        router.get('/whoami', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user', 'service'],
          });
          res.json({ principal: credentials.principal.type });
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('sign-in', () => {
  let provider: { issuer: string; child: ChildProcess };
  let backend: TestBackend;
  let baseUrl: string;

  beforeAll(async () => {
    provider = await startProvider();
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              database: testDatabaseConfig(),
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: CI_TOKEN, subject: 'ci-catalog-reader' },
                    accessRestrictions: [{ plugin: 'catalog' }],
                  },
                ],
              },
            },
            launchpad: { localMode: true },
            auth: {
              environment: 'development',
              // the OIDC client keeps its state and nonce in a session
              session: { secret: randomBytes(16).toString('hex') },
              providers: {
                guest: {},
                'github-shaped': {},
                oidc: {
                  development: {
                    title: 'Keycloak',
                    metadataUrl: `${provider.issuer}/.well-known/openid-configuration`,
                    clientId: CLIENT.client_id,
                    clientSecret: CLIENT.client_secret,
                    callbackUrl: CALLBACK,
                    prompt: 'auto',
                  },
                },
              },
            },
            catalog: {
              processingInterval: { seconds: 1 },
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog/org.yaml'),
                  rules: [{ allow: ['User', 'Group'] }],
                },
              ],
            },
          },
        }),
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
        authPlugin,
        catalogPlugin,
        launchpadAuth,
        githubShapedProvider,
        probePlugin,
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
    // Ownership needs the org processed and stitched (memberOf relations).
    await waitFor(
      async () => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-name/user/default/marcus.chen`,
          {
            headers: { Authorization: `Bearer ${CI_TOKEN}` },
          },
        );
        const user = res.ok ? await res.json() : undefined;
        return user?.relations?.some((r: any) => r.type === 'memberOf')
          ? true
          : undefined;
      },
      { describe: () => 'the demo org in the catalog, with memberships' },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    if (provider && provider.child.exitCode === null) {
      const exited = new Promise(resolve =>
        provider.child.once('exit', resolve),
      );
      provider.child.kill('SIGTERM');
      await exited;
    }
  });

  /**
   * Signs in at the provider as `username` and returns what the backend's
   * popup page posts to the app (the OAuth "authorization_response").
   */
  async function signInWithOidc(username: string, password = 'northwind') {
    const jar = new CookieJar();
    let url = `${baseUrl}/api/auth/oidc/start?env=development&scope=${encodeURIComponent(
      'openid profile email',
    )}`;
    let method = 'GET';
    let body: string | undefined;
    let loginPages = 0;
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(CALLBACK)) {
        // the browser arrives at the backend's callback with the backend's cookies
        const target = `${baseUrl}${new URL(url).pathname}${
          new URL(url).search
        }`;
        jar.copy(baseUrl, target);
        url = target;
      }
      const res = await fetch(url, {
        method,
        body,
        redirect: 'manual',
        headers: {
          cookie: jar.header(url),
          ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
      });
      jar.store(url, res);
      method = 'GET';
      body = undefined;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).toString();
        continue;
      }
      const html = await res.text();
      const form = /<form method="post" action="([^"]+)"/.exec(html);
      if (form) {
        if (loginPages++ > 0) return { loginRefused: res.status, html };
        url = new URL(form[1], url).toString();
        method = 'POST';
        body = new URLSearchParams({ username, password }).toString();
        continue;
      }
      const message = /decodeURIComponent\('([^']*)'\)/.exec(html);
      if (!message)
        throw new Error(
          `unexpected page at ${url}: ${res.status} ${html.slice(0, 300)}`,
        );
      const answer = JSON.parse(decodeURIComponent(message[1])) as AuthResponse;
      return { answer, jar };
    }
    throw new Error('too many redirects');
  }

  it('signs a person in by email as their catalog user, with their groups from the catalog', async () => {
    const { answer } = await signInWithOidc('priya.nair');
    expect(answer?.error).toBeUndefined();
    const identity = answer!.response!.backstageIdentity.identity;
    expect(identity.userEntityRef).toBe('user:default/priya.nair');
    expect(identity.ownershipEntityRefs.sort()).toEqual([
      'group:default/checkout',
      'user:default/priya.nair',
    ]);
    expect(answer!.response!.profile).toMatchObject({
      email: 'priya.nair@northwind.example',
      displayName: 'Priya Nair',
    });
    // a real Backstage user token: the catalog accepts it
    const me = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/user/default/priya.nair`,
      {
        headers: {
          Authorization: `Bearer ${answer!.response!.backstageIdentity.token}`,
        },
      },
    );
    expect(me.status).toBe(200);
  });

  it('keeps the session: refresh with the cookie signs the same person in again', async () => {
    const { jar } = await signInWithOidc('raj.patel');
    const url = `${baseUrl}/api/auth/oidc/refresh?env=development`;
    const res = await fetch(url, {
      headers: {
        cookie: jar!.header(url),
        'X-Requested-With': 'XMLHttpRequest',
      },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/raj.patel',
    );
    expect(body.backstageIdentity.identity.ownershipEntityRefs).toContain(
      'group:default/platform',
    );
  });

  it('finds a person by username when the catalog does not know their email', async () => {
    const { answer } = await signInWithOidc('marcus.chen');
    expect(answer?.error).toBeUndefined();
    expect(answer!.response!.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/marcus.chen',
      ownershipEntityRefs: expect.arrayContaining(['group:default/checkout']),
    });
  });

  it('tells a person who is not in the catalog what happened and whom to ask', async () => {
    const { answer } = await signInWithOidc('zoe.quinn');
    expect(answer?.response).toBeUndefined();
    expect(answer?.error).toEqual({
      name: 'NotFoundError',
      message: `You signed in as zoe.quinn@northwind.example with Keycloak, but there is no person with that email or username in the catalog: ask the platform team (${CONTACT}) to add you.`,
    });
  });

  it('the provider refuses a wrong password (its own login page again)', async () => {
    const result = await signInWithOidc('priya.nair', 'wrong');
    expect(result.loginRefused).toBe(401);
    expect(result.html).toContain('Wrong username or password.');
  });

  describe('GitHub-shaped profiles (GitHub itself is not reachable from here)', () => {
    // The resolver gets what Backstage's GitHub authenticator produces (a
    // passport profile: login in `username`, public email in `emails`),
    // through a proxy provider, against the real catalog.
    const signIn = (login?: string, email?: string) =>
      request(backend.server)
        .get('/api/auth/github-shaped/refresh')
        .query({
          ...(login !== undefined && { login }),
          ...(email !== undefined && { email }),
        });

    it('email first, then the login as the catalog name', async () => {
      const byEmail = await signIn(
        'someone-else',
        'sofia.rossi@northwind.example',
      );
      expect(byEmail.status).toBe(200);
      expect(byEmail.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/sofia.rossi',
      );
      expect(
        byEmail.body.backstageIdentity.identity.ownershipEntityRefs,
      ).toContain('group:default/payments');

      const byLogin = await signIn(
        'grace.kim',
        'grace@users.noreply.github.com',
      );
      expect(byLogin.status).toBe(200);
      expect(byLogin.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/grace.kim',
      );

      const noEmail = await signIn('kenji.watanabe');
      expect(noEmail.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/kenji.watanabe',
      );
    });

    it('a login or email that is no catalog person is refused with the message, whatever it looks like', async () => {
      const hostile: Array<[string | undefined, string | undefined]> = [
        ['octocat', 'octocat@github.com'],
        ['group:default/platform', undefined], // a ref, not a name
        ['default/raj.patel', undefined],
        ['user:default/raj.patel', undefined],
        ['platform', undefined], // a group's name
        ['northwind', undefined],
        ['../raj.patel', undefined],
        ['raj.patel/..', undefined],
        ['raj.patel\n', undefined],
        [' raj.patel', undefined],
        ['raj.patel%00', undefined],
        ['raj.patel*', undefined],
        ['r'.repeat(300), undefined],
        ['', ''],
        [undefined, 'platform@northwind.example'], // a group's email
        [undefined, '*@northwind.example'],
        [undefined, '%'],
        [undefined, 'RAJ.PATEL'],
        [undefined, `${'a'.repeat(300)}@northwind.example`],
        [undefined, undefined],
      ];
      for (const [login, email] of hostile) {
        const res = await signIn(login, email);
        expect({ login, email, status: res.status }).toEqual({
          login,
          email,
          status: 404,
        });
        expect(res.body.error.message).toMatch(
          /^You signed in as .* with GitHub, but there is no person with that email or username in the catalog: ask the platform team \(.+\) to add you\.$/,
        );
      }
    });
  });

  describe('local-mode personas', () => {
    const persona = (id?: string) =>
      request(backend.server)
        .get('/api/auth/guest/refresh')
        .query(id === undefined ? {} : { persona: id });

    it.each([
      [undefined, 'user:default/priya.nair', 'group:default/checkout'],
      ['developer', 'user:default/priya.nair', 'group:default/checkout'],
      ['platform-engineer', 'user:default/raj.patel', 'group:default/platform'],
      ['manager', 'user:default/david.reyes', 'group:default/engineering'],
    ])('persona %s is %s, a member of %s', async (id, user, group) => {
      const res = await persona(id);
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity.userEntityRef).toBe(user);
      expect(res.body.backstageIdentity.identity.ownershipEntityRefs).toEqual([
        user,
        group,
      ]);
      expect(res.body.profile.displayName).toEqual(expect.any(String));
    });

    it('an unknown persona is a 400 naming the choices', async () => {
      for (const id of [
        'admin',
        'Developer',
        '',
        'developer ',
        '../developer',
        'x'.repeat(5000),
        'raj.patel',
      ]) {
        const res = await persona(id);
        expect({ id, status: res.status }).toEqual({ id, status: 400 });
        expect(res.body.error.message).toContain(
          'developer, platform-engineer, manager',
        );
      }
      const twice = await request(backend.server).get(
        '/api/auth/guest/refresh?persona=developer&persona=manager',
      );
      expect(twice.status).toBe(400);
      const nested = await request(backend.server).get(
        '/api/auth/guest/refresh?persona[a]=b',
      );
      expect(nested.status).toBe(400);
    });

    it('the sign-in page learns the personas and the real providers', async () => {
      const res = await request(backend.server).get(
        '/api/auth/launchpad/sign-in-options',
      );
      expect(res.status).toBe(200);
      expect(res.body.localMode).toBe(true);
      expect(res.body.personas.map((p: any) => [p.id, p.isDefault])).toEqual([
        ['developer', true],
        ['platform-engineer', false],
        ['manager', false],
      ]);
      expect(res.body.providers).toEqual([{ id: 'oidc', title: 'Keycloak' }]);
    });
  });

  describe('static external-access token for CI (limited to the catalog)', () => {
    const persona = (id: string) =>
      request(backend.server)
        .get('/api/auth/guest/refresh')
        .query({ persona: id });

    it('reads the catalog', async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/group/default/platform')
        .set('Authorization', `Bearer ${CI_TOKEN}`);
      expect(res.status).toBe(200);
    });

    it('is refused by another plugin', async () => {
      const res = await request(backend.server)
        .get('/api/probe/whoami')
        .set('Authorization', `Bearer ${CI_TOKEN}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        "restricted to plugin(s) 'catalog'",
      );
      // the probe does answer a service that may reach it
      const user = await persona('developer');
      const ok = await request(backend.server)
        .get('/api/probe/whoami')
        .set('Authorization', `Bearer ${user.body.backstageIdentity.token}`);
      expect(ok.status).toBe(200);
    });

    it('a wrong or tampered token is refused everywhere', async () => {
      for (const token of [`${CI_TOKEN}x`, CI_TOKEN.slice(1), 'null', '']) {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/group/default/platform')
          .set('Authorization', `Bearer ${token}`);
        expect({ token, status: res.status }).toEqual({ token, status: 401 });
      }
    });
  });
});

describe('outside local mode', () => {
  it('the persona provider signs no one in, even when configured', async () => {
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { database: testDatabaseConfig() },
            launchpad: { localMode: false },
            auth: {
              environment: 'production',
              providers: {
                guest: { userEntityRef: 'user:default/priya.nair' },
              },
            },
          },
        }),
        authPlugin,
        launchpadAuth,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    for (const query of [
      '',
      '?persona=developer',
      '?persona=platform-engineer',
    ]) {
      const res = await request(backend.server).get(
        `/api/auth/guest/refresh${query}`,
      );
      expect({ query, status: res.status }).toEqual({ query, status: 403 });
      expect(res.body.error.message).toContain('only in local mode');
    }
    const options = await request(backend.server).get(
      '/api/auth/launchpad/sign-in-options',
    );
    expect(options.body).toEqual({
      localMode: false,
      personas: [],
      providers: [],
    });
    // not configured at all: Backstage has no such provider
    const oidc = await request(backend.server).get(
      '/api/auth/oidc/start?env=production',
    );
    expect(oidc.status).toBe(404);
    await backend.stop();
  });
});
