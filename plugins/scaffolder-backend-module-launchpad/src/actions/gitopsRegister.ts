import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRepoRef,
  GitCommandError,
  gitBaseUrl,
  GitRepositoryStore,
  HARDENING_ARGS,
  type RepoRef,
  repoUrls,
} from '@internal/plugin-git-hosting-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GoldenPathEnvironment, repositoryLocation } from '../goldenPathValues';
import type { OwnerGuard } from '../services/ownerGuard';
import { readCommitAuthor, readGoldenPathSettings } from './render';
import { teamOfOwner } from './teamOfOwner';

/** The mark the platform GitOps repository is created with; a repository without it is never written to. */
export const GITOPS_CREATED_BY = 'launchpad:gitops';

/** The Argo CD AppProject of a team: decided here, from the authorised owner, never by a template. */
export function teamProject(team: string): string {
  return `team-${team}`;
}

/** The hardening -c settings, for the receive-pack git starts in the target repository. */
const RECEIVE_PACK_CONFIG = HARDENING_ARGS.filter(
  (_, i, all) => all[i - 1] === '-c' || all[i] === '-c',
).join(' ');

/** Attempts when another registration moved the branch between our read and our push. */
const ATTEMPTS = 5;

/** A quoted YAML scalar (JSON strings are YAML double-quoted strings). */
const q = (value: string) => JSON.stringify(value);

/** The files a registration writes, derived only from validated names and the portal's config. */
export function gitopsFiles(options: {
  team: string;
  service: string;
  teamRepoCloneUrl: string;
  teamReposPattern: string;
  environments: GoldenPathEnvironment[];
}) {
  const { team, service, environments } = options;
  const project = teamProject(team);
  const elements = environments
    .map(
      env =>
        `          - env: ${q(env.name)}\n` +
        `            namespace: ${q(`${team}-${env.name}`)}\n` +
        `            cluster: ${q(env.cluster)}\n` +
        `            autoSync: ${env.autoSync ? 'true' : 'false'}`,
    )
    .join('\n');
  const application = `# Argo CD for ${service} (team ${team}): one Application per environment.
# Written by the golden path (launchpad:gitops-register) into the platform's
# GitOps repository, applied by the platform's root application. The team's
# repository holds only the chart and its values; it cannot change the
# project below, which limits ${service} to ${team}'s namespaces.
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${q(service)}
  namespace: argocd
  labels:
    backstage.io/kubernetes-id: ${q(service)}
    launchpad.io/owner: ${q(team)}
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - list:
        elements:
${elements}
  template:
    metadata:
      name: '${service}-{{ .env }}'
      labels:
        # The portal's Argo CD card selects on this (argocd/app-selector in catalog-info.yaml).
        backstage.io/kubernetes-id: ${q(service)}
        launchpad.io/environment: '{{ .env }}'
    spec:
      project: ${q(project)}
      source:
        repoURL: ${q(options.teamRepoCloneUrl)}
        targetRevision: main
        path: ${q(`charts/${service}`)}
        helm:
          releaseName: ${q(service)}
          valueFiles:
            - values.yaml
            - 'values-{{ .env }}.yaml'
      destination:
        server: '{{ .cluster }}'
        namespace: '{{ .namespace }}'
      syncPolicy:
        syncOptions:
          # Namespaces (and their quotas and RBAC) are created by the platform, not by apps.
          - CreateNamespace=false
        retry:
          limit: 5
          backoff:
            duration: 10s
            factor: 2
            maxDuration: 3m
  # dev and stage sync automatically (prune + self-heal); prod waits for someone to press Sync.
  templatePatch: |
    {{- if .autoSync }}
    spec:
      syncPolicy:
        automated:
          prune: true
          selfHeal: true
    {{- end }}
`;
  const destinations = environments
    .map(
      env =>
        `    - server: ${q(env.cluster)}\n      namespace: ${q(
          `${team}-${env.name}`,
        )}`,
    )
    .join('\n');
  const appProject = `# Argo CD project of team ${team}: what its Applications may deploy.
# Created by the first golden path run for the team; owned by the platform
# team (edit it here, by pull request).
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: ${q(project)}
  namespace: argocd
  labels:
    launchpad.io/owner: ${q(team)}
spec:
  description: ${q(`Services of team ${team}`)}
  # Only the team's own repositories.
  sourceRepos:
    - ${q(options.teamReposPattern)}
  # Only the team's namespaces, one per environment.
  destinations:
${destinations}
  # No cluster-scoped objects at all.
  clusterResourceWhitelist: []
  # Quotas, limits and access are the platform's.
  namespaceResourceBlacklist:
    - group: ""
      kind: ResourceQuota
    - group: ""
      kind: LimitRange
    - group: rbac.authorization.k8s.io
      kind: Role
    - group: rbac.authorization.k8s.io
      kind: RoleBinding
`;
  return {
    project,
    applicationPath: `apps/${team}/${service}.yaml`,
    application,
    projectPath: `projects/${project}.yaml`,
    appProject,
  };
}

