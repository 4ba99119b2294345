import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runMkdocs } from './runMkdocs';
import { DocsRejectedError } from './types';

/**
 * The process side of a build, with stand-in mkdocs executables (real
 * processes): what it is given, what it can see, and that it is stopped.
 */
describe('runMkdocs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'run-mkdocs-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function fakeMkdocs(body: string) {
    const file = path.join(dir, 'mkdocs');
    await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  }

  const base = () => ({
    configFile: path.join(dir, '-rf weird', 'mkdocs.yml'),
    siteDir: path.join(dir, '--site'),
    cwd: dir,
    home: dir,
    timeoutMs: 10_000,
  });

  it('binds every path to its option and ends the options, so no path reads as an option', async () => {
    const command = await fakeMkdocs(`for a in "$@"; do echo "[$a]"; done`);
    const log = new PassThrough();
    let out = '';
    log.on('data', c => (out += c));
    await runMkdocs({ ...base(), command, logStream: log });
    expect(out.trim().split('\n')).toEqual([
      '[build]',
      '[--clean]',
      `[--config-file=${path.join(dir, '-rf weird', 'mkdocs.yml')}]`,
      `[--site-dir=${path.join(dir, '--site')}]`,
      '[--]',
    ]);
  });

  it("gives mkdocs none of the portal's environment", async () => {
    process.env.POSTGRES_PASSWORD = 'hunter2';
    process.env.AUTH_SESSION_SECRET = 'secret-session';
    process.env.PYTHONPATH = '/tmp/evil';
    try {
      const command = await fakeMkdocs('env');
      const log = new PassThrough();
      let out = '';
      log.on('data', c => (out += c));
      await runMkdocs({ ...base(), command, logStream: log });
      for (const leaked of [
        'hunter2',
        'secret-session',
        '/tmp/evil',
        'POSTGRES',
        'AUTH_',
      ]) {
        expect([leaked, out.includes(leaked)]).toEqual([leaked, false]);
      }
      expect(out).toContain(`HOME=${dir}`);
      expect(out).toContain('PYTHONNOUSERSITE=1');
    } finally {
      delete process.env.POSTGRES_PASSWORD;
      delete process.env.AUTH_SESSION_SECRET;
      delete process.env.PYTHONPATH;
    }
  });

  it('stops a build that runs past the timeout, with the processes it started', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const command = await fakeMkdocs(`sleep 60 & echo $! > ${pidFile}; wait`);
    const error = await runMkdocs({
      ...base(),
      command,
      timeoutMs: 1000,
    }).catch(e => e);
    expect(error).toBeInstanceOf(DocsRejectedError);
    expect(error.message).toMatch(/did not finish within 1 s and was stopped/);
    const pid = Number(await fs.readFile(pidFile, 'utf8'));
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      try {
        process.kill(pid, 0);
        await new Promise(r => setTimeout(r, 100));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it('reports a failed build with its exit code and last error line', async () => {
    const command = await fakeMkdocs(
      'echo "ERROR - Config value: nope" >&2; exit 3',
    );
    await expect(runMkdocs({ ...base(), command })).rejects.toThrow(
      /exit code 3\): ERROR - Config value: nope/,
    );
  });

  it('says so when mkdocs is not installed', async () => {
    await expect(
      runMkdocs({ ...base(), command: path.join(dir, 'no-such-mkdocs') }),
    ).rejects.toThrow(/Could not run .*no-such-mkdocs/);
  });
});
