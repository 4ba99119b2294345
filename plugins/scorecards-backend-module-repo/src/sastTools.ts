import { parse } from 'yaml';

/** A static security analysis tool and how CI configurations run it. */
interface SastTool {
  id: string;
  /** GitHub Actions (`owner/repo[/path]`, lowercase) whose use runs the tool. */
  actions?: string[];
  /** Executable names. */
  commands?: string[];
  /** Container images (`owner/name`, lowercase, no tag). */
  images?: string[];
}

/**
 * The SAST tools recognised. Dependency and image scanners (npm audit,
 * Trivy, Dependabot) are deliberately not here: they find known
 * vulnerabilities in dependencies, not flaws in the code itself.
 */
const TOOLS: SastTool[] = [
  {
    id: 'codeql',
    actions: ['github/codeql-action/analyze'],
    commands: ['codeql'],
  },
  {
    id: 'semgrep',
    actions: ['semgrep/semgrep-action', 'returntocorp/semgrep-action'],
    commands: ['semgrep'],
    images: ['semgrep/semgrep', 'returntocorp/semgrep'],
  },
  {
    id: 'gosec',
    actions: ['securego/gosec'],
    commands: ['gosec'],
    images: ['securego/gosec'],
  },
  {
    id: 'bandit',
    actions: [
      'pycqa/bandit-action',
      'tj-actions/bandit',
      'mdegis/bandit-action',
    ],
    commands: ['bandit'],
  },
  {
    id: 'sonarqube',
    actions: [
      'sonarsource/sonarcloud-github-action',
      'sonarsource/sonarqube-scan-action',
    ],
    commands: ['sonar-scanner'],
    images: ['sonarsource/sonar-scanner-cli'],
  },
  {
    id: 'brakeman',
    actions: ['presidentbeef/brakeman-action'],
    commands: ['brakeman'],
  },
  {
    id: 'njsscan',
    actions: ['ajinabraham/njsscan-action'],
    commands: ['njsscan'],
  },
  { id: 'horusec', commands: ['horusec'], images: ['horuszup/horusec-cli'] },
  { id: 'checkmarx', actions: ['checkmarx/ast-github-action'] },
];

/** Commands that run another program named in their arguments. */
const LAUNCHERS = new Set([
  'npx',
  'pnpx',
  'pipx',
  'uvx',
  'uv',
  'go',
  'docker',
  'podman',
  'python',
  'python3',
  'pnpm',
  'yarn',
  'bunx',
]);
const PREFIXES = new Set(['sudo', 'exec', 'time', 'env', 'command']);

const lower = (s: string) => s.toLocaleLowerCase('en-US');
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(item => strings(item));
  return [];
};

/** `owner/repo/path@ref` or `docker://image:tag` -> the tool it runs. */
function toolOfUses(uses: string): string | undefined {
  const ref = lower(uses.trim());
  if (ref.startsWith('docker://')) return toolOfImage(ref.slice(9));
  const action = ref.split('@')[0].replace(/\/+$/, '');
  const tool = TOOLS.find(t =>
    t.actions?.some(a => action === a || action.startsWith(`${a}/`)),
  );
  return tool?.id;
}

/** `registry/owner/name:tag@digest` -> the tool whose image it is. */
function toolOfImage(image: string): string | undefined {
  const name = lower(image)
    .split('@')[0]
    .replace(/:[^/]*$/, '');
  return TOOLS.find(t =>
    t.images?.some(i => name === i || name.endsWith(`/${i}`)),
  )?.id;
}

function toolOfCommandName(word: string): string | undefined {
  const name = lower(word.slice(word.lastIndexOf('/') + 1)).split('@')[0];
  return TOOLS.find(t => t.commands?.includes(name))?.id;
}

/** The tools one simple shell command runs (its words already split). */
function toolsOfCommand(words: string[]): string[] {
  let i = 0;
  while (
    i < words.length &&
    (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || PREFIXES.has(words[i]))
  ) {
    i++;
  }
  const first = words[i];
  if (!first) return [];
  const name = lower(first.slice(first.lastIndexOf('/') + 1));
  if (name === 'snyk' && lower(words[i + 1] ?? '') === 'code') {
    return ['snyk-code'];
  }
  const direct = toolOfCommandName(first);
  if (direct) return [direct];
  if (!LAUNCHERS.has(name)) return [];
  // npx semgrep, pipx run bandit, go run .../gosec@v2, docker run semgrep/semgrep ...
  const found = new Set<string>();
  for (const word of words.slice(i + 1)) {
    if (word.startsWith('-')) continue;
    const tool = toolOfImage(word) ?? toolOfCommandName(word);
    if (tool) found.add(tool);
  }
  return [...found];
}

