import {
  changeBranch,
  GitRepositoryStore,
} from '@internal/plugin-git-hosting-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { extractArchive, readTree } from '../engine/fileTree';
import type { FileTree } from '../engine/mergeTrees';
import { planRepositoryUpgrade } from '../services/upgradeRepository';
import type { UpgradePlan } from '../engine/TemplateUpgrader';
import {
  exampleAnswers,
  FLEET_TEMPLATES,
  makeGoldenPaths,
} from './fixtureTemplates';

/** The files the fixture's newer version adds (everything else it writes existed at creation). */
export const NEW_TEMPLATE_FILES = new Set(['.editorconfig']);

/** One repository of the fleet, as the team left it before the upgrade. */
export interface FleetRepo {
  template: string;
  org: string;
  name: string;
  /** Files the old version rendered (the template's set at creation). */
  created: Set<string>;
  /** path -> a line the team's edit put there, to be found after the upgrade. */
  edits: Record<string, string>;
  deleted: string[];
  own: Record<string, string>;
  /** The team changed a line the template changes too. */
  expectConflict?: string;
}

/** One repository after its upgrade: the plan, the branch's files and the time it took. */
export interface FleetResult {
  repo: FleetRepo;
  plan: UpgradePlan;
  head: string;
  branchHead: string;
  changed: string[];
  after: FileTree;
  seconds: number;
}

const SHORT: Record<string, string> = {
  'node-service': 'node-svc',
  'go-service': 'go-svc',
  'postgres-database': 'orders-db',
};

function replace(
  tree: FileTree,
  file: string,
  from: string | RegExp,
  to: string,
) {
  const text = tree.get(file)?.toString('utf-8');
  if (text === undefined)
    throw new Error(`fleet: ${file} is not in the repository`);
  const next = text.replace(from, to);
  if (next === text)
    throw new Error(`fleet: ${String(from)} not found in ${file}`);
  tree.set(file, Buffer.from(next));
}

