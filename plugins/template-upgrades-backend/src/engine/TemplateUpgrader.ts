import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import type { GitRunner } from '@internal/plugin-git-hosting-node';
import {
  ANSWERS_PATH,
  GoldenPathSettings,
  Lineage,
  parseLineage,
  renderGoldenPath,
} from '@internal/plugin-scaffolder-backend-module-launchpad';
import { parseEntityRef } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { readTree } from './fileTree';
import { mergeFile } from './mergeFile';
import type { FileTree, TreeMergeResult } from './mergeTrees';
import { mergeTrees } from './mergeTrees';
import {
  applyMigrations,
  migrationsBetween,
  MIGRATIONS_FILE,
  parseMigrations,
} from './migrations';
import type { TemplateSource } from './TemplateSource';
import { compareVersions, SEMVER } from './versions';

/** What an upgrade of one repository would change. */
export interface UpgradePlan extends TreeMergeResult {
  lineage: Lineage;
  template: string;
  fromVersion: string;
  toVersion: string;
  /** Files a migration step changed (in the team's version). */
  migrated: string[];
}

/** Options of {@link TemplateUpgrader}. */
export interface TemplateUpgraderOptions {
  source: TemplateSource;
  runner: GitRunner;
  settings: GoldenPathSettings;
  integrations: ScmIntegrations;
  logger: LoggerService;
  /** Folder for checkouts, renders and merges (made if missing). */
  tmpRoot: string;
}

const RENDER_ACTION = 'launchpad:render';

/**
 * Upgrades a repository made from a golden path: re-renders the recorded
 * version with the recorded answers (the team's starting point), renders
 * the new version with the same answers, runs the new version's migrations
 * on the team's files and the old render, and merges file by file with
 * `git merge-file` ({@link mergeTrees} has the rules).
 */
export class TemplateUpgrader {
  private readonly fetchTemplate;
  private readonly checkouts = new Map<string, Promise<string>>();
  private counter = 0;

  constructor(private readonly options: TemplateUpgraderOptions) {
    this.fetchTemplate = createFetchTemplateAction({
      // file: URLs only: templates are unpacked from the source repository first
      reader: {
        readUrl: async () => {
          throw new Error('template upgrades read templates from disk only');
        },
        readTree: async () => {
          throw new Error('template upgrades read templates from disk only');
        },
        search: async () => {
          throw new Error('template upgrades read templates from disk only');
        },
      } as any,
      integrations: options.integrations,
    });
  }

  /** The lineage of a repository's files; an InputError when it has none. */
  static lineageOf(files: FileTree): Lineage {
    const answers = files.get(ANSWERS_PATH);
    if (!answers)
      throw new InputError(
        `The repository has no lineage: ${ANSWERS_PATH} is missing, so it was not created from a golden path by this portal (or the file was removed)`,
      );
    return parseLineage(answers.toString('utf-8'));
  }

