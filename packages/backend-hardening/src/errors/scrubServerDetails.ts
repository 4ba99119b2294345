import os from 'node:os';
import path from 'node:path';

/** Top-level folders whose paths are the server's, never the client's business. */
const SYSTEM_ROOTS = [
  'work',
  'root',
  'home',
  'tmp',
  'var',
  'usr',
  'opt',
  'etc',
  'srv',
  'proc',
  'sys',
  'dev',
  'app',
  'workspace',
  'mnt',
  'private',
  'Users',
];

function serverRoots(): string[] {
  const roots = new Set(SYSTEM_ROOTS);
  for (const dir of [
    process.cwd(),
    os.homedir(),
    os.tmpdir(),
    path.dirname(process.execPath),
  ]) {
    const first = dir.split(path.sep).filter(Boolean)[0];
    if (first) roots.add(first);
  }
  return [...roots];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest message answered; the rest is cut (an echoed 10k-character id helps nobody). */
const MAX_MESSAGE_LENGTH = 2000;

/** A run of characters between separators: paths are looked for token by token, in linear time. */
const TOKEN = /[^\s'"`(),;]+/g;

/**
 * Inside a token, an absolute path under one of the server's roots: at the
 * start of the token or after `=`, `[`, `{`, `<`, `@` (so `url:http://host/api/...`
 * and other URL paths are left alone).
 */
const ROOT_PATH = new RegExp(
  `(^|[=[{<@])\\/(?:${serverRoots().map(escape).join('|')})(?=\\/|$)`,
);

/** A stack frame line ("    at fn (/path/file.js:1:2)") inside a message. */
const STACK_LINE = /^[ \t]*at .*$/gm;

function scrubToken(token: string): string {
  if (
    token.startsWith('file:') ||
    token.includes('node_modules') ||
    /^[A-Za-z]:\\/.test(token)
  )
    return '<server path>';
  const root = ROOT_PATH.exec(token);
  if (root)
    return `${token.slice(0, root.index + root[1].length)}<server path>`;
  return token;
}

/** Removes server paths and stack frames from a text meant for a client; linear in its length. */
export function scrubServerDetails(text: string): string {
  const cut =
    text.length > MAX_MESSAGE_LENGTH
      ? `${text.slice(0, MAX_MESSAGE_LENGTH)}… (cut)`
      : text;
  return cut
    .replace(STACK_LINE, '')
    .replace(TOKEN, scrubToken)
    .replace(/\n{2,}/g, '\n')
    .trim();
}
