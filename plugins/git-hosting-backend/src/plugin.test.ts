/*
 * The git host in a test backend, over real HTTP with real git clients:
 * local mode (open), production mode (real Backstage auth: tokens from the
 * auth backend's guest provider and static external-access tokens), and the
 * hardening (hostile paths, request body limits, timeouts, the cap).
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import { testDatabaseConfig } from '@internal/backend-test-helpers';
import {
  defaultGitRunnerOptions,
  GitRepositoryStore,
  gitHostingServiceRef,
  GitRunner,
} from '@internal/plugin-git-hosting-node';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import request from 'supertest';
import { gitHostingPlugin } from './plugin';

jest.setTimeout(300_000);

const execFileAsync = promisify(execFile);

/** A git client as a CI job runs it: no config of this machine, no prompts. */
async function gitClient(
  args: string[],
  cwd: string,
): Promise<{ ok: boolean; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^GIT_/.test(k)),
  );
  try {
    await execFileAsync('git', args, {
      cwd,
      env: {
        ...env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: '',
      },
      timeout: 60_000,
    });
    return { ok: true, stderr: '' };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr) };
  }
}

const portOf = (backend: TestBackend) =>
  (backend.server.address() as { port: number }).port;

/** git processes (and their children) working on a repository folder. */
const gitProcessesOn = (dir: string) =>
  execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf-8' })
    .split('\n')
    .filter(
      line =>
        line.includes(dir) && /git/.test(line) && !line.includes('ps -eo'),
    );