/** The tools a shell script runs: each line, and each command joined by ; && || |. */
function toolsOfScript(script: string): string[] {
  const tools: string[] = [];
  for (const line of script.split(/\r?\n/)) {
    const code = line.trim();
    if (!code || code.startsWith('#')) continue;
    for (const command of code.split(/;|&&|\|\||\|/)) {
      const words = command
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(w => w.replace(/^["']|["']$/g, ''));
      tools.push(...toolsOfCommand(words));
    }
  }
  return tools;
}

/** A reusable workflow (`owner/repo/.github/workflows/sast.yml@v1`) named after a SAST tool or SAST itself. */
function toolOfReusableWorkflow(uses: string): string | undefined {
  const file = lower(uses.split('@')[0]);
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
  const tool = TOOLS.find(t => name.split(/[-_.]/).includes(t.id));
  if (tool) return tool.id;
  return name.split(/[-_.]/).includes('sast') ? 'sast' : undefined;
}

function githubActionsTools(workflow: Record<string, unknown>): string[] {
  const tools: string[] = [];
  const jobs = isRecord(workflow.jobs) ? Object.values(workflow.jobs) : [];
  for (const job of jobs) {
    if (!isRecord(job)) continue;
    if (typeof job.uses === 'string') {
      const tool = toolOfReusableWorkflow(job.uses);
      if (tool) tools.push(tool);
    }
    const container = isRecord(job.container)
      ? job.container.image
      : job.container;
    if (typeof container === 'string') {
      const tool = toolOfImage(container);
      if (tool) tools.push(tool);
    }
    for (const step of Array.isArray(job.steps) ? job.steps : []) {
      if (!isRecord(step)) continue;
      if (typeof step.uses === 'string') {
        const tool = toolOfUses(step.uses);
        if (tool) tools.push(tool);
        // snyk/actions/<language> runs `snyk <command>`: only `code test` is SAST.
        if (
          lower(step.uses).startsWith('snyk/actions/') &&
          isRecord(step.with) &&
          typeof step.with.command === 'string' &&
          /^\s*code\b/.test(step.with.command)
        ) {
          tools.push('snyk-code');
        }
      }
      if (typeof step.run === 'string') tools.push(...toolsOfScript(step.run));
    }
  }
  return tools;
}

const GITLAB_SAST_INCLUDE =
  /(^|\/)sast(\.latest)?\.gitlab-ci\.yml$|\/components\/sast\/sast(@|$)/i;

function gitlabTools(config: Record<string, unknown>): string[] {
  const tools: string[] = [];
  const includes = config.include === undefined ? [] : [config.include].flat();
  for (const include of includes) {
    const targets = isRecord(include)
      ? [
          include.template,
          include.local,
          include.remote,
          include.component,
          ...strings(include.file),
        ]
      : [include];
    if (
      targets.some(
        t => typeof t === 'string' && GITLAB_SAST_INCLUDE.test(t.trim()),
      )
    ) {
      tools.push('gitlab-sast');
    }
  }
  for (const [key, job] of Object.entries(config)) {
    if (!isRecord(job) || key === 'include' || key === 'variables') continue;
    const image = isRecord(job.image) ? job.image.name : job.image;
    if (typeof image === 'string') {
      const tool = toolOfImage(image);
      if (tool) tools.push(tool);
    }
    for (const field of ['before_script', 'script', 'after_script']) {
      for (const script of strings(job[field]))
        tools.push(...toolsOfScript(script));
    }
  }
  return tools;
}

/**
 * The SAST tools a CI configuration runs: a GitHub Actions workflow
 * (`.github/workflows/*.yml`) or a GitLab CI file (`.gitlab-ci.yml`), read
 * as YAML: action references, job containers and images, reusable workflows
 * and included templates named after SAST, and the commands of `run:` /
 * `script:` steps. A file that is not valid YAML runs nothing.
 *
 * @returns Tool ids (e.g. `codeql`, `semgrep`, `gitlab-sast`), sorted, each once.
 */
export function sastToolsInCiConfig(file: string, text: string): string[] {
  let config: unknown;
  try {
    config = parse(text, { strict: false, uniqueKeys: false });
  } catch {
    return [];
  }
  if (!isRecord(config)) return [];
  const tools =
    file === '.gitlab-ci.yml'
      ? gitlabTools(config)
      : githubActionsTools(config);
  return [...new Set(tools)].sort();
}
