import fs from 'node:fs';
import path from 'node:path';
import { sastToolsInCiConfig } from './sastTools';

const gha = (steps: string, extra = '') => `name: ci
on: [push]
jobs:
  check:
    runs-on: ubuntu-latest
${extra}    steps:
${steps}`;

describe('sastToolsInCiConfig', () => {
  it("finds CodeQL in the golden path's workflow, and not Trivy or npm audit", () => {
    const workflow = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../templates/node-service/golden/loyalty-service/.github/workflows/ci.yaml',
      ),
      'utf-8',
    );
    expect(sastToolsInCiConfig('.github/workflows/ci.yaml', workflow)).toEqual([
      'codeql',
    ]);
  });

  it('recognises SAST actions by reference, whatever the version', () => {
    const steps = [
      '      - uses: actions/checkout@v4',
      '      - uses: semgrep/semgrep-action@v1',
      '      - uses: securego/gosec@master',
      '      - uses: SonarSource/sonarqube-scan-action@v5',
      '      - uses: github/codeql-action/upload-sarif@v3', // uploads others' results
      '      - uses: docker://returntocorp/semgrep:1.50',
      '',
    ].join('\n');
    expect(sastToolsInCiConfig('.github/workflows/ci.yml', gha(steps))).toEqual(
      ['gosec', 'semgrep', 'sonarqube'],
    );
  });

  it('recognises SAST commands in run steps, directly or through a launcher', () => {
    const run = (script: string) =>
      sastToolsInCiConfig(
        '.github/workflows/ci.yml',
        gha(
          `      - run: |\n${script
            .split('\n')
            .map(l => `          ${l}`)
            .join('\n')}\n`,
        ),
      );
    expect(run('semgrep ci --config auto')).toEqual(['semgrep']);
    expect(run('npm ci && SEMGREP_APP_TOKEN=x semgrep scan')).toEqual([
      'semgrep',
    ]);
    expect(
      run('go run github.com/securego/gosec/v2/cmd/gosec@latest ./...'),
    ).toEqual(['gosec']);
    expect(run('pipx run bandit -r src')).toEqual(['bandit']);
    expect(run('python -m bandit -r .')).toEqual(['bandit']);
    expect(
      run('docker run --rm -v "$PWD:/src" semgrep/semgrep semgrep scan'),
    ).toEqual(['semgrep']);
    expect(run('snyk code test')).toEqual(['snyk-code']);
    expect(run('/opt/codeql/codeql database analyze db')).toEqual(['codeql']);
  });

  it('does not take mentions for runs', () => {
    const run = (script: string) =>
      sastToolsInCiConfig(
        '.github/workflows/ci.yml',
        gha(`      - run: ${JSON.stringify(script)}\n`),
      );
    expect(run('echo "remember to run semgrep"')).toEqual([]);
    expect(run('# semgrep ci')).toEqual([]);
    expect(run('snyk test')).toEqual([]); // dependency scan, not code
    expect(run('npm audit --audit-level=high')).toEqual([]);
    expect(run('trivy fs .')).toEqual([]);
  });

  it('finds job containers, reusable SAST workflows and snyk code through its action', () => {
    const workflow = `jobs:
  scan:
    container: { image: semgrep/semgrep:latest }
    steps:
      - run: make scan
  shared:
    uses: northwind/ci/.github/workflows/sast.yml@v2
  snyk:
    steps:
      - uses: snyk/actions/node@master
        with: { command: code test }
`;
    expect(
      sastToolsInCiConfig('.github/workflows/scan.yaml', workflow),
    ).toEqual(['sast', 'semgrep', 'snyk-code']);
  });

  it('reads GitLab CI: the SAST template, images and scripts', () => {
    expect(
      sastToolsInCiConfig(
        '.gitlab-ci.yml',
        'include:\n  - template: Jobs/SAST.gitlab-ci.yml\nstages: [test]\n',
      ),
    ).toEqual(['gitlab-sast']);
    expect(
      sastToolsInCiConfig(
        '.gitlab-ci.yml',
        'include:\n  - component: $CI_SERVER_FQDN/components/sast/sast@2.0\n',
      ),
    ).toEqual(['gitlab-sast']);
    expect(
      sastToolsInCiConfig(
        '.gitlab-ci.yml',
        'gosec:\n  image: securego/gosec:2.21.4\n  script: [gosec ./...]\nlint:\n  script:\n    - npm run lint\n    - bandit -r app\n',
      ),
    ).toEqual(['bandit', 'gosec']);
    expect(
      sastToolsInCiConfig('.gitlab-ci.yml', 'test:\n  script: npm test\n'),
    ).toEqual([]);
  });

  it('finds nothing in files that are not YAML maps', () => {
    expect(
      sastToolsInCiConfig('.github/workflows/ci.yml', 'jobs: [\n  - semgrep'),
    ).toEqual([]);
    expect(
      sastToolsInCiConfig('.github/workflows/ci.yml', '- semgrep\n'),
    ).toEqual([]);
    expect(sastToolsInCiConfig('.github/workflows/ci.yml', '')).toEqual([]);
    expect(
      sastToolsInCiConfig(
        '.github/workflows/ci.yml',
        'jobs:\n  a: 1\n  b:\n    steps: nope\n',
      ),
    ).toEqual([]);
  });
});
