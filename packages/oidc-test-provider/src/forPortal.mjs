// @ts-check
/**
 * The test provider for a running portal (the e2e runner): starts it in its
 * own process with one client whose redirect URI is the portal's OIDC
 * callback, and writes an app-config file that turns the portal's OIDC
 * provider on against it ("Sign in with Northwind SSO").
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { spawnOidcTestProvider } from './spawnProvider.mjs';

/**
 * @param {{ portalUrl: string, configFile: string }} options
 * @returns {Promise<{ issuer: string, configFile: string, stop: () => Promise<void> }>}
 */
export async function startOidcForPortal({ portalUrl, configFile }) {
  const client = {
    client_id: 'launchpad-e2e',
    client_secret: randomBytes(24).toString('hex'),
    redirect_uris: [`${portalUrl}/api/auth/oidc/handler/frame`],
  };
  const { issuer, stop } = await spawnOidcTestProvider({ clients: [client] });
  const config = {
    auth: {
      session: { secret: randomBytes(24).toString('hex') },
      providers: {
        oidc: {
          development: {
            title: 'Northwind SSO',
            metadataUrl: `${issuer}/.well-known/openid-configuration`,
            clientId: client.client_id,
            clientSecret: client.client_secret,
            prompt: 'auto',
          },
        },
      },
    },
  };
  // JSON is YAML: the portal reads it as one more --config file
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { issuer, configFile, stop };
}