async function waitUntil(
  check: () => boolean,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** The store, remembering each upload-pack it started (to follow its pid and its end). */
class RecordingStore extends GitRepositoryStore {
  readonly uploadPacks: Array<{ pid: number; outcome: Promise<string> }> = [];
  async uploadPack(...args: Parameters<GitRepositoryStore['uploadPack']>) {
    const proc = await super.uploadPack(...args);
    this.uploadPacks.push({
      pid: proc.pid,
      outcome: proc.done.then(
        () => 'exited 0',
        (e: Error) => e.message,
      ),
    });
    return proc;
  }
}

async function makeStore(root: string, runner: GitRunner) {
  const store = new RecordingStore(path.join(root, 'repos'), runner);
  const work = path.join(root, 'work');
  fs.mkdirSync(path.join(work, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(work, 'README.md'), '# svc\n');
  fs.writeFileSync(path.join(work, 'docs', 'index.md'), 'docs\n');
  await store.create({ org: 'team', name: 'svc', description: 'The service' });
  await store.pushDirectory({ org: 'team', name: 'svc' }, work, {
    authorName: 'T',
    authorEmail: 't@example.com',
    message: 'first',
  });
  return store;
}

const storeFactory = (store: GitRepositoryStore) =>
  createServiceFactory({
    service: gitHostingServiceRef,
    deps: {},
    factory: async () => store,
  });

describe('git host plugin, local mode', () => {
  let backend: TestBackend;
  let root: string;
  let store: RecordingStore;
  let runner: GitRunner;
  let sentinel: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-host-plugin-'));
    sentinel = path.join(root, 'pwned');
    runner = new GitRunner({
      ...defaultGitRunnerOptions,
      maxRunning: 3,
      maxQueued: 0,
      transferTimeoutMs: 3000,
    });
    store = await makeStore(root, runner);
    // A repository whose pack is larger than everything between git and a
    // client that does not read: pipes, and TCP buffers that grow up to
    // net.ipv4.tcp_rmem's maximum (32 MiB here) plus tcp_wmem's (4 MiB).
    const big = path.join(root, 'big-work');
    fs.mkdirSync(big);
    fs.writeFileSync(path.join(big, 'big.bin'), randomBytes(64 * 1024 * 1024));
    // set up with a patient runner: packing 64 MiB on a busy machine may take
    // longer than the command timeout the test's runner has
    const setup = new GitRepositoryStore(
      path.join(root, 'repos'),
      new GitRunner({ ...defaultGitRunnerOptions, commandTimeoutMs: 600_000 }),
    );
    await setup.create({ org: 'team', name: 'big' });
    await setup.pushDirectory({ org: 'team', name: 'big' }, big, {
      authorName: 'T',
      authorEmail: 't@example.com',
      message: 'big',
    });
    backend = await startTestBackend({
      features: [
        gitHostingPlugin,
        storeFactory(store),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: testDatabaseConfig(),
            },
            launchpad: { localMode: true },
            gitHosting: {
              timeouts: { requestBody: { seconds: 1 } },
              limits: { requestBodyBytes: 64 * 1024 },
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('clones without a token, and serves files and pages', async () => {
    const res = await gitClient(
      [
        'clone',
        '--quiet',
        `http://127.0.0.1:${portOf(backend)}/api/git/team/svc.git`,
        'svc',
      ],
      root,
    );
    expect(res).toEqual({ ok: true, stderr: '' });
    expect(fs.readFileSync(path.join(root, 'svc', 'README.md'), 'utf-8')).toBe(
      '# svc\n',
    );
    fs.rmSync(path.join(root, 'svc'), { recursive: true });
    await request(backend.server)
      .get('/api/git/team/svc/raw/main/docs/index.md')
      .expect(200, 'docs\n');
    expect(
      (
        await request(backend.server).get('/api/git/repos').expect(200)
      ).body.items.map((r: any) => r.name),
    ).toEqual(['big', 'svc']);
  });

  describe('hostile paths', () => {
    const opts = () => [
      '-x',
      `--output=${sentinel}`,
      `--upload-pack=touch ${sentinel}`,
      `--exec=touch ${sentinel}`,
      `-o${sentinel}`,
    ];
    const enc = encodeURIComponent;
    const gets = () => [
      ...opts().map(o => `/api/git/team/svc/raw/main/${o}`),
      ...opts().map(o => `/api/git/team/svc/raw/main/docs/${enc(o)}`),
      ...opts().map(o => `/api/git/team/svc/blob/${enc(o)}/README.md`),
      ...opts().map(o => `/api/git/${enc(o)}/svc/raw/main/README.md`),
      ...opts().map(o => `/api/git/team/${enc(o)}/raw/main/README.md`),
      ...opts().map(o => `/api/git/team/${enc(o)}`),
      ...opts().map(o => `/api/git/${enc(o)}/svc`),
      ...opts().map(o => `/api/git/repos/team/${enc(o)}`),
      ...opts().map(
        o => `/api/git/team/${enc(o)}.git/info/refs?service=git-upload-pack`,
      ),
      ...opts().map(
        o => `/api/git/${enc(o)}/svc.git/info/refs?service=git-upload-pack`,
      ),
      '/api/git/team/svc/raw/main/..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/git/team/svc/raw/main%2F..%2Fx/README.md',
      '/api/git/..%2F..%2Fetc/svc/raw/main/README.md',
      '/api/git/team/svc/raw/main@%7B1%7D/README.md',
      '/api/git/team/svc/raw/main..HEAD/README.md',
      '/api/git/team/svc/raw/HEAD%5E/README.md',
      '/api/git/team/svc/raw/main%3AREADME.md/x',
      '/api/git/team/svc/raw/main/README.md%00',
      '/api/git/team/svc/raw/ma%00in/README.md',
      '/api/git/team/svc%00/raw/main/README.md',
      '/api/git/team/svc/raw/main/%E0%A4%A',
      `/api/git/team/svc/raw/main/${'a/'.repeat(3000)}x`,
      `/api/git/team/svc/raw/${'m'.repeat(400)}/README.md`,
      `/api/git/team/${'s'.repeat(400)}`,
    ];

    it('answers every GET with a 4xx and writes nothing', async () => {
      for (const url of gets()) {
        const res = await request(backend.server).get(url);
        expect({ url, status: res.status >= 400 && res.status < 500 }).toEqual({
          url,
          status: true,
        });
      }
      expect(fs.existsSync(sentinel)).toBe(false);
      expect(fs.readdirSync(root).sort()).toEqual([
        'big-work',
        'repos',
        'work',
      ]);
      // and the host still answers
      await request(backend.server)
        .get('/api/git/team/svc/raw/main/README.md')
        .expect(200, '# svc\n');
    });

    it('answers every upload-pack POST to a hostile repository with a 4xx before reading the body', async () => {
      for (const o of opts()) {
        for (const url of [
          `/api/git/team/${enc(o)}.git/git-upload-pack`,
          `/api/git/${enc(o)}/svc.git/git-upload-pack`,
        ]) {
          const res = await request(backend.server)
            .post(url)
            .set('Content-Type', 'application/x-git-upload-pack-request')
            .send('0000');
          expect({ url, status: res.status }).toEqual({ url, status: 400 });
        }
      }
      expect(fs.existsSync(sentinel)).toBe(false);
    });
  });

  describe('request bodies', () => {
    const uploadPack = '/api/git/team/svc.git/git-upload-pack';

    it('cuts off a client that never finishes sending, with a 400, and starts no git for it', async () => {
      const repoDir = store.repoPath({ org: 'team', name: 'svc' });
      const res = await new Promise<{
        status?: number;
        body: string;
        sawGit: boolean;
      }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port: portOf(backend),
          method: 'POST',
          path: uploadPack,
          headers: {
            'Content-Type': 'application/x-git-upload-pack-request',
            'Content-Length': 1000,
          },
        });
        let sawGit = false;
        const watch = setInterval(() => {
          if (gitProcessesOn(repoDir).length) sawGit = true;
        }, 50);
        req.on('response', response => {
          let body = '';
          response.on('data', chunk => (body += chunk));
          response.on('end', () => {
            clearInterval(watch);
            req.destroy();
            resolve({ status: response.statusCode, body, sawGit });
          });
        });
        req.on('error', error => {
          clearInterval(watch);
          reject(error);
        });
        req.write('0032want '); // ...and nothing more
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toMatch(
        /did not arrive within 1 s/,
      );
      expect(res.sawGit).toBe(false);
      expect(gitProcessesOn(repoDir)).toEqual([]);
    });

    it('refuses a body over the cap, declared or not, and a gzip bomb', async () => {
      const big = Buffer.alloc(65 * 1024, 'a');
      const declared = await request(backend.server)
        .post(uploadPack)
        .send(big.toString());
      expect(declared.status).toBe(400);
      expect(declared.body.error.message).toMatch(/at most 65536 are accepted/);
      const bomb = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024));
      const gz = await request(backend.server)
        .post(uploadPack)
        .set('Content-Encoding', 'gzip')
        .send(bomb);
      expect(gz.status).toBe(400);
      expect(gz.body.error.message).toMatch(
        /larger than 65536 bytes once decompressed/,
      );
    });
  });

  it('kills an upload-pack that outlives its transfer timeout (a client that never reads)', async () => {
    const repoDir = store.repoPath({ org: 'team', name: 'big' });
    const head = (await store.get({ org: 'team', name: 'big' })).head!;
    // The client reads nothing until git is stopped. Then, if git had
    // started sending, the response must end cut, so a client cannot take a
    // partial pack for a whole one (TCP shows the cut only once the data
    // before it is read), or, on a slow machine, be a 503 naming the timeout.
    let pausedResponse: http.IncomingMessage | undefined;
    let req: http.ClientRequest | undefined;
    const outcome = new Promise<string>(resolve => {
      req = http.request({
        host: '127.0.0.1',
        port: portOf(backend),
        method: 'POST',
        path: '/api/git/team/big.git/git-upload-pack',
        headers: { 'Content-Type': 'application/x-git-upload-pack-request' },
      });
      req.on('response', response => {
        if (response.statusCode !== 200) {
          let body = '';
          response.on('data', chunk => (body += chunk));
          response.on('end', () =>
            resolve(`${response.statusCode} ${JSON.parse(body).error.message}`),
          );
          return;
        }
        response.pause();
        pausedResponse = response;
        response.on('end', () => resolve('complete'));
        response.on('error', () => resolve('cut'));
        response.on('close', () => resolve('cut'));
      });
      req.on('error', () => resolve('cut'));
      req.end(`0032want ${head}\n00000009done\n`);
    });
    try {
      await waitUntil(
        () => gitProcessesOn(repoDir).length > 0,
        'upload-pack to start',
      );
      const started = store.uploadPacks[store.uploadPacks.length - 1];
      expect(await started.outcome).toBe(
        'git upload-pack ran longer than 3 s and was stopped',
      );
      expect(() => process.kill(started.pid, 0)).toThrow(); // that pid is gone
      pausedResponse?.resume(); // now read what reached the client
      expect(await outcome).toMatch(
        /^(cut|503 git upload-pack ran longer than 3 s and was stopped)$/,
      );
    } finally {
      req?.destroy();
    }
    // and git (upload-pack and pack-objects) is gone
    await waitUntil(
      () => gitProcessesOn(repoDir).length === 0,
      'every git process on the repository to end',
    );
    expect(runner.limiter.stats).toEqual({ running: 0, queued: 0 });
  });

  it('answers 503 when every git process is taken and the queue is full, and serves again once one is free', async () => {
    const held = await Promise.all(
      [1, 2, 3].map(() => runner.limiter.acquire('test')),
    );
    try {
      const res = await request(backend.server).get(
        '/api/git/team/svc/raw/main/README.md',
      );
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /The git host is busy \(3 git processes running, 0 waiting\)/,
      );
    } finally {
      held.forEach(release => release());
    }
    await request(backend.server)
      .get('/api/git/team/svc/raw/main/README.md')
      .expect(200, '# svc\n');
  });
});

