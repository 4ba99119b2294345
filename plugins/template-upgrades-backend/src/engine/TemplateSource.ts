import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  GitCommandError,
  GitRepositoryStore,
  RepoRef,
} from '@internal/plugin-git-hosting-node';
import { templateTag } from '@internal/plugin-scaffolder-backend-module-launchpad';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { extractArchive } from './fileTree';

/** Where old and new template versions come from. */
export interface TemplateSource {
  /** Unpacks `<name>/` and `_shared/` of a version into `dir`; NotFoundError when it is not there. */
  checkout(name: string, version: string, dir: string): Promise<void>;
}

const VERSION_ANNOTATION = 'launchpad.io/template-version';

/** Folders of templates/ that are not part of a template version (rendered examples, installs). */
const NOT_SOURCE = new Set(['golden', 'node_modules']);

/**
 * The golden paths kept on the portal's git host (default
 * platform/golden-paths): `main` holds snapshots of templates/, and every
 * released template version is a tag `<template>@<version>` that is never
 * moved. The image has no .git, so this is what makes an old version
 * renderable at run time: {@link GitTemplateSource.seed} runs at start and
 * tags each version it has not seen yet.
 */
export class GitTemplateSource implements TemplateSource {
  constructor(
    private readonly store: GitRepositoryStore,
    readonly repo: RepoRef,
  ) {}

  async checkout(name: string, version: string, dir: string): Promise<void> {
    const tag = `refs/tags/${templateTag(name, version)}`;
    if (!(await this.store.exists(this.repo)))
      throw new NotFoundError(
        `The golden paths repository ${this.repo.org}/${this.repo.name} does not exist, so ${name}@${version} cannot be rendered`,
      );
    try {
      await this.store.resolveCommit(this.repo, tag);
    } catch (error) {
      throw new NotFoundError(
        `Template ${name} version ${version} is not in ${this.repo.org}/${
          this.repo.name
        } (no tag ${templateTag(name, version)})`,
      );
    }
    for (const folder of [name, '_shared']) {
      const { stream } = await this.store.archive(this.repo, tag, folder);
      await extractArchive(stream, dir);
    }
  }

  /**
   * Snapshots `templatesDir` onto `main` and tags every template version
   * that has no tag yet. A version whose files changed without a version
   * bump keeps its old tag (tags never move) and is logged.
   */
  async seed(
    templatesDir: string,
    options: { logger: LoggerService; author: { name: string; email: string } },
  ): Promise<{ tagged: string[] }> {
    const { logger } = options;
    if (!(await this.store.exists(this.repo))) {
      await this.store
        .create({
          ...this.repo,
          description:
            'Golden path templates, one tag per <template>@<version>',
        })
        .catch(async error => {
          if (!(await this.store.exists(this.repo))) throw error;
        });
    }
    const gitDir = this.store.repoPath(this.repo);
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-paths-'));
    const env = {
      GIT_DIR: gitDir,
      GIT_WORK_TREE: work,
      GIT_AUTHOR_NAME: options.author.name,
      GIT_AUTHOR_EMAIL: options.author.email,
      GIT_COMMITTER_NAME: options.author.name,
      GIT_COMMITTER_EMAIL: options.author.email,
    };
    const runner = this.store.runner;
    const versions: Array<{ name: string; version: string }> = [];
    try {
      for (const entry of await fs.readdir(templatesDir, {
        withFileTypes: true,
      })) {
        if (!entry.isDirectory()) continue;
        const source = path.join(templatesDir, entry.name);
        await fs.cp(source, path.join(work, entry.name), {
          recursive: true,
          filter: from =>
            path.basename(from) !== 'node_modules' &&
            !(
              NOT_SOURCE.has(path.basename(from)) &&
              path.dirname(from) === source
            ),
        });
        const yamlText = await fs
          .readFile(path.join(source, 'template.yaml'), 'utf-8')
          .catch(() => undefined);
        const version = yamlText
          ? parseDocument(yamlText).getIn([
              'metadata',
              'annotations',
              VERSION_ANNOTATION,
            ])
          : undefined;
        if (typeof version === 'string')
          versions.push({ name: entry.name, version });
      }
      await runner.run(
        { subcommand: 'add', flags: ['--all'], paths: ['.'] },
        { cwd: work, env },
      );
      const head = await runner
        .text(
          {
            subcommand: 'rev-parse',
            flags: ['--verify', '--quiet'],
            args: ['HEAD^{commit}'],
          },
          { cwd: work, env },
        )
        .then(
          t => t.trim(),
          () => undefined,
        );
      let changed = !head;
      if (head) {
        try {
          await runner.run(
            {
              subcommand: 'diff',
              flags: ['--cached', '--quiet'],
              args: ['HEAD'],
            },
            { cwd: work, env },
          );
        } catch (error) {
          if (!(error instanceof GitCommandError)) throw error;
          changed = true;
        }
      }
      if (changed) {
        await runner.run(
          {
            subcommand: 'commit',
            flags: [
              '--quiet',
              '--no-verify',
              '--message=Snapshot of the golden paths',
            ],
          },
          { cwd: work, env },
        );
      }
      const snapshot = (
        await runner.text(
          {
            subcommand: 'rev-parse',
            flags: ['--verify'],
            args: ['HEAD^{commit}'],
          },
          { cwd: work, env },
        )
      ).trim();
      const tagged: string[] = [];
      for (const { name, version } of versions) {
        const tag = templateTag(name, version);
        let existing: string | undefined;
        try {
          existing = await this.store.resolveCommit(
            this.repo,
            `refs/tags/${tag}`,
          );
        } catch {
          existing = undefined;
        }
        if (existing) {
          const [a, b] = await Promise.all(
            [existing, snapshot].map(c =>
              runner.text(
                {
                  subcommand: 'rev-parse',
                  flags: ['--verify'],
                  args: [`${c}:${name}`],
                },
                { cwd: gitDir },
              ),
            ),
          );
          if (a.trim() !== b.trim())
            logger.warn(
              `Template ${name} changed without a version bump: ${tag} stays at its first content; bump launchpad.io/template-version so services can upgrade to the change`,
            );
          continue;
        }
        await runner
          .run(
            {
              subcommand: 'update-ref',
              args: [`refs/tags/${tag}`, snapshot, '0'.repeat(40)],
            },
            { cwd: gitDir },
          )
          .then(
            () => tagged.push(tag),
            error => {
              if (!(error instanceof GitCommandError)) throw error; // tagged meanwhile
            },
          );
      }
      return { tagged };
    } finally {
      await fs.rm(path.join(gitDir, 'index'), { force: true });
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}
