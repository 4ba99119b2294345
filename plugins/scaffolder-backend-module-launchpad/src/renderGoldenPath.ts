import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fetchTemplateLogger } from './fetchTemplateLogger';
import {
  computeGoldenPathValues,
  GoldenPathSettings,
} from './goldenPathValues';
import {
  ANSWERS_PATH,
  answersWithoutSecrets,
  DEFAULT_SOURCE_REPOSITORY,
  formatLineage,
  templateTag,
} from './lineage';

/** The shared standards a template can ask for, each a folder of templates/_shared. */
const STANDARDS = { service: 'service-standard' } as const;

/** What {@link renderGoldenPath} renders. */
export interface RenderGoldenPathOptions {
  fetchTemplate: ReturnType<typeof createFetchTemplateAction>;
  /** file: URL of the template's template.yaml (skeleton paths are relative to it). */
  templateBaseUrl?: string;
  /** templates/_shared of the same revision as the template. */
  sharedDir: string;
  skeleton: string;
  standard: 'service' | 'none';
  language?: 'node' | 'go';
  parameters: Record<string, unknown>;
  /** The template entity: name, namespace, version, its `parameters` pages. */
  template: {
    name: string;
    namespace?: string;
    version: string;
    parameters?: unknown;
  };
  settings: GoldenPathSettings & { sourceRepository?: string };
  workspacePath: string;
  logger: LoggerService;
  /** The scaffolder's action context, when a task renders; else a minimal one is made. */
  context?: Record<string, unknown>;
}

/**
 * Renders a golden path into `workspacePath`: the template's own skeleton,
 * the shared standard for services, with ONE set of values, through the
 * scaffolder's fetch:template engine; then writes the lineage
 * ({@link ANSWERS_PATH}). launchpad:render and the template upgrades both
 * render through here, so an upgrade re-renders exactly what a task made.
 */
export async function renderGoldenPath(options: RenderGoldenPathOptions) {
  const { skeleton, standard, language, parameters, settings, logger } =
    options;
  if (standard === 'service' && !language) {
    throw new InputError(
      'language is required with the service standard (node or go)',
    );
  }
  const values = computeGoldenPathValues({
    parameters,
    language,
    template: {
      name: options.template.name,
      version: options.template.version,
    },
    settings,
  });
  const temporary: string[] = [];
  const context = options.context ?? {
    logger,
    output: () => undefined,
    checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
    createTemporaryDirectory: async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'launchpad-render-'));
      temporary.push(dir);
      return dir;
    },
    isDryRun: false,
  };
  // fetch:template's line per file, counted instead (one summary below)
  const fetchLogger = fetchTemplateLogger(
    (context as { logger?: LoggerService }).logger ?? logger,
  );
  try {
    await refuseSymlinksInSource(options.templateBaseUrl, skeleton);
    logger.info(
      `Rendering ${skeleton} for ${values.name} (owner ${values.owner})`,
    );
    await options.fetchTemplate.handler({
      ...context,
      logger: fetchLogger,
      templateInfo: {
        ...(context as any).templateInfo,
        baseUrl: options.templateBaseUrl,
      },
      workspacePath: options.workspacePath,
      input: { url: skeleton, values, targetPath: './' },
    } as any);

    if (standard !== 'none') {
      const folder = STANDARDS[standard];
      logger.info(`Rendering the shared ${folder} (${options.sharedDir})`);
      // fetch:template resolves relative URLs against the template's location;
      // point it at the shared folder instead of the template's own.
      const baseUrl = pathToFileURL(
        path.join(options.sharedDir, 'standards.yaml'),
      ).href;
      await refuseSymlinksInSource(baseUrl, `./${folder}`);
      await options.fetchTemplate.handler({
        ...context,
        logger: fetchLogger,
        templateInfo: { ...(context as any).templateInfo, baseUrl },
        workspacePath: options.workspacePath,
        input: { url: `./${folder}`, values, targetPath: './' },
      } as any);
    }
    await refuseSymlinks(options.workspacePath);
    logger.info(`Rendered ${values.name}: ${fetchLogger.summary()}`);
  } finally {
    await Promise.all(
      temporary.map(dir => fs.rm(dir, { recursive: true, force: true })),
    );
  }
  const answersFile = resolveSafeChildPath(options.workspacePath, ANSWERS_PATH);
  await fs.mkdir(path.dirname(answersFile), { recursive: true });
  await fs.writeFile(
    answersFile,
    formatLineage({
      template: `template:${options.template.namespace ?? 'default'}/${
        options.template.name
      }`,
      version: options.template.version,
      source: {
        repository: settings.sourceRepository ?? DEFAULT_SOURCE_REPOSITORY,
        tag: templateTag(options.template.name, options.template.version),
      },
      answers: answersWithoutSecrets(parameters, options.template.parameters),
    }),
  );
  return values;
}

/**
 * A skeleton on disk may not carry symbolic links (they could point at files
 * of the server) nor sit outside its template's folder. Remote skeletons are
 * read as archives, which the scaffolder unpacks without links.
 */
async function refuseSymlinksInSource(
  baseUrl: string | undefined,
  relative: string,
) {
  if (!baseUrl?.startsWith('file:')) return;
  const source = resolveSafeChildPath(
    path.dirname(fileURLToPath(baseUrl)),
    relative,
  );
  await refuseSymlinks(source);
}

/** No symbolic links below `dir`. */
async function refuseSymlinks(dir: string) {
  for (const entry of await fs.readdir(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (entry.isSymbolicLink()) {
      const parent = (entry as any).parentPath ?? (entry as any).path;
      throw new InputError(
        `The skeleton contains the symbolic link ${path.relative(
          dir,
          path.join(parent, entry.name),
        )}; links are refused because they may point outside the workspace`,
      );
    }
  }
}
