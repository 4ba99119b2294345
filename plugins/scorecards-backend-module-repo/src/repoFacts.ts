import type { FactValues } from '@internal/plugin-scorecards-common';
import { sastToolsInCiConfig } from './sastTools';

/** The facts the repository source provides, with what they mean (the README lists them too). */
export const REPO_FACTS = {
  'repo.hasCiWorkflow':
    'a CI configuration: .github/workflows/*.yml|yaml or .gitlab-ci.yml (boolean)',
  'repo.ciWorkflows': 'paths of the CI configuration files (list, sorted)',
  'repo.hasCodeowners':
    'a CODEOWNERS file at the root, in .github/ or in docs/ (boolean)',
  'repo.hasHelmChart': 'a Helm chart (a Chart.yaml) anywhere (boolean)',
  'repo.helmEnvironments':
    'environments with a values-<env>.yaml next to a Chart.yaml (list, sorted, lowercase)',
  'repo.hasSastStep':
    'a CI configuration runs a static security analysis tool (boolean)',
  'repo.sastTools':
    'the SAST tools the CI configurations run, e.g. codeql, semgrep (list, sorted)',
  'repo.hasDockerfile': 'a Dockerfile or Containerfile anywhere (boolean)',
  'repo.hasReadme': 'a README at the root (boolean)',
} as const;

/** A fact name of {@link REPO_FACTS}. */
export type RepoFactName = keyof typeof REPO_FACTS;

/** Facts that need the contents of the CI configurations, not only file names. */
export const CONTENT_FACTS: ReadonlySet<RepoFactName> = new Set([
  'repo.hasSastStep',
  'repo.sastTools',
]);

/**
 * What the facts are computed from: the paths of the repository's files that
 * matter (relative to its root, `/`-separated) and the text of its CI
 * configurations when content facts are wanted.
 */
export interface RepoSnapshot {
  files: ReadonlyArray<string>;
  /** CI configuration path -> its text; absent when content was not read. */
  ciConfigs?: ReadonlyMap<string, string>;
}

const basename = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const dirname = (file: string) =>
  file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';

/** `.github/workflows/<name>.yml|yaml` (not in subfolders: GitHub ignores those) or `.gitlab-ci.yml`. */
export function isCiConfig(file: string): boolean {
  return (
    /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(file) ||
    file === '.gitlab-ci.yml'
  );
}

const CODEOWNERS = new Set([
  'CODEOWNERS',
  '.github/CODEOWNERS',
  'docs/CODEOWNERS',
]);
const HELM_VALUES = /^values-([a-z0-9][a-z0-9_.-]*)\.ya?ml$/i;
const DOCKERFILE =
  /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|Containerfile)$/;
const README = /^readme(\.[a-z0-9]+)?$/i;
/** Folders never looked into: vendored or installed code is not the repository's own. */
const IGNORED = /(^|\/)(node_modules|vendor|\.git)\//;

/**
 * Whether a path matters for any repository fact; everything else is not
 * read at all (a reader's `readTree` filter).
 */
export function isRelevantFile(file: string): boolean {
  if (IGNORED.test(file)) return false;
  const name = basename(file);
  return (
    isCiConfig(file) ||
    CODEOWNERS.has(file) ||
    name === 'Chart.yaml' ||
    HELM_VALUES.test(name) ||
    DOCKERFILE.test(name) ||
    (!file.includes('/') && README.test(name))
  );
}

/**
 * Repository facts from a snapshot, limited to `wanted` (every fact when
 * absent). Content facts are left out when the snapshot has no CI texts.
 */
export function extractRepoFacts(
  snapshot: RepoSnapshot,
  wanted?: ReadonlySet<string>,
): FactValues {
  const files = snapshot.files.filter(f => !IGNORED.test(f));
  const ciConfigs = files.filter(isCiConfig).sort();

  const chartDirs = new Set(
    files.filter(f => basename(f) === 'Chart.yaml').map(dirname),
  );
  const environments = new Set<string>();
  for (const file of files) {
    const match = HELM_VALUES.exec(basename(file));
    if (match && chartDirs.has(dirname(file))) {
      environments.add(match[1].toLocaleLowerCase('en-US'));
    }
  }

  const all: FactValues = {
    'repo.hasCiWorkflow': ciConfigs.length > 0,
    'repo.ciWorkflows': ciConfigs,
    'repo.hasCodeowners': files.some(f => CODEOWNERS.has(f)),
    'repo.hasHelmChart': chartDirs.size > 0,
    'repo.helmEnvironments': [...environments].sort(),
    'repo.hasDockerfile': files.some(f => DOCKERFILE.test(basename(f))),
    'repo.hasReadme': files.some(f => !f.includes('/') && README.test(f)),
  };
  if (snapshot.ciConfigs) {
    const tools = new Set<string>();
    for (const file of ciConfigs) {
      const text = snapshot.ciConfigs.get(file);
      if (text !== undefined) {
        for (const tool of sastToolsInCiConfig(file, text)) tools.add(tool);
      }
    }
    all['repo.sastTools'] = [...tools].sort();
    all['repo.hasSastStep'] = tools.size > 0;
  }
  if (!wanted) return all;
  return Object.fromEntries(
    Object.entries(all).filter(([name]) => wanted.has(name)),
  );
}
