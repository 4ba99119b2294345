import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  GeneratorBase,
  GeneratorRunOptions,
} from '@backstage/plugin-techdocs-node';
import { snapshotDocsTree } from './snapshotDocsTree';
import { validateMkdocsConfig } from './validateMkdocsConfig';
import { runMkdocs } from './runMkdocs';
import { DocsBuildLimits, DocsRejectedError } from './types';

export interface LaunchpadMkdocsGeneratorOptions {
  logger: LoggerService;
  auditor?: AuditorService;
  mkdocsCommand: string;
  limits: DocsBuildLimits;
}

const CONFIG_NAMES = ['mkdocs.yml', 'mkdocs.yaml'];

/**
 * TechDocs generator for docs from teams' repositories (hostile input):
 * copy the prepared tree under limits, validate mkdocs.yml, build the copy
 * with Debian's mkdocs (no Docker), write techdocs_metadata.json. Replaces
 * Backstage's TechdocsGenerator, which edits mkdocs.yml in the prepared
 * folder itself (for `dir:` locations, the source), runs mkdocs with the
 * portal's environment and without a timeout.
 */
export class LaunchpadMkdocsGenerator implements GeneratorBase {
  constructor(private readonly options: LaunchpadMkdocsGeneratorOptions) {}

  async run(opts: GeneratorRunOptions): Promise<void> {
    const work = await fs.mkdtemp(
      path.join(os.tmpdir(), 'launchpad-techdocs-'),
    );
    const event = await this.options.auditor?.createEvent({
      eventId: 'techdocs-build',
      severityLevel: 'low',
      meta: { site: opts.siteOptions?.name },
    });
    try {
      const tree = path.join(work, 'tree');
      await snapshotDocsTree(opts.inputDir, tree, this.options.limits);
      const name = await firstExisting(tree, CONFIG_NAMES);
      const text = name ? await fs.readFile(path.join(tree, name), 'utf8') : '';
      const { config } = validateMkdocsConfig(text, tree, {
        siteName: opts.siteOptions?.name,
      });
      for (const n of CONFIG_NAMES)
        await fs.rm(path.join(tree, n), { force: true });
      const configFile = path.join(tree, 'mkdocs.yml');
      // JSON is YAML without tags: what mkdocs reads is exactly what was checked
      await fs.writeFile(configFile, JSON.stringify(config, null, 2));
      const home = path.join(work, 'home');
      await fs.mkdir(home);
      await runMkdocs({
        command: this.options.mkdocsCommand,
        configFile,
        siteDir: opts.outputDir,
        cwd: tree,
        home,
        timeoutMs: this.options.limits.timeoutMs,
        logStream: opts.logStream,
      });
      await writeMetadata(opts.outputDir, config, opts.etag);
      opts.logger.info(
        `Generated docs into ${opts.outputDir} with ${this.options.mkdocsCommand}`,
      );
      await event?.success();
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (err instanceof DocsRejectedError) {
        opts.logger.warn(`Docs refused: ${err.message}`);
      }
      await event?.fail({ error: err });
      throw err;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}

async function firstExisting(dir: string, names: string[]) {
  for (const n of names) {
    try {
      if ((await fs.lstat(path.join(dir, n))).isFile()) return n;
    } catch {
      // next
    }
  }
  return undefined;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory())
      out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** What techdocs-core's plugin would write: the reader shows site_name and site_description. */
async function writeMetadata(
  outputDir: string,
  config: Record<string, unknown>,
  etag?: string,
) {
  const metadata: Record<string, unknown> = {
    site_name: config.site_name,
    site_description: config.site_description ?? '',
    build_timestamp: Date.now(),
    files: await listFiles(outputDir),
  };
  if (etag) metadata.etag = etag;
  await fs.writeFile(
    path.join(outputDir, 'techdocs_metadata.json'),
    JSON.stringify(metadata),
  );
}
