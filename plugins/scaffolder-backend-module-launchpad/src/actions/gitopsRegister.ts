import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRepoRef,
  GitCommandError,
  gitBaseUrl,
  GitRepositoryStore,
  type RepoRef,
  repoUrls,
} from '@internal/plugin-git-hosting-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GoldenPathEnvironment, repositoryLocation } from '../goldenPathValues';
import type { OwnerGuard } from '../services/ownerGuard';
import { readCommitAuthor, readGoldenPathSettings } from './render';
import { authorisedTeam } from './teamOfOwner';

/** The mark the platform GitOps repository is created with; a repository without it is never written to. */
export const GITOPS_CREATED_BY = 'launchpad:gitops';

/** The Argo CD AppProject of a team: decided here, from the authorised owner, never by a template. */
export function teamProject(team: string): string {
  return `team-${team}`;
}

/** Attempts when another registration moved the branch between our read and our push. */
const ATTEMPTS = 20;

/** A random wait that grows with the attempt, so racing registrations spread out. */
const backoff = (attempt: number) =>
  new Promise(resolve =>
    setTimeout(resolve, Math.min(2_000, 50 * attempt) * (0.5 + Math.random())),
  );

/** A quoted YAML scalar (JSON strings are YAML double-quoted strings). */
const q = (value: string) => JSON.stringify(value);

/**
 * What a registration deploys. A service's Applications prune what its chart
 * no longer renders; a database's never prune (a file removed from git must
 * not drop a database).
 */
export type GitopsWorkload = 'service' | 'database';

/** The files a registration writes, derived only from validated names and the portal's config. */
export function gitopsFiles(options: {
  team: string;
  service: string;
  teamRepoCloneUrl: string;
  teamReposPattern: string;
  environments: GoldenPathEnvironment[];
  workload?: GitopsWorkload;
}) {
  const { team, service, environments } = options;
  const database = options.workload === 'database';
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
  const application = `# Argo CD for ${
    database ? 'the database ' : ''
  }${service} (team ${team}): one Application per environment.
# Written by the golden path (launchpad:gitops-register) into the platform's
# GitOps repository, applied by the platform's root application. The team's
# repository holds only the chart and its values; it cannot change the
# project below, which limits ${service} to ${team}'s namespaces.${
    database
      ? `
# A database never prunes: removing a file from git must not drop it (the
# chart's Cluster and ObjectStore also carry Delete=false,Prune=false).`
      : ''
  }
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
  # dev and stage sync automatically (${
    database ? 'self-heal, never prune' : 'prune + self-heal'
  }); prod waits for someone to press Sync.
  templatePatch: |
    {{- if .autoSync }}
    spec:
      syncPolicy:
        automated:
          prune: ${database ? 'false' : 'true'}
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
      {
        description: 'Register a database (its Applications never prune)',
        example: [
          'steps:',
          '  - id: gitops',
          '    action: launchpad:gitops-register',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
          '      workload: database',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('The service (and repository) name'),
        owner: z => z.string().describe('Owning group ref'),
        workload: z =>
          z
            .enum(['service', 'database'])
            .default('service')
            .describe(
              "What it deploys: a service's Applications prune, a database's never do",
            ),
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
      const team = await authorisedTeam(ctx, options.ownerGuard);
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
        workload: ctx.input.workload,
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
      const existing = new Set(head ? await store.listFiles(gitops, head) : []);
      // paths the generator made; checked again by the store
      inside(files.applicationPath, `apps/${team}/`);
      inside(files.projectPath, 'projects/');
      const writes: Record<string, string> = {};
      if (existing.has(files.applicationPath)) {
        const { content } = await store.readFile(
          gitops,
          head!,
          files.applicationPath,
        );
        if (content.toString('utf-8') !== files.application) {
          throw new ConflictError(
            `${files.applicationPath} is already registered in ${gitops.org}/${gitops.name} with other content: ${service} of ${team} exists already (or was removed without unregistering)`,
          );
        }
      } else {
        writes[files.applicationPath] = files.application;
      }
      // The project is the platform's once it exists: never rewritten here.
      if (!existing.has(files.projectPath))
        writes[files.projectPath] = files.appProject;
      if (!Object.keys(writes).length) return head!; // this task (recovered) or an identical run registered it already
      const message = `Register ${team}/${service} (project ${files.project})`;
      const commitOptions = {
        authorName: author.name,
        authorEmail: author.email,
        message,
      };
      try {
        if (head)
          return await store.commitFiles(gitops, head, writes, commitOptions);
        const work = await fs.mkdtemp(
          path.join(os.tmpdir(), 'launchpad-gitops-'),
        );
        try {
          for (const [file, content] of Object.entries(writes)) {
            const dest = resolveSafeChildPath(work, file);
            await fs.mkdir(path.dirname(dest), { recursive: true });
            await fs.writeFile(dest, content);
          }
          return await store.pushDirectory(gitops, work, commitOptions);
        } finally {
          await fs.rm(work, { recursive: true, force: true });
        }
      } catch (error) {
        // another registration pushed first: read the new head and redo
        if (error instanceof GitCommandError && attempt < ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
    }
  }
}

/** An InputError unless `relative` names a file directly in the repository folder `prefix`. */
function inside(relative: string, prefix: string): void {
  const rel = path.posix.normalize(relative);
  if (
    rel !== relative ||
    !rel.startsWith(prefix) ||
    rel.slice(prefix.length).includes('/') ||
    rel.length === prefix.length
  ) {
    throw new InputError(`${relative} is not a file directly in ${prefix}`);
  }
}
