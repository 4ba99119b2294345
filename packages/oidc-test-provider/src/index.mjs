/**
 * A real OpenID Connect provider for tests and e2e journeys: the certified
 * `oidc-provider` package, on a free port of 127.0.0.1, with the demo
 * company's people as accounts and its own small login page (username and
 * password), so a test signs in exactly as a person does against Keycloak,
 * Entra ID or Okta. Consent is implied (a first-party client).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';
import { demoAccounts } from './accounts.mjs';
import { loginPage } from './loginPage.mjs';

export { demoAccounts, DEMO_PASSWORD } from './accounts.mjs';

/**
 * @typedef {{ sub: string, email: string, name: string, preferred_username: string, password: string }} Account
 * @typedef {{ client_id: string, client_secret: string, redirect_uris: string[] }} Client
 * @typedef {{ port?: number, clients: Client[], accounts?: Account[] }} StartOptions
 */

/** Reads an urlencoded form body (small: a login form). */
function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf-8');
    req.on('data', chunk => {
      body += chunk;
      if (body.length > 10_000) {
        reject(new Error('form too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

/**
 * Starts the provider; resolves once it listens.
 * @param {StartOptions} options
 * @returns {Promise<{ issuer: string, stop: () => Promise<void> }>}
 */
export async function startOidcTestProvider({
  port = 0,
  clients,
  accounts = demoAccounts,
}) {
  const byId = new Map(accounts.map(a => [a.sub, a]));
  const byUsername = new Map(accounts.map(a => [a.preferred_username, a]));

  const server = http.createServer();
  await new Promise(resolve =>
    server.listen(port, '127.0.0.1', () => resolve(undefined)),
  );
  const address = /** @type {import('node:net').AddressInfo} */ (
    server.address()
  );
  const issuer = `http://127.0.0.1:${address.port}`;

  const signingKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: clients.map(c => ({
      ...c,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
    jwks: {
      keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: 'test-key' }],
    },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => false },
    // Backstage keeps the session with a refresh token (access_type offline)
    issueRefreshToken: async (_ctx, client) =>
      client.grantTypeAllowed('refresh_token'),
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx, sub) {
      const account = byId.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            email_verified: true,
            name: account.name,
            preferred_username: account.preferred_username,
          };
        },
      };
    },
  });
  provider.on('server_error', (_ctx, error) =>
    console.error('[oidc-test-provider]', error),
  );
  const callback = provider.callback();

  /** The login form, then (once signed in) an implied consent. */
  async function interaction(req, res, uid, action) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (details.prompt.name === 'login') {
      if (req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(loginPage({ uid, clientId: String(details.params.client_id) }));
        return;
      }
      if (req.method !== 'POST' || action !== 'login')
        throw new Error('unexpected login step');
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      const account = byUsername.get(username);
      if (!account || account.password !== form.get('password')) {
        res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(
          loginPage({
            uid,
            clientId: String(details.params.client_id),
            error: 'Wrong username or password.',
            username,
          }),
        );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // consent: a first-party client gets what it asked for
    const { prompt, params, session } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: session?.accountId,
          clientId: String(params.client_id),
        });
    if (!grant) throw new Error('grant not found');
    const missing = /** @type {any} */ (prompt.details);
    if (missing.missingOIDCScope)
      grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims)
      grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(
      missing.missingResourceScopes ?? {},
    )) {
      grant.addResourceScope(
        indicator,
        /** @type {string[]} */ (scopes).join(' '),
      );
    }
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(
      req.url?.split('?')[0] ?? '',
    );
    if (!match) {
      callback(req, res);
      return;
    }
    interaction(req, res, match[1], match[2]).catch(error => {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Sign-in failed: ${error.message}`);
    });
  });

  const stop = () =>
    new Promise(resolve => {
      server.closeAllConnections?.();
      server.close(() => resolve(undefined));
    });
  return { issuer, stop };
}
