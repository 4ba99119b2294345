import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Environment for every git call: no user config, no prompts, stable output. */
export const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};

/** Runs git and returns stdout; the error carries git's own message. */
export async function git(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, {
      cwd: options.cwd,
      env: { ...gitEnv, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`git ${args[0]} failed: ${(e.stderr || e.message).trim()}`);
  }
}

/** Runs git with binary stdout as a stream (archive, upload-pack). */
export function gitStream(args: string[], options: { cwd?: string } = {}) {
  return spawn('git', args, { cwd: options.cwd, env: gitEnv, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs git and returns stdout as bytes (file contents). */
export async function gitBuffer(args: string[], options: { cwd?: string } = {}): Promise<Buffer> {
  const { stdout } = await execFileAsync('git', args, {
    cwd: options.cwd,
    env: gitEnv,
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
