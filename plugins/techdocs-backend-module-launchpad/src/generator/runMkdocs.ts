import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { DocsRejectedError } from './types';

const MAX_LOG_BYTES = 256 * 1024;

export interface RunMkdocsOptions {
  command: string;
  configFile: string;
  siteDir: string;
  cwd: string;
  /** HOME for mkdocs: a throw-away folder. */
  home: string;
  timeoutMs: number;
  logStream?: Writable;
}

/**
 * Runs `mkdocs build` on a validated copy: option values bound with `=` and
 * an end-of-options marker (`--`) so no path is read as an option, an
 * environment with nothing of the portal's (no database password for a
 * stray `!ENV` to find, no PYTHONPATH), its own process group killed at the
 * timeout, the log capped.
 */
export async function runMkdocs(options: RunMkdocsOptions): Promise<void> {
  const args = [
    'build',
    '--clean',
    `--config-file=${options.configFile}`,
    `--site-dir=${options.siteDir}`,
    '--',
  ];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: options.home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONNOUSERSITE: '1',
    PYTHONSAFEPATH: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(options.command, args, {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logged = 0;
    let tail = '';
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
      if (logged < MAX_LOG_BYTES) {
        logged += chunk.length;
        options.logStream?.write(chunk);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', err => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${options.command}: ${err.message}`));
    });
    child.on('close', code => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new DocsRejectedError(
            `mkdocs did not finish within ${Math.round(
              options.timeoutMs / 1000,
            )} s and was stopped`,
          ),
        );
      } else if (code !== 0) {
        const lastError = tail
          .split('\n')
          .filter(l => /ERROR|Error|error/.test(l))
          .pop();
        reject(
          new Error(
            `mkdocs build failed (exit code ${code})${
              lastError ? `: ${lastError.trim()}` : ''
            }`,
          ),
        );
      } else {
        resolve();
      }
    });
  });
}
