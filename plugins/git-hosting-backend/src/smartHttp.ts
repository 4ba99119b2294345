import { InputError } from '@backstage/errors';
import type {
  GitProcess,
  GitRepositoryStore,
  RepoRef,
} from '@internal/plugin-git-hosting-node';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);

/** Limits for the upload-pack request body. */
export interface RequestBodyLimits {
  maxRequestBodyBytes: number;
  requestBodyTimeoutMs: number;
}

/** One pkt-line (git's length-prefixed framing). */
function pktLine(text: string): string {
  return (text.length + 4).toString(16).padStart(4, '0') + text;
}

/**
 * GET info/refs?service=git-upload-pack: the ref advertisement that starts
 * a clone or fetch (git's smart HTTP protocol, served by the real git).
 */
export async function advertiseRefs(
  req: Request,
  res: Response,
  store: GitRepositoryStore,
  ref: RepoRef,
) {
  const git = await store.uploadPack(ref, {
    advertiseRefs: true,
    protocol: req.header('Git-Protocol'),
  });
  git.stdin.end();
  res.status(200);
  res.setHeader('Content-Type', 'application/x-git-upload-pack-advertisement');
  res.setHeader('Cache-Control', 'no-cache');
  if (!req.header('Git-Protocol')) {
    res.write(`${pktLine('# service=git-upload-pack\n')}0000`);
  }
  res.once('close', () => git.kill()); // a client that goes away stops git
  await streamToClient(git, res);
}

/**
 * Streams git's stdout as the response, which ends only if git succeeded; a
 * failure (or the timeout) cuts the connection, so a client never takes a
 * truncated pack for a whole one.
 */
async function streamToClient(git: GitProcess, res: Response) {
  git.stdout.pipe(res, { end: false });
  const stdoutEnded = git.stdout.readableEnded
    ? Promise.resolve()
    : once(git.stdout, 'end');
  try {
    await git.done;
  } catch (error) {
    res.destroy();
    throw error;
  }
  await stdoutEnded;
  res.end();
}

/**
 * Reads the whole request body before git starts, within a size cap (after
 * gzip) and a deadline: a client that sends slowly or never finishes holds
 * no git process, and is cut off at the deadline.
 */
export async function readRequestBody(
  req: Request,
  limits: RequestBodyLimits,
): Promise<Buffer> {
  const declared = Number(req.header('Content-Length'));
  if (Number.isFinite(declared) && declared > limits.maxRequestBodyBytes) {
    throw new InputError(
      `The request body is ${declared} bytes; at most ${limits.maxRequestBodyBytes} are accepted`,
    );
  }
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined = undefined;
    const fail = (error: Error) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume(); // drop the rest; the error answer goes out
      reject(error);
    };
    timer = setTimeout(
      () =>
        fail(
          new InputError(
            `The request body did not arrive within ${Math.round(
              limits.requestBodyTimeoutMs / 1000,
            )} s`,
          ),
        ),
      limits.requestBodyTimeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxRequestBodyBytes) {
        fail(
          new InputError(
            `The request body is larger than ${limits.maxRequestBodyBytes} bytes`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.once('error', fail);
    req.once('aborted', () =>
      fail(
        new InputError('The client closed the request before sending its body'),
      ),
    );
  });
  if (req.header('Content-Encoding') !== 'gzip') return raw;
  try {
    // the cap applies to what git would read, so a small gzip bomb is refused too
    return await gunzip(raw, { maxOutputLength: limits.maxRequestBodyBytes });
  } catch (error) {
    throw new InputError(
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        ? `The request body is larger than ${limits.maxRequestBodyBytes} bytes once decompressed`
        : 'The request body is not valid gzip',
    );
  }
}

/**
 * POST git-upload-pack: negotiates and streams the pack for a clone/fetch.
 * The response starts only once git produced output, so a request git
 * rejects (a malformed negotiation) is answered with a 400 carrying git's
 * message instead of an empty 200.
 */
export async function serveUploadPack(
  req: Request,
  res: Response,
  store: GitRepositoryStore,
  ref: RepoRef,
  limits: RequestBodyLimits,
) {
  const body = await readRequestBody(req, limits);
  const git = await store.uploadPack(ref, {
    protocol: req.header('Git-Protocol'),
  });
  res.once('close', () => git.kill()); // a client that goes away stops git
  git.stdin.on('error', () => undefined); // git may stop reading early
  git.stdin.end(body);
  const first = await new Promise<Buffer | undefined>(resolve => {
    git.stdout.once('data', chunk => {
      git.stdout.pause();
      resolve(chunk);
    });
    git.stdout.once('end', () => resolve(undefined));
  });
  if (!first) {
    try {
      await git.done;
    } catch (error) {
      if (error instanceof Error && error.name === 'GitCommandError') {
        throw new InputError(
          `git upload-pack refused the request: ${
            (error as { stderr?: string }).stderr?.trim() || error.message
          }`,
        );
      }
      throw error;
    }
    res.status(200).type('application/x-git-upload-pack-result').end();
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/x-git-upload-pack-result');
  res.setHeader('Cache-Control', 'no-cache');
  res.write(first);
  await streamToClient(git, res);
}
