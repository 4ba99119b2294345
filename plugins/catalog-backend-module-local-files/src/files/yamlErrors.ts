import { stringifyLocationRef } from '@backstage/catalog-model';
import {
  CatalogProcessorParser,
  CatalogProcessorResult,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import yaml from 'yaml';

/**
 * What each YAML error code means, in words that quote nothing from the file.
 * The yaml library's own messages end with the offending lines (and some,
 * such as an unresolved alias, name text from the file): those lines may be
 * a secret when the file is not what it was said to be.
 */
const YAML_ERROR_KINDS: Record<string, string> = {
  ALIAS_PROPS: 'an alias has properties',
  BAD_ALIAS:
    'an alias is invalid, names an anchor that is not set, or expands too much',
  BAD_COLLECTION_TYPE: 'a collection has the wrong type for its tag',
  BAD_DIRECTIVE: 'a directive is invalid',
  BAD_DQ_ESCAPE: 'a double-quoted string has an invalid escape',
  BAD_INDENT: 'the indentation is wrong, or a bracket or quote is not closed',
  BAD_PROP_ORDER: 'an anchor or tag is in the wrong place',
  BAD_SCALAR_START: 'a value starts with a character that is not allowed there',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection is used as a key',
  BLOCK_IN_FLOW: 'a block collection is inside a flow collection',
  DUPLICATE_KEY: 'a key appears twice in one map',
  IMPOSSIBLE: 'the parser reached an impossible state',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a closing bracket, brace, quote or a separator is missing',
  MULTILINE_IMPLICIT_KEY: 'a key spans several lines',
  MULTIPLE_ANCHORS: 'a node has more than one anchor',
  MULTIPLE_DOCS: 'more than one document where one was expected',
  MULTIPLE_TAGS: 'a node has more than one tag',
  NON_STRING_KEY: 'a key is not a string',
  TAB_AS_INDENT: 'a tab is used for indentation',
  TAG_RESOLVE_FAILED: 'a tagged value could not be resolved',
  UNEXPECTED_TOKEN: 'a token is not allowed where it appears',
  BAD_INPUT: 'the input is not YAML text',
};

/**
 * Describes a YAML parse error by position and kind only, e.g.
 * `line 4, column 9: MISSING_CHAR (a closing bracket ... is missing)`.
 */
export function describeYamlError(error: unknown): string {
  const { linePos } = (error ?? {}) as {
    linePos?: Array<{ line: number; col: number }>;
  };
  // toJSON() throws a ReferenceError for an alias it cannot (or must not) resolve.
  const code =
    (error as { code?: string })?.code ??
    (error instanceof ReferenceError ? 'BAD_ALIAS' : undefined);
  const where = linePos?.[0]
    ? `line ${linePos[0].line}, column ${linePos[0].col}`
    : 'unknown position';
  const kind =
    code && YAML_ERROR_KINDS[code]
      ? `${code} (${YAML_ERROR_KINDS[code]})`
      : code ?? 'not valid YAML';
  return `${where}: ${kind}`;
}

/**
 * Parses the entities of a YAML file as the catalog's default parser does,
 * but an error names the line, column and kind of the mistake and never
 * quotes the file.
 */
export function* parseEntityYamlSafely(
  data: Buffer | string,
  location: LocationSpec,
): Iterable<CatalogProcessorResult> {
  const loc = stringifyLocationRef(location);
  let documents: yaml.Document.Parsed[];
  try {
    documents = yaml
      .parseAllDocuments(
        typeof data === 'string' ? data : data.toString('utf8'),
      )
      .filter(d => d) as yaml.Document.Parsed[];
  } catch (error) {
    yield processingResult.generalError(
      location,
      `YAML error at ${loc}, ${describeYamlError(error)}`,
    );
    return;
  }
  for (const document of documents) {
    if (document.errors?.length) {
      yield processingResult.generalError(
        location,
        `YAML error at ${loc}, ${describeYamlError(document.errors[0])}`,
      );
      continue;
    }
    let json: unknown;
    try {
      json = document.toJSON();
    } catch (error) {
      yield processingResult.generalError(
        location,
        `YAML error at ${loc}, ${describeYamlError(error)}`,
      );
      continue;
    }
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      yield processingResult.entity(location, json as any);
    } else if (json !== null) {
      yield processingResult.generalError(
        location,
        `YAML error at ${loc}: expected an object at the root of each document, got ${
          Array.isArray(json) ? 'an array' : typeof json
        }`,
      );
    }
  }
}

/**
 * The catalog's entity data parser with {@link parseEntityYamlSafely}: used by
 * Backstage's URL reader too, so a YAML error in a `url` location (which may
 * be a private file the backend can read) does not quote it either.
 */
export const safeEntityDataParser: CatalogProcessorParser =
  async function* safeEntityDataParser({ data, location }) {
    yield* parseEntityYamlSafely(data, location);
  };
