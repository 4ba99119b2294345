import { InputError } from '@backstage/errors';
import type { Request, Response } from 'express';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** One pkt-line (git's length-prefixed framing). */
function pktLine(text: string): string {
  return (text.length + 4).toString(16).padStart(4, '0') + text;
}

function uploadPack(args: string[], req: Request) {
  // Protocol v2 when the client asks for it (Git-Protocol: version=2)
  const protocol = req.header('Git-Protocol');
  return spawn('git', ['upload-pack', '--stateless-rpc', ...args], {
    env: { ...process.env, ...(protocol ? { GIT_PROTOCOL: protocol } : {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * GET info/refs?service=git-upload-pack: the ref advertisement that starts
 * a clone or fetch (git's smart HTTP protocol, served by the real git).
 */
export async function advertiseRefs(req: Request, res: Response, repoDir: string) {
  res.status(200);
  res.setHeader('Content-Type', 'application/x-git-upload-pack-advertisement');
  res.setHeader('Cache-Control', 'no-cache');
  if (!req.header('Git-Protocol')) {
    res.write(`${pktLine('# service=git-upload-pack\n')}0000`);
  }
  const git = uploadPack(['--advertise-refs', repoDir], req);
  git.stdin.end();
  await pipeline(git.stdout, res);
}

/**
 * POST git-upload-pack: negotiates and streams the pack for a clone/fetch.
 * The response starts only once git produced output, so a request git
 * rejects (a malformed negotiation) is answered with a 400 carrying git's
 * message instead of an empty 200.
 */
export async function serveUploadPack(req: Request, res: Response, repoDir: string) {
  const git = uploadPack([repoDir], req);
  const body = req.header('Content-Encoding') === 'gzip' ? req.pipe(zlib.createGunzip()) : req;
  const input = pipeline(body, git.stdin).catch(() => undefined); // git may stop reading early
  let stderr = '';
  git.stderr.on('data', chunk => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>(resolve => git.on('close', code => resolve(code)));
  const first = await new Promise<Buffer | undefined>(resolve => {
    git.stdout.once('data', chunk => resolve(chunk));
    git.stdout.once('end', () => resolve(undefined));
  });
  if (!first) {
    const code = await exited;
    await input;
    if (code !== 0) {
      throw new InputError(`git upload-pack refused the request: ${stderr.trim() || `exit code ${code}`}`);
    }
    res.status(200).type('application/x-git-upload-pack-result').end();
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/x-git-upload-pack-result');
  res.setHeader('Cache-Control', 'no-cache');
  res.write(first);
  await Promise.all([input, pipeline(git.stdout, res)]);
}