describe('git host plugin, production mode (not local)', () => {
  let backend: TestBackend;
  let root: string;
  let userToken: string;
  const ciToken = 'ci-git-token-0123456789abcdef';
  const catalogOnlyToken = 'ci-catalog-token-0123456789abcdef';

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-host-prod-'));
    const store = await makeStore(root, new GitRunner());
    backend = await startTestBackend({
      features: [
        gitHostingPlugin,
        storeFactory(store),
        // Backstage's real token checks, and its auth backend to sign in with
        authServiceFactory,
        httpAuthServiceFactory,
        authPlugin,
        guestProvider,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              baseUrl: 'http://localhost:7007',
              database: testDatabaseConfig(),
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: ciToken, subject: 'ci' },
                    accessRestrictions: [{ plugin: 'git' }],
                  },
                  {
                    type: 'static',
                    options: { token: catalogOnlyToken, subject: 'other' },
                    accessRestrictions: [{ plugin: 'catalog' }],
                  },
                ],
              },
            },
            auth: {
              environment: 'development',
              providers: {
                guest: {
                  dangerouslyAllowOutsideDevelopment: true,
                  userEntityRef: 'user:default/priya.nair',
                },
              },
            },
            launchpad: { localMode: false },
          },
        }),
      ],
    });
    const session = await request(backend.server)
      .get('/api/auth/guest/refresh')
      .expect(200);
    userToken = session.body.backstageIdentity.token;
    if (!/^ey/.test(userToken)) {
      throw new Error(
        `guest sign-in gave no JWT: ${JSON.stringify(userToken)}`,
      );
    }
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const reads = [
    '/api/git/team/svc/raw/main/README.md',
    '/api/git/team/svc',
    '/api/git/repos',
    '/api/git/repos/team/svc',
    '/api/git/team/svc.git/info/refs?service=git-upload-pack',
  ];

  it.each(reads)(
    'answers an anonymous GET %s with 401 and a Basic challenge for git',
    async url => {
      const res = await request(backend.server).get(url);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    },
  );

  it.each(reads)(
    'serves GET %s to a signed-in user (Bearer) and to a CI token scoped to the git host',
    async url => {
      await request(backend.server)
        .get(url)
        .set('Authorization', `Bearer ${userToken}`)
        .expect(200);
      await request(backend.server)
        .get(url)
        .set('Authorization', `Bearer ${ciToken}`)
        .expect(200);
    },
  );

  it.each([
    ['a made-up token', { Authorization: 'Bearer not-a-token' }, 401],
    [
      'a token restricted to another plugin',
      { Authorization: `Bearer ${catalogOnlyToken}` },
      403,
    ],
    [
      'Basic auth without a password',
      { Authorization: `Basic ${Buffer.from('ci:').toString('base64')}` },
      401,
    ],
    [
      'Basic auth with a wrong password',
      { Authorization: `Basic ${Buffer.from('ci:nope').toString('base64')}` },
      401,
    ],
    ['another scheme', { Authorization: 'Token abc' }, 401],
  ])('refuses %s', async (_what, headers, status) => {
    await request(backend.server)
      .get('/api/git/team/svc/raw/main/README.md')
      .set(headers)
      .expect(status);
  });

  it('refuses an anonymous git clone', async () => {
    const res = await gitClient(
      [
        'clone',
        '--quiet',
        `http://127.0.0.1:${portOf(backend)}/api/git/team/svc.git`,
        'anon',
      ],
      root,
    );
    expect(res.ok).toBe(false);
    expect(res.stderr).toMatch(
      /Authentication failed|could not read Username|401/,
    );
    expect(fs.existsSync(path.join(root, 'anon', 'README.md'))).toBe(false);
  });

  it.each([
    [
      'a Bearer header (http.extraHeader)',
      () => [
        '-c',
        `http.extraHeader=Authorization: Bearer ${ciToken}`,
        'clone',
        '--quiet',
        `http://127.0.0.1:${portOf(backend)}/api/git/team/svc.git`,
      ],
    ],
    [
      'Basic auth with the CI token as password',
      () => [
        'clone',
        '--quiet',
        `http://ci:${ciToken}@127.0.0.1:${portOf(
          backend,
        )}/api/git/team/svc.git`,
      ],
    ],
    [
      'Basic auth with a user token as password',
      () => [
        'clone',
        '--quiet',
        `http://priya:${userToken}@127.0.0.1:${portOf(
          backend,
        )}/api/git/team/svc.git`,
      ],
    ],
  ])('clones with %s', async (_how, args) => {
    const dir = `clone-${randomBytes(4).toString('hex')}`;
    const res = await gitClient([...args(), dir], root);
    expect(res).toEqual({ ok: true, stderr: '' });
    expect(fs.readFileSync(path.join(root, dir, 'README.md'), 'utf-8')).toBe(
      '# svc\n',
    );
  });
});
