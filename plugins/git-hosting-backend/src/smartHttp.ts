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

/** POST git-upload-pack: negotiates and streams the pack for a clone/fetch. */
export async function serveUploadPack(req: Request, res: Response, repoDir: string) {
  res.status(200);
  res.setHeader('Content-Type', 'application/x-git-upload-pack-result');
  res.setHeader('Cache-Control', 'no-cache');
  const git = uploadPack([repoDir], req);
  const body = req.header('Content-Encoding') === 'gzip' ? req.pipe(zlib.createGunzip()) : req;
  await Promise.all([pipeline(body, git.stdin), pipeline(git.stdout, res)]);
}