  /** Plans the upgrade of `files` (the default branch's files) to `toVersion`. */
  async plan(input: {
    files: FileTree;
    opaque?: Set<string>;
    toVersion: string;
  }): Promise<UpgradePlan> {
    const lineage = TemplateUpgrader.lineageOf(input.files);
    const templateName = parseEntityRef(lineage.template).name;
    const { toVersion } = input;
    if (!SEMVER.test(toVersion))
      throw new InputError(
        `${JSON.stringify(toVersion)} is not a template version (x.y.z)`,
      );
    if (compareVersions(toVersion, lineage.version) <= 0)
      throw new ConflictError(
        `The repository is on ${templateName} ${lineage.version}; there is nothing to upgrade to ${toVersion}`,
      );
    const [oldDir, newDir] = await Promise.all([
      this.checkout(templateName, lineage.version),
      this.checkout(templateName, toVersion),
    ]);
    const work = await this.workDir();
    try {
      const [base, theirs] = await Promise.all([
        this.render(oldDir, templateName, lineage, path.join(work, 'base')),
        this.render(newDir, templateName, lineage, path.join(work, 'theirs')),
      ]);
      const migrations = migrationsBetween(
        await this.migrationsOf(newDir, templateName),
        lineage.version,
        toVersion,
      );
      const oursMigrated = applyMigrations(
        input.files,
        migrations,
        theirs.values,
      );
      const baseMigrated = applyMigrations(base.files, migrations, base.values);
      const mergeRoot = path.join(work, 'merge');
      await fs.mkdir(mergeRoot);
      const result = await mergeTrees({
        base: baseMigrated.tree,
        theirs: theirs.files,
        ours: oursMigrated.tree,
        opaque: input.opaque,
        labels: {
          ours: 'your repository',
          base: `${templateName} ${lineage.version}`,
          theirs: `${templateName} ${toVersion}`,
        },
        merge: (sides, labels) =>
          mergeFile(this.options.runner, mergeRoot, sides, labels),
      });
      // a migrated file the merge left as the team's still needs its migration written
      for (const file of oursMigrated.changed) {
        if (!result.writes.has(file))
          result.writes.set(file, oursMigrated.tree.get(file)!);
      }
      // the lineage is the portal's: always the new version's
      const answers = theirs.files.get(ANSWERS_PATH);
      if (answers) result.writes.set(ANSWERS_PATH, answers);
      result.conflicts = result.conflicts.filter(f => f !== ANSWERS_PATH);
      return {
        ...result,
        lineage,
        template: lineage.template,
        fromVersion: lineage.version,
        toVersion,
        migrated: oursMigrated.changed,
      };
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /** Renders `name`@`version` from the source with `lineage`'s answers into `outDir` (as a task would have). */
  async renderVersion(
    name: string,
    version: string,
    lineage: Pick<Lineage, 'template' | 'answers' | 'source'>,
    outDir: string,
  ): Promise<FileTree> {
    const dir = await this.checkout(name, version);
    return (await this.render(dir, name, lineage as Lineage, outDir)).files;
  }

  /** Removes the checkouts kept for this upgrader's batch. */
  async dispose(): Promise<void> {
    const dirs = await Promise.allSettled(this.checkouts.values());
    this.checkouts.clear();
    await Promise.all(
      dirs.map(d =>
        d.status === 'fulfilled'
          ? fs.rm(d.value, { recursive: true, force: true })
          : undefined,
      ),
    );
  }

  private async workDir(): Promise<string> {
    await fs.mkdir(this.options.tmpRoot, { recursive: true });
    const root = await fs.realpath(this.options.tmpRoot);
    return fs.mkdtemp(path.join(root, `upgrade-${this.counter++}-`));
  }

  /** One checkout per template version for the whole batch. */
  private checkout(name: string, version: string): Promise<string> {
    const key = `${name}@${version}`;
    let dir = this.checkouts.get(key);
    if (!dir) {
      dir = (async () => {
        const target = await this.workDir();
        await this.options.source.checkout(name, version, target);
        return target;
      })();
      dir.catch(() => this.checkouts.delete(key));
      this.checkouts.set(key, dir);
    }
    return dir;
  }

  private async migrationsOf(dir: string, name: string) {
    const text = await fs
      .readFile(path.join(dir, name, MIGRATIONS_FILE), 'utf-8')
      .catch(() => undefined);
    return text ? parseMigrations(text) : [];
  }

  /** Renders one template version of a checkout with the recorded answers. */
  private async render(
    dir: string,
    name: string,
    lineage: Pick<Lineage, 'template' | 'answers' | 'source'>,
    outDir: string,
  ): Promise<{ files: FileTree; values: Record<string, unknown> }> {
    const templateFile = path.join(dir, name, 'template.yaml');
    const doc = parseDocument(await fs.readFile(templateFile, 'utf-8'));
    const template = doc.toJS({ maxAliasCount: 0 }) as any;
    const version =
      template?.metadata?.annotations?.['launchpad.io/template-version'];
    if (typeof version !== 'string')
      throw new InputError(
        `${name}'s template.yaml declares no launchpad.io/template-version`,
      );
    const step = (template?.spec?.steps ?? []).find(
      (s: any) => s?.action === RENDER_ACTION,
    );
    if (!step)
      throw new InputError(
        `${name} ${version} has no ${RENDER_ACTION} step: it cannot be upgraded`,
      );
    const { skeleton, standard = 'none', language } = step.input ?? {};
    if (
      typeof skeleton !== 'string' ||
      !['service', 'none'].includes(standard) ||
      (language !== undefined && !['node', 'go'].includes(language))
    )
      throw new InputError(
        `${name} ${version}: its ${RENDER_ACTION} step input is not literal`,
      );
    await fs.mkdir(outDir, { recursive: true });
    const values = await renderGoldenPath({
      fetchTemplate: this.fetchTemplate,
      templateBaseUrl: pathToFileURL(templateFile).href,
      sharedDir: path.join(dir, '_shared'),
      skeleton,
      standard,
      language,
      parameters: lineage.answers,
      template: {
        name,
        namespace: parseEntityRef(lineage.template).namespace,
        version,
        parameters: template?.spec?.parameters,
      },
      settings: {
        ...this.options.settings,
        sourceRepository: lineage.source.repository,
      },
      workspacePath: outDir,
      logger: this.options.logger,
    });
    return { files: (await readTree(outDir)).files, values };
  }
}
