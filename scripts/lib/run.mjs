// @ts-check
import { spawn } from 'node:child_process';

/**
 * Runs a command with inherited stdio and resolves with its exit status.
 *
 * Never spawnSync from a process that also hosts servers or reads a child's
 * output (the embedded Postgres, a backend's log pipe, the demo clusters):
 * spawnSync blocks its event loop for the whole run, nobody drains those
 * pipes, and once a pipe's buffer is full every Postgres backend that logs
 * (each malformed id is an ERROR line) blocks in write(2) while holding its
 * client's connection: the pools starve and the backend stops answering.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<number>}
 */
export function runInherit(command, args, options = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', error => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
