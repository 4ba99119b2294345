import { ConflictError, InputError } from '@backstage/errors';
import {
  changeBranch,
  GitRepositoryStore,
  RepoRef,
} from '@internal/plugin-git-hosting-node';
import { parseEntityRef } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractArchive, readTree } from '../engine/fileTree';
import { isBinary } from '../engine/mergeFile';
import type { TemplateUpgrader, UpgradePlan } from '../engine/TemplateUpgrader';
import type { ProposalInput } from './ChangeProposer';

/** The git host accepts at most this many files in one proposal. */
const MAX_FILES = 200;

/** The branch slug of an upgrade: one per template version, so a second run finds the first. */
export function upgradeSlug(template: string, version: string): string {
  return `template-upgrade-${parseEntityRef(template).name}-${version.replace(
    /\./g,
    '-',
  )}`.slice(0, 63);
}

/** What upgrading one repository produced. */
export interface RepositoryUpgrade {
  plan: UpgradePlan;
  proposal: ProposalInput;
}

/** The proposal's description: what changed, what is in conflict, what the team should look at. */
export function describePlan(plan: UpgradePlan): string {
  const name = parseEntityRef(plan.template).name;
  const list = (files: string[]) => files.map(f => `- \`${f}\``).join('\n');
  const parts = [
    `Upgrades this repository from ${name} ${plan.fromVersion} to ${plan.toVersion} (see the template's CHANGELOG.md).`,
    'The old version was rendered again with the answers in .launchpad/answers.yaml and merged with the new one file by file (git merge-file): your changes are kept.',
  ];
  if (plan.conflicts.length)
    parts.push(
      `**Conflicts** (resolve the <<<<<<< markers on this branch before merging):\n${list(
        plan.conflicts,
      )}`,
    );
  if (plan.migrated.length)
    parts.push(
      `Migrated by the template's upgrade steps:\n${list(plan.migrated)}`,
    );
  if (plan.keptDeleted.length)
    parts.push(
      `You deleted these template files; they stay deleted:\n${list(
        plan.keptDeleted,
      )}`,
    );
  if (plan.removedByTemplate.length)
    parts.push(
      `No longer part of the template (left in place; remove them if unused):\n${list(
        plan.removedByTemplate,
      )}`,
    );
  return parts.join('\n\n');
}

/**
 * Plans the upgrade of a repository on the git host to `toVersion` and
 * returns the proposal to open. Nothing is written: a repository without
 * lineage, an unknown or missing version, or an existing upgrade branch is
 * an error before any proposal exists.
 */
export async function planRepositoryUpgrade(options: {
  store: GitRepositoryStore;
  upgrader: TemplateUpgrader;
  repo: RepoRef;
  /** Default: the newest version (the caller resolves it from the template entity). */
  toVersion: string;
}): Promise<RepositoryUpgrade> {
  const { store, upgrader, repo, toVersion } = options;
  const summary = await store.get(repo); // NotFoundError for a missing repository
  if (!summary.head)
    throw new InputError(
      `${repo.org}/${repo.name} is empty: it has no lineage to upgrade`,
    );
  const work = await fs.mkdtemp(
    path.join(os.tmpdir(), 'template-upgrade-repo-'),
  );
  let plan: UpgradePlan;
  try {
    const { stream } = await store.archive(repo, summary.head, '');
    const skipped = await extractArchive(stream, work);
    const tree = await readTree(work);
    for (const p of tree.opaque) skipped.add(p);
    plan = await upgrader.plan({
      files: tree.files,
      opaque: skipped,
      toVersion,
    });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  const slug = upgradeSlug(plan.template, plan.toVersion);
  if (await store.branchExists(repo, changeBranch(slug)))
    throw new ConflictError(
      `${repo.org}/${repo.name} already has the branch ${changeBranch(
        slug,
      )} (an upgrade to ${
        plan.toVersion
      } was proposed before); merge or close that proposal and delete its branch first`,
    );
  const files: Record<string, string> = {};
  for (const [file, content] of plan.writes) {
    if (isBinary(content)) {
      plan.conflicts.push(file);
      continue;
    }
    files[file] = content.toString('utf-8');
  }
  if (Object.keys(files).length > MAX_FILES)
    throw new InputError(
      `The upgrade of ${repo.org}/${repo.name} changes ${
        Object.keys(files).length
      } files; a change proposal holds at most ${MAX_FILES}`,
    );
  return {
    plan,
    proposal: {
      repo,
      slug,
      title: `Upgrade to ${parseEntityRef(plan.template).name} ${
        plan.toVersion
      }${plan.conflicts.length ? ` (${plan.conflicts.length} conflicts)` : ''}`,
      description: describePlan(plan),
      files,
      base: summary.head,
    },
  };
}