/** Realistic local edits: code, values, a workflow tweak, a deleted file, files of their own. */
function teamEdits(
  template: string,
  i: number,
  name: string,
  tree: FileTree,
): Omit<FleetRepo, 'template' | 'org' | 'name' | 'created'> {
  const edits: Record<string, string> = {};
  const own: Record<string, string> = {
    'notes/decisions.md': `# Decisions of ${name}\n\n- ${i}: we keep our own notes here.\n`,
  };
  const deleted: string[] = [];
  let expectConflict: string | undefined;
  if (template === 'postgres-database') {
    const values = `charts/${name}/values.yaml`;
    replace(tree, values, 'instances: 1\n', 'instances: 2\n');
    edits[values] = 'instances: 2';
    replace(tree, 'README.md', /^# .*$/m, `# ${name} (orders team)`);
    edits['README.md'] = `# ${name} (orders team)`;
    replace(
      tree,
      '.github/workflows/ci.yaml',
      /^/,
      `# Team ${i}: we read this workflow's logs every morning.\n`,
    );
    edits['.github/workflows/ci.yaml'] = `# Team ${i}: we read`;
    deleted.push('.github/dependabot.yml');
    own['sql/001_init.sql'] = 'CREATE TABLE orders (id bigint PRIMARY KEY);\n';
  } else {
    const values = `charts/${name}/values.yaml`;
    replace(
      tree,
      values,
      'replicaCount: 1\n',
      `replicaCount: ${2 + (i % 3)}\n`,
    );
    edits[values] = `replicaCount: ${2 + (i % 3)}`;
    if (i % 2 === 0) {
      replace(tree, values, 'metricsPort: 9090\n', 'metricsPort: 9191\n');
      edits[`${values}#metrics`] = 'port: 9191';
    }
    replace(
      tree,
      '.github/workflows/ci.yaml',
      '    branches: [main]\n',
      '    branches: [main]\n  schedule:\n    - cron: "0 3 * * 1"\n',
    );
    edits['.github/workflows/ci.yaml'] = 'cron: "0 3 * * 1"';
    if (i === 7) {
      replace(
        tree,
        '.github/workflows/ci.yaml',
        'runs-on: ubuntu-latest',
        'runs-on: ubuntu-22.04',
      );
      expectConflict = '.github/workflows/ci.yaml';
    }
    const code = template === 'node-service' ? 'src/server.ts' : 'main.go';
    replace(
      tree,
      code,
      /\s*$/,
      `\n// ${name}: the team's own change (${i}).\n`,
    );
    edits[code] = `// ${name}: the team's own change (${i}).`;
    deleted.push(
      i % 2 === 0 ? '.github/workflows/promote.yaml' : '.github/dependabot.yml',
    );
    own[
      'scripts/smoke.sh'
    ] = `#!/bin/sh\ncurl -fsS "http://localhost:8080/healthz" # ${name}\n`;
  }
  for (const file of deleted) {
    if (!tree.delete(file))
      throw new Error(`fleet: ${file} is not in the repository`);
  }
  for (const [file, content] of Object.entries(own))
    tree.set(file, Buffer.from(content));
  return { edits, deleted, own, expectConflict };
}

async function writeTree(dir: string, tree: FileTree) {
  for (const [file, content] of tree) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
}

/**
 * A fleet on a real git host: `perTemplate` repositories of each golden path
 * at the old version with the team's edits, then each upgraded to the
 * fixture's newer version (a branch launchpad/template-upgrade-… committed
 * with real git, as the git host's proposals do). `onRepo` sees each result.
 */
export async function runFleet(options: {
  root: string;
  perTemplate: number;
  onRepo?: (result: FleetResult) => void | Promise<void>;
}): Promise<{
  fixture: Awaited<ReturnType<typeof makeGoldenPaths>>;
  results: FleetResult[];
}> {
  const fixture = await makeGoldenPaths(options.root);
  const { store } = fixture;
  const creator = fixture.upgrader();
  const repos: FleetRepo[] = [];
  try {
    for (const template of FLEET_TEMPLATES) {
      const example = await exampleAnswers(template);
      for (let i = 0; i < options.perTemplate; i++) {
        const name = `${SHORT[template]}-${i}`;
        const org = `team-${i % 3}`;
        const answers = { ...example, name, owner: `group:default/${org}` };
        const dir = path.join(options.root, 'created', name);
        const tree = await creator.renderVersion(
          template,
          fixture.versions[template].old,
          {
            template: `template:default/${template}`,
            answers,
            source: { repository: 'platform/golden-paths', tag: 'x@0.0.0' },
          },
          dir,
        );
        const created = new Set(tree.keys());
        const edits = teamEdits(template, i, name, tree);
        const work = path.join(options.root, 'pushed', name);
        await writeTree(work, tree);
        await store.create({ org, name }).catch(() => undefined);
        await store.pushDirectory({ org, name }, work, {
          authorName: 'Team',
          authorEmail: 'team@northwind.example',
          message: 'Created from a golden path, then worked on',
        });
        repos.push({ template, org, name, created, ...edits });
      }
    }
  } finally {
    await creator.dispose();
  }

  const upgrader = fixture.upgrader();
  const results: FleetResult[] = [];
  try {
    for (const repo of repos) {
      const started = process.hrtime.bigint();
      const ref = { org: repo.org, name: repo.name };
      const { plan, proposal } = await planRepositoryUpgrade({
        store,
        upgrader,
        repo: ref,
        toVersion: fixture.versions[repo.template].new,
      });
      const branchHead = await store.commitFiles(
        ref,
        proposal.base,
        proposal.files,
        {
          authorName: 'Launchpad',
          authorEmail: 'launchpad@northwind.example',
          message: proposal.title,
          branch: changeBranch(proposal.slug),
          newBranch: true,
        },
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const diff = await store.diff(ref, proposal.base, branchHead, {
        maxBytes: 1 << 20,
      });
      const afterDir = path.join(options.root, 'after', repo.name);
      const { stream } = await store.archive(ref, branchHead, '');
      await extractArchive(stream, afterDir);
      const after = (await readTree(afterDir)).files;
      const result: FleetResult = {
        repo,
        plan,
        head: proposal.base,
        branchHead,
        changed: diff.files.map(f => f.path),
        after,
        seconds,
      };
      results.push(result);
      await options.onRepo?.(result);
    }
  } finally {
    await upgrader.dispose();
  }
  return { fixture, results };
}

/** The folder where runFleet left a repository's upgraded files. */
export function upgradedDir(root: string, name: string) {
  return path.join(root, 'after', name);
}

export { GitRepositoryStore };