/** Reads launchpad.goldenPaths.gitops.repository ("org/name", default platform/gitops). */
export function readGitopsRepo(config: RootConfigService): RepoRef {
  const value =
    config.getOptionalString('launchpad.goldenPaths.gitops.repository') ??
    'platform/gitops';
  const [org, name, ...rest] = value.split('/');
  if (rest.length)
    throw new Error(
      `launchpad.goldenPaths.gitops.repository must be <org>/<name>, got ${value}`,
    );
  const ref = { org, name };
  assertRepoRef(ref);
  return ref;
}

/**
 * launchpad:gitops-register registers a new service with the platform's
 * GitOps repository: apps/<team>/<service>.yaml (an ApplicationSet, one
 * Application per environment) and, for a team's first service,
 * projects/team-<team>.yaml (its AppProject). The project, the source
 * repository and the destinations are computed here from the owner the
 * owner guard authorised and the portal's config; no template input reaches
 * them. Local mode commits to the portal's git host (the repository is
 * created on first use); GitHub/GitLab would be a pull request to the
 * platform repository and are not supported yet.
 */
export function createGitopsRegisterAction(options: {
  store: GitRepositoryStore;
  config: RootConfigService;
  ownerGuard?: OwnerGuard;
}) {
  const { store, config } = options;
  const settings = readGoldenPathSettings(config);
  const gitops = readGitopsRepo(config);
  const base = gitBaseUrl(settings.backendBaseUrl);
  const author = readCommitAuthor(config);
  // One registration at a time in this process; across processes the push's
  // fast-forward check (and a retry) keeps every registration.
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = queue.then(fn, fn);
    queue = result.catch(() => undefined);
    return result;
  };

  return createTemplateAction({
    id: 'launchpad:gitops-register',
    description:
      "Registers a new service with the platform's GitOps repository (its Argo CD ApplicationSet, in the team's AppProject)",
    supportsDryRun: true,
    examples: [
      {
        description:
          "Register a service after launchpad:publish created its repository (the owner's team decides the AppProject)",
        example: [
          'steps:',
          '  - id: gitops',
          '    action: launchpad:gitops-register',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('The service (and repository) name'),
        owner: z => z.string().describe('Owning group ref'),
      },
      output: {
        repoUrl: z => z.string().describe('Web URL of the GitOps repository'),
        path: z => z.string().describe('The Application file in it'),
        project: z => z.string().describe("The team's Argo CD AppProject"),
        commitHash: z =>
          z.string().optional().describe('The commit that registered it'),
      },
    },
    async handler(ctx) {
      await options.ownerGuard?.assertMayOwn({
        owner: ctx.input.owner,
        user: ctx.user,
        credentials: await ctx.getInitiatorCredentials(),
      });
      const team = teamOfOwner(ctx.input.owner);
      const service = ctx.input.name;
      assertRepoRef({ org: team, name: service });
      const target = settings.publish ?? { type: 'local' };
      if (target.type !== 'local') {
        throw new InputError(
          `launchpad:gitops-register supports only the portal's git host for now; with launchpad.goldenPaths.publish ${target.type} it would open a pull request to the platform's GitOps repository, which is not supported yet`,
        );
      }
      const location = repositoryLocation(settings, team, service);
      const files = gitopsFiles({
        team,
        service,
        teamRepoCloneUrl: location.cloneUrl,
        teamReposPattern: `${base}/${team}/*`,
        environments: settings.environments,
      });
      const urls = repoUrls(base, gitops);
      ctx.output('repoUrl', urls.webUrl);
      ctx.output('path', files.applicationPath);
      ctx.output('project', files.project);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${files.applicationPath} in ${urls.cloneUrl} (project ${files.project})`,
        );
        return;
      }
      const commit = await serialised(() =>
        commitRegistration(team, service, files),
      );
      ctx.output('commitHash', commit);
      ctx.logger.info(
        `Registered ${team}/${service} in ${urls.cloneUrl} (${files.applicationPath}, project ${files.project}) at ${commit}`,
      );
    },
  });

  /** The repository, created on first use; refused when something else created it. */
  async function ensureRepo(): Promise<void> {
    if (!(await store.exists(gitops))) {
      try {
        await store.create({
          ...gitops,
          description:
            "The platform's GitOps repository: Argo CD projects and applications of every team",
          createdBy: GITOPS_CREATED_BY,
        });
        return;
      } catch (error) {
        // created meanwhile (by name: the store may use another copy of @backstage/errors)
        if ((error as Error)?.name !== 'ConflictError') throw error;
      }
    }
    const createdBy = await store.createdBy(gitops);
    if (createdBy !== GITOPS_CREATED_BY) {
      throw new ConflictError(
        `Repository ${gitops.org}/${
          gitops.name
        } exists but is not the platform's GitOps repository (${
          createdBy ? 'created by a golden-path run' : 'created by hand'
        }); set launchpad.goldenPaths.gitops.repository or remove it`,
      );
    }
  }

  async function commitRegistration(
    team: string,
    service: string,
    files: ReturnType<typeof gitopsFiles>,
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      await ensureRepo();
      const { head } = await store.get(gitops);
      const work = await fs.mkdtemp(
        path.join(os.tmpdir(), 'launchpad-gitops-'),
      );
      try {
        const existing = head
          ? await store.listFiles(gitops, head)
          : ([] as string[]);
        for (const file of existing) {
          const { content } = await store.readFile(gitops, head!, file);
          const dest = resolveSafeChildPath(work, file);
          await fs.mkdir(path.dirname(dest), { recursive: true });
          await fs.writeFile(dest, content);
        }
        const appFile = inside(work, files.applicationPath, `apps/${team}/`);
        const projectFile = inside(work, files.projectPath, 'projects/');
        let changed = false;
        if (existing.includes(files.applicationPath)) {
          const current = await fs.readFile(appFile, 'utf-8');
          if (current !== files.application) {
            throw new ConflictError(
              `${files.applicationPath} is already registered in ${gitops.org}/${gitops.name} with other content: ${service} of ${team} exists already (or was removed without unregistering)`,
            );
          }
        } else {
          await fs.mkdir(path.dirname(appFile), { recursive: true });
          await fs.writeFile(appFile, files.application);
          changed = true;
        }
        // The project is the platform's once it exists: never rewritten here.
        if (!existing.includes(files.projectPath)) {
          await fs.mkdir(path.dirname(projectFile), { recursive: true });
          await fs.writeFile(projectFile, files.appProject);
          changed = true;
        }
        if (!changed) return head!; // this task (recovered) or an identical run registered it already
        const message = `Register ${team}/${service} (project ${files.project})`;
        try {
          if (!head) {
            return await store.pushDirectory(gitops, work, {
              authorName: author.name,
              authorEmail: author.email,
              message,
            });
          }
          return await commitOnto(head, work, message);
        } catch (error) {
          // another registration pushed first: read the new head and redo
          if (error instanceof GitCommandError && attempt < ATTEMPTS) continue;
          throw error;
        }
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    }
  }

  /**
   * Commits the work tree as a child of `head` and pushes it (fast-forward
   * only). The commit is made in a throw-away git folder that borrows the
   * platform repository's objects (alternates), so nothing is copied.
   */
  async function commitOnto(head: string, work: string, message: string) {
    const target = store.repoPath(gitops);
    const gitDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'launchpad-gitops-git-'),
    );
    const env = {
      GIT_DIR: gitDir,
      GIT_WORK_TREE: work,
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    const git = store.runner;
    try {
      await git.run(
        {
          subcommand: 'init',
          flags: [
            '--quiet',
            `--initial-branch=${GitRepositoryStore.defaultBranch}`,
          ],
        },
        { cwd: work, env },
      );
      await fs.writeFile(
        path.join(gitDir, 'objects', 'info', 'alternates'),
        `${path.join(target, 'objects')}\n`,
      );
      if (!/^[0-9a-f]{40,64}$/.test(head))
        throw new Error(`unexpected head ${head}`);
      await fs.writeFile(
        path.join(gitDir, 'refs', 'heads', GitRepositoryStore.defaultBranch),
        `${head}\n`,
      );
      await git.run(
        { subcommand: 'add', flags: ['--all'], paths: ['.'] },
        { cwd: work, env },
      );
      await git.run(
        {
          subcommand: 'commit',
          flags: ['--quiet', '--no-verify', `--message=${message}`],
        },
        { cwd: work, env },
      );
      await git.run(
        {
          subcommand: 'push',
          flags: [
            '--quiet',
            `--receive-pack=git ${RECEIVE_PACK_CONFIG} receive-pack`,
          ],
          args: [target, `HEAD:refs/heads/${GitRepositoryStore.defaultBranch}`],
        },
        { cwd: work, env },
      );
      return (
        await git.text(
          { subcommand: 'rev-parse', flags: ['--verify'], args: ['HEAD'] },
          { cwd: work, env },
        )
      ).trim();
    } finally {
      await fs.rm(gitDir, { recursive: true, force: true });
    }
  }
}

/** The absolute path of `relative` in `dir`; an InputError unless it stays under `prefix`. */
function inside(dir: string, relative: string, prefix: string): string {
  const full = resolveSafeChildPath(dir, relative);
  const rel = path.relative(dir, full).split(path.sep).join('/');
  if (!rel.startsWith(prefix) || rel.slice(prefix.length).includes('/')) {
    throw new InputError(`${relative} is not a file directly in ${prefix}`);
  }
  return full;
}
