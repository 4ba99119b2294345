import type {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { processingResult } from '@backstage/plugin-catalog-node';
import path from 'node:path';
import type { OrgSourcePolicy } from '../orgSources/OrgSourcePolicy';
import { isOrgKind } from '../orgSources/OrgSourcePolicy';
import type { FileLocationGuard } from './FileLocationGuard';
import { refusalOf } from './fileAccess';
import { parseEntityYamlSafely } from './yamlErrors';

/**
 * Reads `file` locations in place of Backstage's FileReaderProcessor. The
 * catalog asks processors in order of priority and stops at the first that
 * reads a location; this one comes first (priority 10, the builtin has the
 * default 20) and claims every `file` location, so the builtin never reads
 * one. Unlike the builtin it reads only what {@link FileLocationGuard}
 * allows, takes the target literally (no glob patterns), and its YAML errors
 * name a line and column, not the file's lines.
 *
 * A file that declares Users or Groups and is neither an org source nor
 * listed by one is refused as a whole, with the error on its location
 * (as Backstage's catalog rules refuse a kind): none of its entities is added.
 */
export class LocalFileReaderProcessor implements CatalogProcessor {
  constructor(
    private readonly guard: FileLocationGuard,
    private readonly orgPolicy?: OrgSourcePolicy,
  ) {}

  getProcessorName() {
    return 'LocalFileReaderProcessor';
  }

  getPriority() {
    return 10;
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
  ): Promise<boolean> {
    if (location.type !== 'file') return false;
    const target = path.normalize(location.target);
    let data: Buffer;
    try {
      ({ data } = await this.guard.read(target));
    } catch (error) {
      if (refusalOf(error) === 'not-found') {
        if (!optional)
          emit(
            processingResult.notFoundError(location, (error as Error).message),
          );
      } else if (refusalOf(error)) {
        emit(processingResult.inputError(location, (error as Error).message));
      } else {
        emit(
          processingResult.generalError(
            location,
            `file ${location.target} could not be read`,
          ),
        );
      }
      return true;
    }
    const read = { type: 'file', target };
    const results = [...parseEntityYamlSafely(data, read)];
    const refused =
      this.orgPolicy?.mayDeclareOrg(read) === false
        ? results.flatMap(refusedRef)
        : [];
    if (refused.length) {
      emit(
        processingResult.inputError(
          location,
          this.orgPolicy!.refusal(refused, read),
        ),
      );
    } else {
      for (const result of results) emit(result);
    }
    emit(processingResult.refresh(`file:${target}`));
    return true;
  }
}

/** The ref of a User or Group in a parse result (as written, for the message). */
function refusedRef(result: { type: string; entity?: unknown }): string[] {
  if (
    result.type !== 'entity' ||
    !isOrgKind(result.entity as { kind?: unknown })
  )
    return [];
  const { kind, metadata } = result.entity as {
    kind: string;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  return [
    `${kind}:${String(metadata?.namespace ?? 'default')}/${String(
      metadata?.name,
    )}`.toLocaleLowerCase('en-US'),
  ];
}
