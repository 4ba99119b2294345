// @ts-check
// GitOps under the platform's control: a service's Argo CD objects live in
// the platform's GitOps repository (apps/<team>/<service>.yaml, written by
// launchpad:gitops-register), never in the team's repository, and they pin
// the team's AppProject, the team's chart and the team's namespaces.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateKubernetesManifests } from './kubernetes.mjs';

/** @typedef {{ file: string, rule: string, message: string }} GitopsFinding */

/** The AppProject every Application of a team must use (as the portal decides it). */
export const teamProject = (/** @type {string} */ team) => `team-${team}`;

/** Any Argo CD object, in any text form (also Helm templates, which are not YAML). */
const ARGO_API = /^\s*["']?apiVersion["']?\s*:\s*["']?argoproj\.io\//m;

function walk(/** @type {string} */ dir, /** @type {string} */ rel = '') {
  /** @type {string[]} */
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), {
    withFileTypes: true,
  })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/**
 * Files of the team's repository that hold an Argo CD object (Application,
 * ApplicationSet, AppProject...): there must be none, or the team could
 * change its own project, source or destinations.
 * @param {string} repoDir
 * @returns {GitopsFinding[]}
 */
export function checkTeamRepoHasNoArgoCd(repoDir) {
  return walk(repoDir)
    .filter(f => /\.(ya?ml|json|tpl)$/.test(f))
    .filter(f => ARGO_API.test(fs.readFileSync(path.join(repoDir, f), 'utf-8')))
    .map(file => ({
      file,
      rule: 'team-repo-no-argocd',
      message:
        "holds an Argo CD object: Applications belong in the platform's GitOps repository, where the team cannot change their project",
    }));
}

function docs(/** @type {string} */ text) {
  return parseAllDocuments(text)
    .map(d => d.toJS())
    .filter(d => d && typeof d === 'object');
}

/**
 * Checks the platform GitOps repository's entry for one service.
 * @param {{ gitopsDir: string, teamRepoDir?: string, team: string, service: string,
 *   teamCloneUrl: string, environments: string[] }} options
 * @returns {Promise<GitopsFinding[]>}
 */
