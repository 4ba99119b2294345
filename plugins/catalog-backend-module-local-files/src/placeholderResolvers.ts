import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  processingResult,
  PlaceholderResolver,
  PlaceholderResolverParams,
} from '@backstage/plugin-catalog-node';
import type { JsonValue } from '@backstage/types';
import path from 'node:path';
import yaml from 'yaml';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_READ_TIMEOUT_MS } from './config';
import {
  ReadLimits,
  readRegularFile,
  resolveContained,
} from './files/fileAccess';
import { describeYamlError } from './files/yamlErrors';

/** How a placeholder target is read: a file beside a `file` location, or a URL. */
type ResolvedTarget =
  | { kind: 'file'; path: string; folder: string }
  | { kind: 'url'; url: string };

const hasScheme = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value);

/**
 * Works out where a placeholder points. Upstream resolves relative paths with
 * URL semantics only, which fails for entities registered from a `file`
 * location (their base is a path on disk). A relative path beside a file
 * location is read from disk, and may not leave the folder of the file that
 * declares it (the file-system twin of upstream's same-repository rule).
 * This is the lexical check; the read checks the real path again.
 */
export function resolvePlaceholderTarget(
  params: Pick<
    PlaceholderResolverParams,
    'key' | 'value' | 'baseUrl' | 'resolveUrl'
  >,
): ResolvedTarget {
  const { key, value, baseUrl } = params;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(
      `Placeholder $${key} expected a string value, an absolute URL or a relative path`,
    );
  }
  if (hasScheme(value)) return { kind: 'url', url: value };
  if (!hasScheme(baseUrl)) {
    if (path.isAbsolute(value)) {
      throw new Error(
        `Placeholder $${key} may not use the absolute path ${value}; use a path relative to ${baseUrl}`,
      );
    }
    const folder = path.dirname(path.resolve(baseUrl));
    const target = path.resolve(folder, value);
    if (target !== folder && !target.startsWith(folder + path.sep)) {
      throw new Error(
        `Placeholder $${key} may only read files inside ${folder}, not ${value}`,
      );
    }
    return { kind: 'file', path: target, folder };
  }
  return { kind: 'url', url: params.resolveUrl(value, baseUrl) };
}

async function readTarget(
  params: PlaceholderResolverParams,
  target: ResolvedTarget,
  limits: ReadLimits,
): Promise<string> {
  try {
    if (target.kind === 'file') {
      // Symbolic links are resolved: the real file must be in the real folder.
      const real = await resolveContained(target.path, {
        folders: [target.folder],
        describe: `the folder of the file that declares it, ${target.folder}`,
      });
      const content = (
        await readRegularFile(real, String(params.value), limits)
      ).toString('utf-8');
      params.emit(processingResult.refresh(`file:${target.path}`));
      return content;
    }
    const content = (await params.read(target.url)).toString('utf-8');
    params.emit(processingResult.refresh(`url:${target.url}`));
    return content;
  } catch (error) {
    throw new Error(
      `Placeholder $${params.key} could not read ${params.value}: ${
        (error as Error).message
      }`,
    );
  }
}

/** Options for {@link createPlaceholderResolvers}. */
export interface PlaceholderResolversOptions {
  logger: LoggerService;
  /** Limits on a file read beside a file location (default 1 MiB, 5 s). */
  limits?: Partial<ReadLimits>;
}

/**
 * `$text`, `$yaml` and `$json` resolvers. A `$text` whose remote URL cannot be
 * read (no network, no integration, not allowed by backend.reading) still lets
 * the entity in: the text says what could not be read and why, instead of
 * the entity disappearing from the catalog. Local files that are missing, and
 * structured `$yaml`/`$json` data, stay errors: those are mistakes in the repo.
 * Local files are regular files in the declaring file's folder (real paths),
 * under the size cap; parse errors name a position, never the file's text.
 */
export function createPlaceholderResolvers(
  options: PlaceholderResolversOptions,
): Record<'text' | 'yaml' | 'json', PlaceholderResolver> {
  const limits: ReadLimits = {
    maxBytes: options.limits?.maxBytes ?? DEFAULT_MAX_FILE_BYTES,
    timeoutMs: options.limits?.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
  };
  const text: PlaceholderResolver = async params => {
    const target = resolvePlaceholderTarget(params);
    try {
      return await readTarget(params, target, limits);
    } catch (error) {
      if (target.kind === 'file') throw error;
      options.logger.warn(
        `Keeping entity from ${params.baseUrl} without its $text content: ${
          (error as Error).message
        }`,
      );
      return unreadableDefinitionNotice(target.url, error as Error);
    }
  };

  const yamlResolver: PlaceholderResolver = async params => {
    const content = await readTarget(
      params,
      resolvePlaceholderTarget(params),
      limits,
    );
    const documents = yaml.parseAllDocuments(content);
    const docs = Array.isArray(documents) ? documents : [documents];
    if (docs.length !== 1) {
      throw new Error(
        `Placeholder $${params.key} expected exactly one YAML document in ${params.value}, found ${docs.length}`,
      );
    }
    if (docs[0].errors.length) {
      throw new Error(
        `Placeholder $${params.key} found invalid YAML in ${
          params.value
        }, ${describeYamlError(docs[0].errors[0])}`,
      );
    }
    try {
      return docs[0].toJSON() as JsonValue;
    } catch (error) {
      throw new Error(
        `Placeholder $${params.key} found invalid YAML in ${
          params.value
        }, ${describeYamlError(error)}`,
      );
    }
  };

  const json: PlaceholderResolver = async params => {
    const content = await readTarget(
      params,
      resolvePlaceholderTarget(params),
      limits,
    );
    try {
      return JSON.parse(content) as JsonValue;
    } catch (error) {
      throw new Error(
        `Placeholder $${params.key} found invalid JSON in ${
          params.value
        }${describeJsonError(content, error)}`,
      );
    }
  };

  return { text, yaml: yamlResolver, json };
}

/** The text kept in place of a definition that could not be fetched. */
export function unreadableDefinitionNotice(url: string, error: Error): string {
  return [
    '# This definition could not be read when the entity was last processed.',
    `# Source: ${url}`,
    `# Reason: ${error.message.replace(/\s+/g, ' ')}`,
    '# The catalog will try again on its next refresh.',
    '',
  ].join('\n');
}

/**
 * Where a JSON parse error is, as a line and column: Node's own message
 * quotes the text around the mistake, which may be a secret.
 */
function describeJsonError(content: string, error: unknown): string {
  const match = /position (\d+)/.exec((error as Error).message ?? '');
  if (!match) return '';
  const before = content.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = Number(match[1]) - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
