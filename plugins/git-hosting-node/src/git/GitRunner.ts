import { ServiceUnavailableError } from '@backstage/errors';
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { ConcurrencyLimiter } from './ConcurrencyLimiter';
import { GitCommand, gitArgv } from './gitArgv';

/** Limits for {@link GitRunner}. */
export interface GitRunnerOptions {
  /** Longest a command (rev-parse, cat-file, ls-tree, push...) may run. */
  commandTimeoutMs: number;
  /** Longest a transfer (upload-pack for a clone, archive for readTree) may run. */
  transferTimeoutMs: number;
  /** git processes at once. */
  maxRunning: number;
  /** Calls that may wait for a free process; more get a 503. */
  maxQueued: number;
  /** Longest a call waits for a free process before a 503. */
  queueTimeoutMs: number;
}

export const defaultGitRunnerOptions: GitRunnerOptions = {
  commandTimeoutMs: 30_000,
  transferTimeoutMs: 10 * 60_000,
  maxRunning: 8,
  maxQueued: 64,
  queueTimeoutMs: 15_000,
};

/**
 * The only GIT_* variables a caller may set. Everything else named GIT_* in
 * the backend's environment (GIT_DIR, GIT_CONFIG_*, GIT_EXEC_PATH, GIT_SSH...)
 * is removed before git starts.
 */
export interface GitEnv {
  GIT_DIR?: string;
  GIT_WORK_TREE?: string;
  GIT_AUTHOR_NAME?: string;
  GIT_AUTHOR_EMAIL?: string;
  GIT_COMMITTER_NAME?: string;
  GIT_COMMITTER_EMAIL?: string;
  /** The client's Git-Protocol header (version=2), for upload-pack. */
  GIT_PROTOCOL?: string;
}

/** The environment of every git process: no inherited GIT_*, no system or global config, no prompts. */
export function gitEnv(overrides: GitEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^GIT_/i.test(key)) env[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
    LC_ALL: 'C',
  };
}

/** git exited with an error; `stderr` is git's own message. */
export class GitCommandError extends Error {
  constructor(
    readonly subcommand: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `git ${subcommand} failed: ${stderr.trim() || `exit code ${exitCode}`}`,
    );
    this.name = 'GitCommandError';
  }
}

/** Options of one git call. */
export interface GitCallOptions {
  cwd?: string;
  env?: GitEnv;
  /** Default: the command timeout. */
  timeoutMs?: number;
}

/** A running git process whose stdout the caller streams. */
export interface GitProcess {
  pid: number;
  stdin: Writable;
  stdout: Readable;
  /** Settles when git has exited: rejects on a non-zero exit or a timeout. */
  done: Promise<void>;
  /** Ends the process and its children now. */
  kill(): void;
}

/**
 * Runs every git process of the git host: argv built by {@link gitArgv}, a
 * clean environment, a timeout that kills the process group, and a cap on
 * how many run at once.
 */
export class GitRunner {
  readonly limiter: ConcurrencyLimiter;

  constructor(readonly options: GitRunnerOptions = defaultGitRunnerOptions) {
    this.limiter = new ConcurrencyLimiter({
      maxRunning: options.maxRunning,
      maxQueued: options.maxQueued,
      queueTimeoutMs: options.queueTimeoutMs,
    });
  }

  /** Runs git to the end and returns stdout. */
  async run(
    command: GitCommand,
    options: GitCallOptions & { input?: Buffer; maxOutputBytes?: number } = {},
  ): Promise<Buffer> {
    const proc = await this.spawn(command, options);
    const maxOutput = options.maxOutputBytes ?? 64 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) {
        overflow = true;
        proc.kill();
        return;
      }
      chunks.push(chunk);
    });
    const stdoutEnded = new Promise<void>(resolve => {
      proc.stdout.once('close', resolve);
      proc.stdout.once('end', resolve);
    });
    proc.stdin.on('error', () => undefined); // git may exit before reading its input
    proc.stdin.end(options.input);
    try {
      await proc.done;
    } catch (error) {
      if (overflow)
        throw new Error(
          `git ${command.subcommand} wrote more than ${maxOutput} bytes`,
        );
      throw error;
    }
    await stdoutEnded;
    return Buffer.concat(chunks);
  }

  /** Runs git to the end and returns stdout as text. */
  async text(
    command: GitCommand,
    options: GitCallOptions & { input?: Buffer } = {},
  ): Promise<string> {
    return (await this.run(command, options)).toString('utf-8');
  }

  /**
   * Starts git and hands back its streams. The process holds a slot of the
   * concurrency cap until it exits, and is killed at its timeout whether or
   * not anyone reads its output.
   */
  async spawn(
    command: GitCommand,
    options: GitCallOptions = {},
  ): Promise<GitProcess> {
    const argv = gitArgv(command); // before a slot is taken: bad input never waits
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs;
    const release = await this.limiter.acquire(`git ${command.subcommand}`);
    let child;
    try {
      child = spawn('git', argv, {
        cwd: options.cwd,
        env: gitEnv(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        // its own process group, so a timeout also ends pack-objects & co.
        detached: true,
      });
    } catch (error) {
      release();
      throw error;
    }
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    // git may exit (or be killed) before it read its input: not an error of ours
    child.stdin.on('error', () => undefined);
    let stderr = '';
    child.stderr.setEncoding('utf-8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 16 * 1024) stderr += chunk;
    });
    const stderrEnded = new Promise<void>(resolve =>
      child.stderr.once('close', () => resolve()),
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const done = new Promise<void>((resolve, reject) => {
      child.once('error', error => {
        clearTimeout(timer);
        release();
        reject(error);
      });
      child.once('exit', async code => {
        clearTimeout(timer);
        release();
        if (timedOut) {
          // make sure no child of git outlives it
          killGroup();
          reject(
            new ServiceUnavailableError(
              `git ${command.subcommand} ran longer than ${
                Math.round(timeoutMs / 100) / 10
              } s and was stopped`,
            ),
          );
          return;
        }
        await Promise.race([
          stderrEnded,
          new Promise(r => setTimeout(r, 1000)),
        ]);
        if (code === 0) resolve();
        else reject(new GitCommandError(command.subcommand, code, stderr));
      });
    });
    done.catch(() => undefined); // callers that only stream still see the stream end
    return {
      pid: child.pid ?? -1,
      stdin: child.stdin,
      stdout: child.stdout,
      done,
      kill: killGroup,
    };
  }
}
