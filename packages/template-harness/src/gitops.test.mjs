// @ts-check
// The GitOps check on a registration shaped like launchpad:gitops-register's
// (an ApplicationSet in apps/<team>/, the team's AppProject in projects/), and
// on tables of broken variants: a team escaping its project, source or
// namespaces must be caught, and a team repository holding any Argo CD object
// (in any form, Helm templates too) fails.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkGitops, checkTeamRepoHasNoArgoCd } from './gitops.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const CLONE = 'http://localhost:7007/api/git/checkout/loyalty-service.git';
const ENVS = ['dev', 'stage', 'prod'];

const APP = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: "loyalty-service"
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - list:
        elements:
          - env: "dev"
            namespace: "checkout-dev"
            cluster: "https://k8s.dev.northwind.example"
            autoSync: true
          - env: "stage"
            namespace: "checkout-stage"
            cluster: "https://k8s.stage.northwind.example"
            autoSync: true
          - env: "prod"
            namespace: "checkout-prod"
            cluster: "https://k8s.prod.northwind.example"
            autoSync: false
  template:
    metadata:
      name: 'loyalty-service-{{ .env }}'
    spec:
      project: "team-checkout"
      source:
        repoURL: "${CLONE}"
        targetRevision: main
        path: "charts/loyalty-service"
      destination:
        server: '{{ .cluster }}'
        namespace: '{{ .namespace }}'
  templatePatch: |
    {{- if .autoSync }}
    spec:
      syncPolicy:
        automated:
          prune: true
    {{- end }}
