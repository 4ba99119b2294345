// @ts-check
/**
 * Starts src/main.mjs as a child process and resolves with its issuer, for
 * callers that cannot import ESM in-process (Jest in CommonJS) or want the
 * provider in its own process (the e2e runner).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const main = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'main.mjs',
);

/**
 * @param {{ clients: { client_id: string, client_secret: string, redirect_uris: string[] }[] }} options
 * @returns {Promise<{ issuer: string, stop: () => Promise<void> }>}
 */
export function spawnOidcTestProvider({ clients }) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, OIDC_TEST_CLIENTS: JSON.stringify(clients) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf-8');
    child.stdout.on('data', chunk => {
      out += chunk;
      const match = /issuer=(\S+)/.exec(out);
      if (!match) return;
      const stop = async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      };
      resolve({ issuer: match[1], stop });
    });
    child.once('exit', code =>
      reject(
        new Error(
          `the OIDC test provider exited with ${code} before it listened`,
        ),
      ),
    );
  });
}
