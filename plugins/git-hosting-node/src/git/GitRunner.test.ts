import { ServiceUnavailableError } from '@backstage/errors';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultGitRunnerOptions, GitRunner, gitEnv } from './GitRunner';

/** Whether a process id is still alive (not a zombie either: Node reaps its children). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitUntil = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

describe('GitRunner', () => {
  let repo: string;

  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'git-runner-'));
    execFileSync('git', ['init', '--quiet', '--bare', repo]);
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('kills a git process that outlives its timeout, answers a 503 naming the command, and frees its slot', async () => {
    const runner = new GitRunner({
      ...defaultGitRunnerOptions,
      commandTimeoutMs: 300,
      maxRunning: 1,
      maxQueued: 0,
    });
    // `cat-file --batch` waits on stdin forever: a stand-in for a client that never sends
    const proc = await runner.spawn(
      { subcommand: 'cat-file', flags: ['--batch'] },
      { cwd: repo },
    );
    expect(alive(proc.pid)).toBe(true);
    await expect(proc.done).rejects.toThrow(ServiceUnavailableError);
    await expect(proc.done).rejects.toThrow(
      /git cat-file ran longer than 0.3 s and was stopped/,
    );
    expect(alive(proc.pid)).toBe(false);
    expect(runner.limiter.stats).toEqual({ running: 0, queued: 0 });
    // the slot is free again
    expect(
      (
        await runner.text(
          { subcommand: 'rev-parse', flags: ['--is-bare-repository'] },
          { cwd: repo },
        )
      ).trim(),
    ).toBe('true');
  });

  it('kills the whole process group: pack-objects under an upload-pack nobody reads from goes too', async () => {
    // a repository whose pack cannot fit in the pipes, so git blocks writing it
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'git-runner-big-'));
    execFileSync('git', ['init', '--quiet', work]);
    fs.writeFileSync(path.join(work, 'big.bin'), randomBytes(24 * 1024 * 1024));
    execFileSync('git', ['add', 'big.bin'], { cwd: work });
    execFileSync(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@t',
        'commit',
        '--quiet',
        '-m',
        'big',
      ],
      { cwd: work },
    );
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: work,
      encoding: 'utf-8',
    }).trim();
    const runner = new GitRunner(defaultGitRunnerOptions);
    const proc = await runner.spawn(
      {
        subcommand: 'upload-pack',
        flags: ['--stateless-rpc'],
        args: [path.join(work, '.git')],
      },
      { timeoutMs: 8000 },
    );
    proc.stdin.end(`0032want ${head}\n00000009done\n`);
    const group = () =>
      execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf-8' })
        .split('\n')
        .map(line => line.trim().split(/\s+/))
        .filter(([, pgid]) => Number(pgid) === proc.pid)
        .map(([pid, , ...args]) => ({
          pid: Number(pid),
          args: args.join(' '),
        }));
    try {
      await waitUntil(
        () => group().some(p => p.args.includes('pack-objects')),
        'pack-objects to start',
      );
      await expect(proc.done).rejects.toThrow(
        /git upload-pack ran longer than 8 s and was stopped/,
      );
      await waitUntil(
        () => group().length === 0,
        'the process group to be gone',
      );
    } finally {
      proc.kill();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);

  it('caps the git processes: N run, one waits, the next is refused at once with a 503', async () => {
    const runner = new GitRunner({
      ...defaultGitRunnerOptions,
      maxRunning: 2,
      maxQueued: 1,
      queueTimeoutMs: 60_000,
    });
    const holders = await Promise.all(
      [1, 2].map(() =>
        runner.spawn(
          { subcommand: 'cat-file', flags: ['--batch'] },
          { cwd: repo },
        ),
      ),
    );
    const queued = runner.text(
      { subcommand: 'rev-parse', flags: ['--is-bare-repository'] },
      { cwd: repo },
    );
    let queuedSettled = false;
    queued.finally(() => (queuedSettled = true)).catch(() => undefined);
    expect(runner.limiter.stats).toEqual({ running: 2, queued: 1 });
    await expect(
      runner.text(
        { subcommand: 'rev-parse', flags: ['--verify'], args: ['HEAD'] },
        { cwd: repo },
      ),
    ).rejects.toThrow(
      /The git host is busy \(2 git processes running, 1 waiting\)/,
    );
    await new Promise(r => setTimeout(r, 100));
    expect(queuedSettled).toBe(false);
    holders[0].stdin.end(); // cat-file --batch exits at the end of its input
    await holders[0].done;
    expect((await queued).trim()).toBe('true');
    holders[1].stdin.end();
    await holders[1].done;
    expect(runner.limiter.stats).toEqual({ running: 0, queued: 0 });
  });

  it('refuses a call that waited too long for a slot', async () => {
    const runner = new GitRunner({
      ...defaultGitRunnerOptions,
      maxRunning: 1,
      maxQueued: 5,
      queueTimeoutMs: 200,
    });
    const holder = await runner.spawn(
      { subcommand: 'cat-file', flags: ['--batch'] },
      { cwd: repo },
    );
    await expect(
      runner.text(
        { subcommand: 'rev-parse', flags: ['--verify'], args: ['HEAD'] },
        { cwd: repo },
      ),
    ).rejects.toThrow(
      /waited 0 s for a free git process|waited \d+ s for a free git process/,
    );
    holder.kill();
    await holder.done.catch(() => undefined);
  });

  describe('environment', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of Object.keys(process.env))
        if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    it('strips every GIT_* of the backend and pins config, prompts and locale', () => {
      process.env.GIT_DIR = '/elsewhere';
      process.env.GIT_CONFIG_PARAMETERS = "'core.hooksPath'='/tmp/evil'";
      process.env.GIT_SSH_COMMAND = 'touch /tmp/pwned';
      process.env.git_exec_path = '/tmp/evil';
      const env = gitEnv({ GIT_PROTOCOL: 'version=2' });
      expect(
        Object.keys(env)
          .filter(k => /^git_/i.test(k))
          .sort(),
      ).toEqual([
        'GIT_ASKPASS',
        'GIT_CONFIG_GLOBAL',
        'GIT_CONFIG_NOSYSTEM',
        'GIT_PROTOCOL',
        'GIT_TERMINAL_PROMPT',
      ]);
      expect(env).toMatchObject({
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
      });
    });

    it('runs git in the repository it was given even when the backend has GIT_DIR and config parameters set', async () => {
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'git-runner-other-'));
      execFileSync('git', ['init', '--quiet', other]);
      process.env.GIT_DIR = path.join(other, '.git');
      process.env.GIT_CONFIG_PARAMETERS = "'core.bare'='false'";
      process.env.GIT_CONFIG_GLOBAL = path.join(other, 'evil-global');
      fs.writeFileSync(
        path.join(other, 'evil-global'),
        '[core]\n\tbare = false\n',
      );
      const runner = new GitRunner();
      try {
        expect(
          (
            await runner.text(
              { subcommand: 'rev-parse', flags: ['--absolute-git-dir'] },
              { cwd: repo },
            )
          ).trim(),
        ).toBe(fs.realpathSync(repo));
        expect(
          (
            await runner.text(
              { subcommand: 'rev-parse', flags: ['--is-bare-repository'] },
              { cwd: repo },
            )
          ).trim(),
        ).toBe('true');
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }
    });
  });
});