`;

const PROJECT = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: "team-checkout"
  namespace: argocd
spec:
  sourceRepos:
    - "http://localhost:7007/api/git/checkout/*"
  destinations:
    - server: "https://k8s.dev.northwind.example"
      namespace: "checkout-dev"
    - server: "https://k8s.prod.northwind.example"
      namespace: "checkout-prod"
  clusterResourceWhitelist: []
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

/**
 * Replaces exactly what is named (fails the test if the text is not there).
 * @param {string} text @param {string} from @param {string} to
 */
function edit(text, from, to) {
  assert.ok(
    text.includes(from),
    `fixture changed: ${JSON.stringify(from.slice(0, 80))} not found`,
  );
  return text.split(from).join(to);
}

/** @param {Record<string, string | undefined>} files */
function gitopsRepo(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-check-'));
  for (const [file, text] of Object.entries(files)) {
    if (text === undefined) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** @param {{ app?: string, project?: string, teamRepo?: string }} [options] */
async function findings({
  app = APP,
  project = PROJECT,
  teamRepo = undefined,
} = {}) {
  const gitopsDir = gitopsRepo({
    'apps/checkout/loyalty-service.yaml': app,
    'projects/team-checkout.yaml': project,
  });
  try {
    return await checkGitops({
      gitopsDir,
      teamRepoDir: teamRepo,
      team: 'checkout',
      service: 'loyalty-service',
      teamCloneUrl: CLONE,
      environments: ENVS,
    });
  } finally {
    fs.rmSync(gitopsDir, { recursive: true, force: true });
  }
}

describe('checkGitops', () => {
  it('passes the registration launchpad:gitops-register writes, with the generated team repository', async () => {
    assert.deepEqual(
      await findings({
        teamRepo: path.join(
          root,
          'templates/node-service/golden/loyalty-service',
        ),
      }),
      [],
    );
  });

  const broken = [
    ['project', 'project: "team-checkout"', 'project: "default"'],
    ['project', 'project: "team-checkout"', 'project: "team-platform"'],
    ['project', 'project: "team-checkout"', 'project: "team-checkout-2"'],
    [
      'project',
      '    spec:\n      syncPolicy:',
      '    spec:\n      project: default\n      syncPolicy:',
    ],
    ['source', CLONE, 'http://localhost:7007/api/git/payments/ledger.git'],
    ['source', CLONE, 'https://github.com/evil/loyalty-service.git'],
    ['source', 'path: "charts/loyalty-service"', 'path: "charts/../../other"'],
    ['destination', 'namespace: "checkout-prod"', 'namespace: "kube-system"'],
    ['destination', 'namespace: "checkout-dev"', 'namespace: "payments-dev"'],
    ['destination', "namespace: '{{ .namespace }}'", 'namespace: kube-system'],
    ['destination', '          - env: "prod"', '          - env: "qa"'],
    [
      'destination',
      '  generators:\n',
      '  generators:\n    - git:\n        repoURL: https://x.example/r.git\n        revision: main\n        files: [{ path: "x.json" }]\n',
    ],
    [
      'namespace',
      '  namespace: argocd\nspec:\n  goTemplate',
      '  namespace: checkout-dev\nspec:\n  goTemplate',
    ],
    ['kind', 'kind: ApplicationSet', 'kind: AppProject'],
    ['schema', '  generators:\n    - list:', '  generators:\n    list:'],
    ['schema', 'goTemplate: true', 'goTemplate: "yes"'],
  ];
  for (const [rule, from, to] of broken) {
    it(`catches ${rule}: ${JSON.stringify(to.slice(0, 60))}`, async () => {
      const result = await findings({ app: edit(APP, from, to) });
      assert.ok(
        result.some(f => f.rule === rule),
        `expected a ${rule} finding, got ${JSON.stringify(result)}`,
      );
    });
  }

  const brokenProjects = [
    ['"http://localhost:7007/api/git/checkout/*"', '"*"'],
    [
      '"http://localhost:7007/api/git/checkout/*"',
      '"http://localhost:7007/api/git/*"',
    ],
    [
      '"http://localhost:7007/api/git/checkout/*"',
      '"http://localhost:7007/api/git/checkout/*/*"',
    ],
    [
      '"http://localhost:7007/api/git/checkout/*"',
      '"!http://localhost:7007/api/git/checkout/x"',
    ],
    ['namespace: "checkout-dev"', 'namespace: "*"'],
    ['namespace: "checkout-dev"', 'namespace: "kube-system"'],
    ['server: "https://k8s.dev.northwind.example"', 'server: "*"'],
    [
      'clusterResourceWhitelist: []',
      'clusterResourceWhitelist:\n    - group: "*"\n      kind: "*"',
    ],
    ['    - group: rbac.authorization.k8s.io\n      kind: RoleBinding\n', ''],
    ['name: "team-checkout"', 'name: "team-platform"'],
  ];
  for (const [from, to] of brokenProjects) {
    it(`catches an AppProject that lets the team out: ${JSON.stringify(
      to.slice(0, 60),
    )}`, async () => {
      const result = await findings({ project: edit(PROJECT, from, to) });
      assert.ok(
        result.some(f => f.rule === 'appproject'),
        JSON.stringify(result),
      );
    });
  }

  it('fails when the service is not registered at all', async () => {
    for (const missing of [{ app: undefined }, { project: undefined }]) {
      const gitopsDir = gitopsRepo({
        'apps/checkout/loyalty-service.yaml': APP,
        'projects/team-checkout.yaml': PROJECT,
        ...Object.fromEntries(
          Object.keys(missing).map(k => [
            k === 'app'
              ? 'apps/checkout/loyalty-service.yaml'
              : 'projects/team-checkout.yaml',
            undefined,
          ]),
        ),
      });
      const result = await checkGitops({
        gitopsDir,
        team: 'checkout',
        service: 'loyalty-service',
        teamCloneUrl: CLONE,
        environments: ENVS,
      });
      fs.rmSync(gitopsDir, { recursive: true, force: true });
      assert.ok(
        result.some(f => f.rule === 'registered'),
        JSON.stringify(result),
      );
    }
  });
});

describe('a team repository cannot change its Argo CD project', () => {
  const argo = [
    ['deploy/argocd/applicationset.yaml', APP],
    [
      'deploy/argocd/app.yml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: x }\n',
    ],
    ['deploy/project.yaml', PROJECT],
    [
      'charts/loyalty-service/templates/app.yaml',
      '{{- if .Values.x }}\napiVersion: argoproj.io/v1alpha1\nkind: Application\n{{- end }}\n',
    ],
    [
      'charts/loyalty-service/templates/_app.tpl',
      '{{ define "x" }}\n  apiVersion: "argoproj.io/v1alpha1"\n{{ end }}\n',
    ],
    [
      'other.json',
      '{\n  "apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject"\n}\n',
    ],
  ];
  for (const [file, text] of argo) {
    it(`finds an Argo CD object in ${file}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-repo-'));
      fs.cpSync(
        path.join(root, 'templates/node-service/golden/loyalty-service'),
        dir,
        { recursive: true },
      );
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
      const result = checkTeamRepoHasNoArgoCd(dir);
      fs.rmSync(dir, { recursive: true, force: true });
      assert.deepEqual(
        result.map(f => f.file),
        [file],
      );
    });
  }

  for (const golden of [
    'node-service/golden/loyalty-service',
    'go-service/golden/delivery-slot-service',
  ]) {
    it(`the generated ${golden} holds none`, () => {
      assert.deepEqual(
        checkTeamRepoHasNoArgoCd(path.join(root, 'templates', golden)),
        [],
      );
    });
  }
});