export async function checkGitops({
  gitopsDir,
  teamRepoDir,
  team,
  service,
  teamCloneUrl,
  environments,
}) {
  /** @type {GitopsFinding[]} */
  const findings = [];
  const add = (
    /** @type {string} */ file,
    /** @type {string} */ rule,
    /** @type {string} */ message,
  ) => findings.push({ file, rule, message });
  const project = teamProject(team);
  const appFile = `apps/${team}/${service}.yaml`;
  const projectFile = `projects/${project}.yaml`;
  const teamNamespaces = environments.map(env => `${team}-${env}`);
  const teamRepoPrefix = `${teamCloneUrl.slice(
    0,
    teamCloneUrl.lastIndexOf('/'),
  )}/`;

  if (teamRepoDir) findings.push(...checkTeamRepoHasNoArgoCd(teamRepoDir));

  for (const file of [appFile, projectFile]) {
    const full = path.join(gitopsDir, file);
    if (!fs.existsSync(full)) {
      add(file, 'registered', 'is missing from the GitOps repository');
      continue;
    }
    for (const e of await validateKubernetesManifests(
      fs.readFileSync(full, 'utf-8'),
      { source: file },
    )) {
      add(file, 'schema', `${e.kind}/${e.name}: ${e.message}`);
    }
  }
  if (findings.some(f => f.rule === 'registered')) return findings;

  // The service's Applications: plain ones, or the template of an ApplicationSet.
  const objects = docs(fs.readFileSync(path.join(gitopsDir, appFile), 'utf-8'));
  if (!objects.length) add(appFile, 'registered', 'holds no Argo CD object');
  for (const obj of objects) {
    const what = `${obj.kind}/${obj.metadata?.name}`;
    if (
      obj.apiVersion !== 'argoproj.io/v1alpha1' ||
      !['Application', 'ApplicationSet'].includes(obj.kind)
    ) {
      add(
        appFile,
        'kind',
        `${what}: only Applications and ApplicationSets belong in apps/`,
      );
      continue;
    }
    if (obj.metadata?.namespace !== 'argocd')
      add(appFile, 'namespace', `${what}: must be in the argocd namespace`);
    const spec =
      obj.kind === 'ApplicationSet' ? obj.spec?.template?.spec : obj.spec;
    if (spec?.project !== project)
      add(
        appFile,
        'project',
        `${what}: project is ${JSON.stringify(
          spec?.project,
        )}, not the team's ${project}`,
      );
    if (
      obj.kind === 'ApplicationSet' &&
      obj.spec?.templatePatch &&
      /\bproject\b|\brepoURL\b|\bnamespace\b/.test(obj.spec.templatePatch)
    )
      add(
        appFile,
        'project',
        `${what}: templatePatch may not change the project, source or destination`,
      );
    const sources = [spec?.source, ...(spec?.sources ?? [])].filter(Boolean);
    if (!sources.length) add(appFile, 'source', `${what}: has no source`);
    for (const source of sources) {
      if (source.repoURL !== teamCloneUrl)
        add(
          appFile,
          'source',
          `${what}: source ${source.repoURL} is not the team repository ${teamCloneUrl}`,
        );
      if (source.path !== `charts/${service}`)
        add(
          appFile,
          'source',
          `${what}: source path ${source.path} is not charts/${service}`,
        );
    }
    // Destinations: literal, or the list generator's elements the template reads.
    /** @type {string[]} */
    let namespaces = [];
    if (obj.kind === 'Application') namespaces = [spec?.destination?.namespace];
    else {
      const generators = obj.spec?.generators ?? [];
      if (generators.length !== 1 || !generators[0].list)
        add(
          appFile,
          'destination',
          `${what}: only one list generator may set its environments`,
        );
      const elements = generators[0]?.list?.elements ?? [];
      if (spec?.destination?.namespace !== '{{ .namespace }}')
        add(
          appFile,
          'destination',
          `${what}: destination namespace must come from the list (got ${spec?.destination?.namespace})`,
        );
      namespaces = elements.map((/** @type {any} */ e) => e.namespace);
      const envs = elements.map((/** @type {any} */ e) => e.env);
      if (JSON.stringify(envs) !== JSON.stringify(environments))
        add(
          appFile,
          'destination',
          `${what}: environments ${envs.join(', ')} are not ${environments.join(
            ', ',
          )}`,
        );
    }
    for (const ns of namespaces) {
      if (!teamNamespaces.includes(ns))
        add(
          appFile,
          'destination',
          `${what}: namespace ${ns} is not one of the team's (${teamNamespaces.join(
            ', ',
          )})`,
        );
    }
  }

  // The team's AppProject: only the team's repositories and namespaces, nothing cluster-wide.
  for (const obj of docs(
    fs.readFileSync(path.join(gitopsDir, projectFile), 'utf-8'),
  )) {
    if (obj.kind !== 'AppProject' || obj.metadata?.name !== project) {
      add(
        projectFile,
        'appproject',
        `${obj.kind}/${obj.metadata?.name}: expected AppProject/${project} only`,
      );
      continue;
    }
    const repos = obj.spec?.sourceRepos ?? [];
    if (!repos.length) add(projectFile, 'appproject', 'sourceRepos is empty');
    for (const repo of repos) {
      const rest = String(repo).startsWith(teamRepoPrefix)
        ? String(repo).slice(teamRepoPrefix.length)
        : undefined;
      if (rest === undefined || rest.includes('/') || rest.startsWith('!'))
        add(
          projectFile,
          'appproject',
          `sourceRepos ${repo} is not limited to the team's repositories (${teamRepoPrefix}*)`,
        );
    }
    for (const dest of obj.spec?.destinations ?? []) {
      if (!teamNamespaces.includes(dest.namespace))
        add(
          projectFile,
          'appproject',
          `destination namespace ${dest.namespace} is not one of the team's`,
        );
      if (!dest.server || /[*?[]/.test(dest.server))
        add(
          projectFile,
          'appproject',
          `destination server ${dest.server} is not one cluster`,
        );
    }
    if ((obj.spec?.clusterResourceWhitelist ?? []).length)
      add(
        projectFile,
        'appproject',
        'clusterResourceWhitelist must be empty: no cluster-scoped objects',
      );
    if (obj.spec?.namespaceResourceWhitelist)
      add(
        projectFile,
        'appproject',
        'namespaceResourceWhitelist is not expected (the blacklist keeps RBAC and quotas out)',
      );
    const blocked = (obj.spec?.namespaceResourceBlacklist ?? []).map(
      (/** @type {any} */ r) => r.kind,
    );
    for (const kind of ['Role', 'RoleBinding', 'ResourceQuota', 'LimitRange']) {
      if (!blocked.includes(kind))
        add(
          projectFile,
          'appproject',
          `namespaceResourceBlacklist must include ${kind}`,
        );
    }
  }
  return findings;
}
