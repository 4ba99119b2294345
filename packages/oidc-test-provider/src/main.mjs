/**
 * Runs the test provider as a process (tests in CommonJS Jest and the e2e
 * runner start it this way). Clients come from OIDC_TEST_CLIENTS (JSON: an
 * array of { client_id, client_secret, redirect_uris }); OIDC_TEST_PORT picks
 * the port (default: a free one). Prints `issuer=<url>` once it listens and
 * stops on SIGTERM/SIGINT or when its parent goes away (stdin closes).
 */
import { startOidcTestProvider } from './index.mjs';

const clients = JSON.parse(process.env.OIDC_TEST_CLIENTS ?? '[]');
if (!Array.isArray(clients) || clients.length === 0) {
  console.error(
    'OIDC_TEST_CLIENTS must be a JSON array of { client_id, client_secret, redirect_uris }',
  );
  process.exit(2);
}
startOidcTestProvider({
  port: Number(process.env.OIDC_TEST_PORT ?? 0),
  clients,
}).then(
  ({ issuer, stop }) => {
    console.log(`issuer=${issuer}`);
    const shutdown = async () => {
      await stop();
      process.exit(0);
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    process.stdin.on('end', shutdown);
    process.stdin.resume();
  },
  error => {
    console.error(`[oidc-test-provider] ${error.stack ?? error}`);
    process.exit(1);
  },
);
