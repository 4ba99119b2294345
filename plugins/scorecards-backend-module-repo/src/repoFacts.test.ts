import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { extractRepoFacts, isRelevantFile, REPO_FACTS } from './repoFacts';

const GOLDEN_FILES = [
  '.dockerignore',
  '.github/workflows/ci.yaml',
  'CODEOWNERS',
  'Dockerfile',
  'README.md',
  'catalog-info.yaml',
  'charts/loyalty-service/Chart.yaml',
  'charts/loyalty-service/values.yaml',
  'charts/loyalty-service/values-dev.yaml',
  'charts/loyalty-service/values-stage.yaml',
  'charts/loyalty-service/values-prod.yaml',
  'charts/loyalty-service/templates/deployment.yaml',
  'src/index.ts',
];

describe('extractRepoFacts', () => {
  it('reads a golden path repository', () => {
    const facts = extractRepoFacts({
      files: GOLDEN_FILES,
      ciConfigs: new Map([
        [
          '.github/workflows/ci.yaml',
          'jobs:\n  sast:\n    steps:\n      - uses: github/codeql-action/analyze@v4\n',
        ],
      ]),
    });
    expect(facts).toEqual({
      'repo.hasCiWorkflow': true,
      'repo.ciWorkflows': ['.github/workflows/ci.yaml'],
      'repo.hasCodeowners': true,
      'repo.hasHelmChart': true,
      'repo.helmEnvironments': ['dev', 'prod', 'stage'],
      'repo.hasDockerfile': true,
      'repo.hasReadme': true,
      'repo.hasSastStep': true,
      'repo.sastTools': ['codeql'],
    });
  });

  it('knows an empty repository has none of it', () => {
    expect(
      extractRepoFacts({ files: ['src/main.go'], ciConfigs: new Map() }),
    ).toEqual({
      'repo.hasCiWorkflow': false,
      'repo.ciWorkflows': [],
      'repo.hasCodeowners': false,
      'repo.hasHelmChart': false,
      'repo.helmEnvironments': [],
      'repo.hasDockerfile': false,
      'repo.hasReadme': false,
      'repo.hasSastStep': false,
      'repo.sastTools': [],
    });
  });

  it('finds GitLab CI and CODEOWNERS in .github/ or docs/, not elsewhere', () => {
    const facts = (files: string[]) => extractRepoFacts({ files });
    expect(facts(['.gitlab-ci.yml'])['repo.ciWorkflows']).toEqual([
      '.gitlab-ci.yml',
    ]);
    expect(facts(['.github/CODEOWNERS'])['repo.hasCodeowners']).toBe(true);
    expect(facts(['docs/CODEOWNERS'])['repo.hasCodeowners']).toBe(true);
    expect(facts(['src/CODEOWNERS'])['repo.hasCodeowners']).toBe(false);
    // GitHub runs only files directly in .github/workflows, and only YAML.
    expect(
      facts([
        '.github/workflows/old/ci.yaml',
        '.github/workflows/README.md',
        'ci/.gitlab-ci.yml',
      ])['repo.hasCiWorkflow'],
    ).toBe(false);
    expect(facts(['.github/workflows/build.yml'])['repo.hasCiWorkflow']).toBe(
      true,
    );
  });

  it('counts Helm environments only next to a Chart.yaml, across charts', () => {
    const facts = extractRepoFacts({
      files: [
        'deploy/api/Chart.yaml',
        'deploy/api/values-prod.yaml',
        'deploy/api/values-QA.yml',
        'deploy/worker/Chart.yaml',
        'deploy/worker/values-dev.yaml',
        'config/values-stage.yaml', // no chart here
        'deploy/api/values.yaml',
      ],
    });
    expect(facts['repo.helmEnvironments']).toEqual(['dev', 'prod', 'qa']);
    expect(facts['repo.hasHelmChart']).toBe(true);
  });

  it('ignores vendored folders and finds Dockerfiles anywhere', () => {
    const facts = extractRepoFacts({
      files: [
        'node_modules/x/Dockerfile',
        'node_modules/x/Chart.yaml',
        'node_modules/x/values-prod.yaml',
        'services/api/Containerfile',
      ],
    });
    expect(facts['repo.hasDockerfile']).toBe(true);
    expect(facts['repo.hasHelmChart']).toBe(false);
    expect(
      extractRepoFacts({ files: ['build/api.Dockerfile'] })[
        'repo.hasDockerfile'
      ],
    ).toBe(true);
    expect(
      extractRepoFacts({ files: ['docs/README.md'] })['repo.hasReadme'],
    ).toBe(false);
  });

  it('leaves content facts out when the CI files were not read, and keeps only wanted facts', () => {
    expect(extractRepoFacts({ files: GOLDEN_FILES })).not.toHaveProperty(
      'repo.hasSastStep',
    );
    expect(
      extractRepoFacts(
        { files: GOLDEN_FILES, ciConfigs: new Map() },
        new Set(['repo.hasCodeowners', 'repo.hasSastStep']),
      ),
    ).toEqual({ 'repo.hasCodeowners': true, 'repo.hasSastStep': false });
  });
});

describe('isRelevantFile', () => {
  it('keeps only what a fact needs', () => {
    expect(GOLDEN_FILES.filter(isRelevantFile)).toEqual([
      '.github/workflows/ci.yaml',
      'CODEOWNERS',
      'Dockerfile',
      'README.md',
      'charts/loyalty-service/Chart.yaml',
      'charts/loyalty-service/values-dev.yaml',
      'charts/loyalty-service/values-stage.yaml',
      'charts/loyalty-service/values-prod.yaml',
    ]);
  });
});

describe("the platform team's scorecards", () => {
  it('use only repository facts this source provides', () => {
    const dir = path.resolve(__dirname, '../../../scorecards');
    const facts: string[] = fs
      .readdirSync(dir)
      .filter((f: string) => /\.ya?ml$/.test(f))
      .flatMap((f: string) =>
        parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf-8')).flatMap(
          (doc: any) => (doc.toJS()?.checks ?? []).map((c: any) => c.fact),
        ),
      )
      .filter((fact: string) => fact.startsWith('repo.'));
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.filter(f => !(f in REPO_FACTS))).toEqual([]);
  });
});
