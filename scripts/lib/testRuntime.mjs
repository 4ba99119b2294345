// @ts-check
/** Helpers for the runtime tests (scripts/lib/*.test.mjs) and bench/runtime.mjs. */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

/** A port nobody listens on now (the kernel's pick). */
export async function freePort() {
  const server = net.createServer();
  await new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(undefined)),
  );
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portTaken(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether a process (not a zombie) runs with this pid. */
export function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf-8');
    return (
      stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    );
  } catch {
    return false;
  }
}

/** Resident set size of a process in MB. */
export function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf-8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Children of a process: [{ pid, args }]. */
export function childrenOf(pid) {
  const out = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf-8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const args = fs
        .readFileSync(`/proc/${entry}/cmdline`, 'utf-8')
        .split('\0')
        .filter(Boolean);
      out.push({ pid: Number(entry), args });
    } catch {}
  }
  return out;
}

/**
 * A request whose body arrives in two parts: it is in flight from `start()`
 * until `finish()` sends the rest. Resolves `response` with status and JSON.
 * @param {string} baseUrl
 * @param {string} path
 * @param {unknown} body
 * @param {string} token
 */
export function slowRequest(baseUrl, path, body, token) {
  const data = Buffer.from(JSON.stringify(body));
  const half = Math.floor(data.length / 2);
  /** @type {http.ClientRequest} */
  let req;
  /** @type {Promise<{ status: number, body: any }>} */
  let response = Promise.resolve({ status: 0, body: undefined });
  return {
    /** Sends the headers and the first half of the body. */
    async start() {
      const url = new URL(path, baseUrl);
      req = http.request(url, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          authorization: `Bearer ${token}`,
        },
      });
      response = new Promise((resolve, reject) => {
        req.once('response', res => {
          let text = '';
          res.setEncoding('utf-8');
          res.on('data', chunk => (text += chunk));
          res.on('end', () => {
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = text;
            }
            resolve({ status: res.statusCode ?? 0, body: json });
          });
          res.on('error', reject);
        });
        req.once('error', reject);
      });
      response.catch(() => {});
      await new Promise(resolve => req.write(data.subarray(0, half), resolve));
    },
    /** Sends the rest of the body; resolves with the answer. */
    finish() {
      req.end(data.subarray(half));
      return response;
    },
  };
}

/**
 * Polls `check` until it returns a truthy value; returns that value.
 * @template T
 * @param {string} what
 * @param {() => Promise<T>} check
 * @param {number} [timeoutMs]
 */
export async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  /** @type {unknown} */
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${
      last ? ` (last error: ${last})` : ''
    }`,
  );
}

/**
 * Removes a throwaway Postgres data folder, wherever the embedded server put
 * it (as root, a folder the postgres user cannot reach moves to
 * /var/tmp/launchpad-postgres/<id>).
 * @param {string} preferred the dataDir that was asked for
 */
export async function removePostgresData(preferred) {
  const { resolveDataDir } = await import('@internal/embedded-postgres');
  for (const dir of new Set([preferred, resolveDataDir(preferred, () => {})])) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
