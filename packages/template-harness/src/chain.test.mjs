// @ts-check
// The chain check on the generated workflows and chart (the node-service
// golden output: exactly what the golden path creates), and on tables of
// broken variants of them: every rule must fail on each variant of its
// class, and nothing may fail on the generated files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  checkChain,
  checkCodeOwners,
  checkEnvironments,
  checkWorkflowChain,
  codeOwnersOf,
} from './chain.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const goldens = [
  path.join(root, 'templates/node-service/golden/loyalty-service'),
  path.join(root, 'templates/go-service/golden/delivery-slot-service'),
];
const golden = goldens[0];
const read = (/** @type {string} */ f) =>
  fs.readFileSync(path.join(golden, f), 'utf-8');
const CI = '.github/workflows/ci.yaml';
const PROMOTE = '.github/workflows/promote.yaml';
/** @type {Record<string, string>} */
const base = { [CI]: read(CI), [PROMOTE]: read(PROMOTE) };

/** Replaces exactly what is named (fails the test if the text is not there). */
function edit(
  /** @type {string} */ text,
  /** @type {string} */ from,
  /** @type {string} */ to,
) {
  assert.ok(
    text.includes(from),
    `fixture changed: ${JSON.stringify(from.slice(0, 80))} not found`,
  );
  return text.split(from).join(to);
}
const workflows = (files = base) =>
  Object.entries(files).map(([file, text]) => ({ file, text }));
const SIGN_STEP =
  '      - name: Sign (cosign keyless)\n        run: cosign sign --yes "$IMAGE@$DIGEST"\n';
const PR_STEP_START = '      - name: Open the deploy pull request\n';

/** @type {Array<{ rule: string, name: string, file?: string, change: (t: string) => string }>} */
const broken = [
  // pinned
  {
    rule: 'pinned',
    name: 'major tag',
    change: t =>
      edit(
        t,
        'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
        'actions/checkout@v7',
      ),
  },
  {
    rule: 'pinned',
    name: 'branch',
    change: t =>
      edit(
        t,
        'sigstore/cosign-installer@6f9f17788090df1f26f669e9d70d6ae9567deba6 # v4.1.2',
        'sigstore/cosign-installer@main',
      ),
  },
  {
    rule: 'pinned',
    name: 'short SHA',
    change: t =>
      edit(
        t,
        'docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121',
        'docker/login-action@4907a6d',
      ),
  },
  {
    rule: 'pinned',
    name: 'SHA without a version comment',
    change: t =>
      edit(
        t,
        '@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0',
        '@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a',
      ),
  },
  {
    rule: 'pinned',
    name: 'comment that names no version',
    change: t =>
      edit(
        t,
        '@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0',
        '@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # pinned',
      ),
  },
  {
    rule: 'pinned',
    name: 'upper-case SHA',
    change: t =>
      edit(
        t,
        '@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a',
        '@53B7DF96C91F9C12DCC8A07BCB9CCACBED38856A',
      ),
  },
  {
    rule: 'pinned',
    name: 'container action by tag',
    change: t =>
      edit(
        t,
        '      - uses: sigstore/cosign-installer@6f9f17788090df1f26f669e9d70d6ae9567deba6 # v4.1.2',
        '      - uses: docker://alpine:3.20',
      ),
  },
  {
    rule: 'pinned',
    name: 'reusable workflow by branch',
    change: t =>
      edit(
        t,
        '  deploy-dev:\n',
        '  reuse:\n    uses: northwind/workflows/.github/workflows/x.yaml@main\n  deploy-dev:\n',
      ),
  },
  {
    rule: 'pinned',
    name: 'promotion workflow by tag',
    file: PROMOTE,
    change: t =>
      edit(
        t,
        'peter-evans/create-pull-request@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v8.1.1',
        'peter-evans/create-pull-request@v8',
      ),
  },

  // permissions
  {
    rule: 'permissions',
    name: 'no workflow-level permissions',
    change: t =>
      edit(
        t,
        '# Least privilege by default; jobs that need more ask for it themselves.\npermissions:\n  contents: read\n',
        '',
      ),
  },
  {
    rule: 'permissions',
    name: 'workflow-level write',
    change: t =>
      edit(
        t,
        'permissions:\n  contents: read\n\nconcurrency',
        'permissions:\n  contents: write\n\nconcurrency',
      ),
  },
  {
    rule: 'permissions',
    name: 'write-all',
    change: t =>
      edit(
        t,
        'permissions:\n  contents: read\n\nconcurrency',
        'permissions: write-all\n\nconcurrency',
      ),
  },
  {
    rule: 'permissions',
    name: 'OIDC token where nothing signs',
    change: t =>
      edit(
        t,
        '  sast:\n    name: SAST (CodeQL)\n    runs-on: ubuntu-latest\n    permissions:\n',
        '  sast:\n    name: SAST (CodeQL)\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n',
      ),
  },

  // build-once
  {
    rule: 'build-once',
    name: 'a second build-push-action',
    change: t =>
      edit(
        t,
        '      - name: Scan (Trivy) the built layout\n',
        '      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0\n        with:\n          context: .\n          load: true\n          tags: x:y\n      - name: Scan (Trivy) the built archive\n',
      ),
  },
  {
    rule: 'build-once',
    name: 'docker build in a run step',
    change: t =>
      edit(
        t,
        '      - name: Push the scanned layout\n',
        '      - name: Rebuild\n        run: docker build -t "$IMAGE:$GITHUB_SHA" .\n      - name: Push the scanned layout\n',
      ),
  },
  {
    rule: 'build-once',
    name: 'buildx build in another job',
    change: t =>
      edit(
        t,
        '  sign:\n',
        '  rebuild:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --push -t "$IMAGE:latest" .\n  sign:\n',
      ),
  },
  {
    rule: 'build-once',
    name: 'no build at all',
    change: t =>
      edit(
        t,
        '        uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0\n',
        '        uses: some/other-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0\n',
      ),
  },

  // scan-same-build
  {
    rule: 'scan-same-build',
    name: 'scans a tag from the registry',
    change: t =>
      edit(
        t,
        '          input: ${{ runner.temp }}/image-oci\n',
        '          image-ref: ${{ env.IMAGE }}:latest\n',
      ),
  },
  {
    rule: 'scan-same-build',
    name: 'scans the source tree',
    change: t =>
      edit(
        t,
        '          input: ${{ runner.temp }}/image-oci\n',
        '          scan-type: fs\n          scan-ref: .\n',
      ),
  },
  {
    rule: 'scan-same-build',
    name: 'scans another archive',
    change: t =>
      edit(
        t,
        '          input: ${{ runner.temp }}/image-oci\n',
        '          input: ${{ runner.temp }}/other-oci\n',
      ),
  },
  {
    rule: 'scan-same-build',
    name: 'no scan',
    change: t =>
      edit(
        t,
        '        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0\n',
        '        uses: some/linter@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0\n',
      ),
  },
  {
    rule: 'scan-same-build',
    name: 'an OCI tarball (Trivy reads layouts only)',
    change: t =>
      edit(
        t,
        'dest=${{ runner.temp }}/image-oci,tar=false',
        'dest=${{ runner.temp }}/image-oci',
      ),
  },
  {
    rule: 'scan-same-build',
    name: 'an explicit tar=true',
    change: t =>
      edit(
        t,
        'dest=${{ runner.temp }}/image-oci,tar=false',
        'dest=${{ runner.temp }}/image-oci,tar=true',
      ),
  },
  {
    rule: 'scan-same-build',
    name: 'build keeps nothing on the runner',
    change: t =>
      edit(
        t,
        '          outputs: type=oci,dest=${{ runner.temp }}/image-oci,tar=false\n',
        '',
      ),
  },

  // push-same-build
  {
    rule: 'push-same-build',
    name: 'the build pushes itself',
    change: t =>
      edit(
        t,
        '          provenance: false\n',
        '          push: true\n          provenance: false\n',
      ),
  },
  {
    rule: 'push-same-build',
    name: 'pushes a pulled tag',
    change: t =>
      edit(
        t,
        '            "oci:$LAYOUT" "docker://$IMAGE:$GITHUB_SHA"',
        '            "docker://$IMAGE:candidate" "docker://$IMAGE:$GITHUB_SHA"',
      ),
  },
  {
    rule: 'push-same-build',
    name: 'docker push of another image',
    change: t =>
      edit(
        t,
        '          skopeo copy --preserve-digests --digestfile "$RUNNER_TEMP/pushed-digest" \\\n            "oci:$LAYOUT" "docker://$IMAGE:$GITHUB_SHA"',
        '          docker push "$IMAGE:latest"',
      ),
  },
  {
    rule: 'push-same-build',
    name: 'registry output in the build',
    change: t =>
      edit(
        t,
        'outputs: type=oci,dest=${{ runner.temp }}/image-oci,tar=false',
        'outputs: type=registry,dest=${{ runner.temp }}/image-oci',
      ),
  },
  {
    rule: 'push-same-build',
    name: 'pushed before the scan',
    change: t => {
      const scan = t.slice(
        t.indexOf('      - name: Scan (Trivy) the built layout\n'),
        t.indexOf('      - name: Log in to the registry\n'),
      );
      const rest = t.replace(scan, '');
      return edit(
        rest,
        '\n  sign:\n',
        `${scan.replace(/\n$/, '')}\n\n  sign:\n`,
      );
    },
  },

  // by-digest
  {
    rule: 'by-digest',
    name: 'signs a tag',
    change: t =>
      edit(
        t,
        'cosign sign --yes "$IMAGE@$DIGEST"',
        'cosign sign --yes "$IMAGE:$GITHUB_SHA"',
      ),
  },
  {
    rule: 'by-digest',
    name: 'signs the build output, not the push',
    change: t =>
      edit(
        t,
        '      DIGEST: ${{ needs.image.outputs.digest }}\n    steps:',
        '      DIGEST: ${{ github.sha }}\n    steps:',
      ),
  },
  {
    rule: 'by-digest',
    name: 'attests without a digest',
    change: t =>
      edit(
        t,
        '          subject-digest: ${{ env.DIGEST }}\n          push-to-registry: true\n\n',
        '          push-to-registry: true\n\n',
      ),
  },
  {
    rule: 'by-digest',
    name: 'job output is not the push',
    change: t =>
      edit(
        t,
        '      digest: ${{ steps.push.outputs.digest }}',
        '      digest: ${{ steps.build.outputs.imageid }}',
      ),
  },
  {
    rule: 'by-digest',
    name: 'push step without id',
    change: t => edit(t, '        id: push\n', ''),
  },
  {
    rule: 'by-digest',
    name: 'dev gets another digest',
    change: t =>
      edit(
        t,
        '          DIGEST: ${{ needs.image.outputs.digest }}\n        run: yq',
        '          DIGEST: ${{ vars.DEV_DIGEST }}\n        run: yq',
      ),
  },

  // sign-attest-order
  {
    rule: 'sign-attest-order',
    name: 'no signature',
    change: t => edit(t, SIGN_STEP, ''),
  },
  {
    rule: 'sign-attest-order',
    name: 'no provenance',
    change: t =>
      edit(
        t,
        'actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32 # v4.1.0',
        'actions/upload-artifact@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32 # v4.1.0',
      ),
  },
  {
    rule: 'sign-attest-order',
    name: 'no SBOM attestation',
    change: t =>
      edit(
        t,
        'actions/attest-sbom@c604332985a26aa8cf1bdc465b92731239ec6b9e # v4.1.0',
        'actions/upload-artifact@c604332985a26aa8cf1bdc465b92731239ec6b9e # v4.1.0',
      ),
  },
  {
    rule: 'sign-attest-order',
    name: 'signing does not wait for the image job',
    change: t =>
      edit(
        t,
        '  sign:\n    name: Sign and attest the pushed digest\n    needs: image\n',
        '  sign:\n    name: Sign and attest the pushed digest\n    needs: chart\n',
      ),
  },
  {
    rule: 'sign-attest-order',
    name: 'deploy does not wait for signing',
    change: t => edit(t, '    needs: [image, sign]\n', '    needs: [image]\n'),
  },
  {
    rule: 'sign-attest-order',
    name: 'signing without the OIDC identity',
    change: t =>
      edit(
        t,
        '      id-token: write\n      # Build provenance',
        '      # Build provenance',
      ),
  },
  {
    rule: 'sign-attest-order',
    name: 'signs in the deploy job after the PR',
    change: t =>
      edit(
        edit(t, SIGN_STEP, ''),
        '          labels: deploy\n',
        `          labels: deploy\n${SIGN_STEP}`,
      ),
  },
  {
    rule: 'sign-attest-order',
    name: 'promotion without verification',
    file: PROMOTE,
    change: t =>
      edit(t, '          cosign verify \\\n', '          cosign version \\\n'),
  },

  // gitops-by-pr
  {
    rule: 'gitops-by-pr',
    name: 'no digest written',
    change: t =>
      edit(
        t,
        "run: yq -i '.image.digest = strenv(DIGEST)'",
        "run: yq -i '.image.tag = strenv(DIGEST)'",
      ),
  },
  {
    rule: 'gitops-by-pr',
    name: 'written but not proposed',
    change: t =>
      edit(
        t,
        'peter-evans/create-pull-request@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v8.1.1',
        'actions/upload-artifact@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v8.1.1',
      ),
  },
  {
    rule: 'gitops-by-pr',
    name: 'PR opened before the change',
    change: t => {
      const write = t.slice(
        t.indexOf('      - name: Write the digest into the dev values\n'),
        t.indexOf(PR_STEP_START),
      );
      return edit(
        t.replace(write, ''),
        '          labels: deploy\n',
        `          labels: deploy\n${write}`,
      );
    },
  },

  // no-direct-push
  ...[
    'git push',
    'git push origin',
    'git push origin main',
    'git push origin HEAD:main',
    'git push origin HEAD:refs/heads/main',
    'git push --force origin +master',
    'git push origin "${{ github.event.repository.default_branch }}"',
    'git push -u origin ${{ github.ref_name }}',
    'git push --all origin',
    'git checkout -b main && git push origin HEAD',
    'gh api --method PUT repos/northwind/x/contents/charts/x/values-dev.yaml -f content=x',
  ].map(command => ({
    rule: 'no-direct-push',
    name: command,
    change: (/** @type {string} */ t) =>
      edit(
        t,
        'run: yq -i \'.image.digest = strenv(DIGEST)\' "$CHART/values-dev.yaml"',
        `run: |\n          yq -i '.image.digest = strenv(DIGEST)' "$CHART/values-dev.yaml"\n          git commit -am deploy\n          ${command}`,
      ),
  })),
  {
    rule: 'no-direct-push',
    name: 'create-pull-request onto main',
    change: t =>
      edit(
        t,
        '          branch: launchpad/deploy-dev\n',
        '          branch: main\n',
      ),
  },
  {
    rule: 'no-direct-push',
    name: 'git-auto-commit-action',
    change: t =>
      edit(
        edit(
          t,
          'peter-evans/create-pull-request@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v8.1.1',
          'stefanzweifel/git-auto-commit-action@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v5.0.1',
        ),
        '          branch: launchpad/deploy-dev\n',
        '',
      ),
  },
  {
    rule: 'no-direct-push',
    name: 'git-auto-commit-action onto master',
    change: t =>
      edit(
        edit(
          t,
          'peter-evans/create-pull-request@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v8.1.1',
          'stefanzweifel/git-auto-commit-action@5f6978faf089d4d20b00c7766989d076bb2fc7f1 # v5.0.1',
        ),
        '          branch: launchpad/deploy-dev\n',
        '          branch: master\n',
      ),
  },
  {
    rule: 'no-direct-push',
    name: 'promotion pushes to main',
    file: PROMOTE,
    change: t =>
      edit(
        t,
        'run: yq -i \'.image.digest = strenv(DIGEST)\' "$CHART/values-$TO.yaml"',
        'run: |\n          yq -i \'.image.digest = strenv(DIGEST)\' "$CHART/values-$TO.yaml"\n          git commit -am promote && git push origin HEAD:main',
      ),
  },
];

describe('checkWorkflowChain', () => {
  it('passes on the generated workflows of every golden path', () => {
    for (const dir of goldens) {
      const files = [CI, PROMOTE].map(file => ({
        file,
        text: fs.readFileSync(path.join(dir, file), 'utf-8'),
      }));
      const { findings, facts } = checkWorkflowChain(files);
      assert.deepEqual(findings, [], dir);
      assert.equal(facts.digestKey, 'image.digest');
      assert.match(
        facts.image ?? '',
        /^registry\.northwind\.example\/[a-z-]+\/[a-z-]+$/,
      );
    }
  });

  for (const rule of new Set(broken.map(b => b.rule))) {
    const variants = broken.filter(b => b.rule === rule);
    it(`${rule}: fails on each of ${variants.length} broken variants`, () => {
      assert.ok(variants.length >= 3, `${rule} needs several variants`);
      for (const variant of variants) {
        const file = variant.file ?? CI;
        const files = { ...base, [file]: variant.change(base[file]) };
        assert.notEqual(
          files[file],
          base[file],
          `${variant.name}: the change did nothing`,
        );
        const { findings } = checkWorkflowChain(workflows(files));
        assert.ok(
          findings.some(f => f.rule === rule),
          `${rule} / ${
            variant.name
          }: expected a ${rule} finding, got ${JSON.stringify(
            findings,
            null,
            1,
          )}`,
        );
      }
    });
  }

  it('allows a push to a branch of its own', () => {
    for (const command of [
      'git push origin launchpad/deploy-dev',
      'git push origin HEAD:refs/heads/launchpad/x',
      'git checkout -b launchpad/x && git push -u origin HEAD',
    ]) {
      const text = edit(
        base[CI],
        'run: yq -i \'.image.digest = strenv(DIGEST)\' "$CHART/values-dev.yaml"',
        `run: |\n          yq -i '.image.digest = strenv(DIGEST)' "$CHART/values-dev.yaml"\n          ${command}`,
      );
      const { findings } = checkWorkflowChain(
        workflows({ ...base, [CI]: text }),
      );
      assert.deepEqual(
        findings.filter(f => f.rule === 'no-direct-push'),
        [],
        command,
      );
    }
  });

  it('reports YAML that does not parse instead of throwing', () => {
    const { findings } = checkWorkflowChain([{ file: CI, text: 'jobs: [\n' }]);
    assert.ok(findings.length > 0);
  });
});

describe('checkEnvironments (chart rendered with helm-render)', () => {
  const environments = ['dev', 'stage', 'prod'];
  const { facts } = checkWorkflowChain(workflows());
  const chartName = 'loyalty-service';

  /** A copy of the generated chart with one file changed. */
  function chartWith(
    /** @type {Record<string, (t: string) => string>} */ changes,
  ) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-chart-'));
    const chartDir = path.join(dir, chartName);
    fs.cpSync(path.join(golden, 'charts', chartName), chartDir, {
      recursive: true,
    });
    for (const [file, change] of Object.entries(changes)) {
      const p = path.join(chartDir, file);
      fs.writeFileSync(p, change(fs.readFileSync(p, 'utf-8')));
    }
    return { dir, chartDir };
  }
  const digest = `sha256:${'ab'.repeat(32)}`;

  it('passes on the generated repositories (workflows and chart together)', async () => {
    for (const dir of goldens)
      assert.deepEqual(await checkChain(dir, { environments }), [], dir);
  });

  it('passes once the pipeline has written a digest for an environment', async () => {
    const { dir, chartDir } = chartWith({
      'values-dev.yaml': t => edit(t, 'digest: ""', `digest: "${digest}"`),
    });
    try {
      assert.deepEqual(
        await checkEnvironments({ chartDir, environments, facts }),
        [],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** @type {Array<{ name: string, changes: Record<string, (t: string) => string>, facts?: object }>} */
  const brokenCharts = [
    {
      name: 'a tag fallback before the first digest',
      changes: {
        'templates/_helpers.tpl': t =>
          edit(
            t,
            '{{ $repository }}@{{ required "image.digest is required" .Values.image.digest }}',
            '{{ $repository }}:{{ .Values.image.digest | default .Chart.AppVersion }}',
          ),
        'templates/deployment.yaml': t =>
          edit(t, '{{- if include "service.hasImage" . }}', '{{- if true }}'),
      },
    },
    {
      name: 'a Deployment rendered without a digest',
      changes: {
        'templates/deployment.yaml': t =>
          edit(t, '{{- if include "service.hasImage" . }}', '{{- if true }}'),
      },
    },
    {
      name: 'an environment pinned to a tag',
      changes: {
        'values-stage.yaml': t =>
          edit(t, 'digest: ""', 'tag: "1.2.3"\n  digest: ""'),
      },
    },
    {
      name: 'a digest that is not sha256',
      changes: {
        'values-prod.yaml': t => edit(t, 'digest: ""', 'digest: "latest"'),
      },
    },
    {
      name: 'another repository',
      changes: {
        'values.yaml': t =>
          edit(
            t,
            'repository: registry.northwind.example/checkout/loyalty-service',
            'repository: docker.io/library/nginx',
          ),
      },
    },
    {
      name: 'an environment that overrides the repository',
      changes: {
        'values-dev.yaml': t =>
          edit(
            t,
            'digest: ""',
            `repository: docker.io/evil/x\n  digest: "${digest}"`,
          ),
      },
    },
    {
      name: 'the chart reads another key than the pipeline writes',
      changes: {
        'templates/_helpers.tpl': t =>
          edit(
            edit(t, 'with .Values.image.digest', 'with .Values.image.sha'),
            'required "image.digest is required" .Values.image.digest',
            'required "image.sha is required" .Values.image.sha',
          ),
      },
    },
    {
      name: 'the pipeline writes another key',
      changes: {},
      facts: { ...facts, digestKey: 'image.tag' },
    },
    {
      name: 'the pipeline names no image',
      changes: {},
      facts: { ...facts, image: undefined },
    },
    {
      name: 'a sidecar by tag once a digest exists',
      changes: {
        'templates/deployment.yaml': t =>
          edit(
            t,
            '      volumes:\n',
            '        - name: sidecar\n          image: busybox:1.36\n      volumes:\n',
          ),
      },
    },
  ];
  for (const variant of brokenCharts) {
    it(`environments: fails on ${variant.name}`, async () => {
      const { dir, chartDir } = chartWith(variant.changes);
      try {
        const findings = await checkEnvironments({
          chartDir,
          environments,
          facts: variant.facts ?? facts,
        }).catch(error => [
          { rule: 'environments', file: chartDir, message: String(error) },
        ]);
        assert.ok(
          findings.some(f => f.rule === 'environments'),
          JSON.stringify(findings),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('checkCodeOwners', () => {
  const platformTeam = '@northwind/platform';
  /** A copy of the generated repository with another CODEOWNERS. */
  function repoWith(/** @type {(t: string) => string} */ change) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-owners-'));
    fs.cpSync(golden, dir, { recursive: true });
    const file = path.join(dir, 'CODEOWNERS');
    fs.writeFileSync(file, change(fs.readFileSync(file, 'utf-8')));
    return dir;
  }

  it('passes on the generated repositories', () => {
    for (const dir of goldens)
      assert.deepEqual(checkCodeOwners(dir, { platformTeam }), [], dir);
  });

  /** Drops the CODEOWNERS line of a path (fails the test if there is none). */
  const drop = (/** @type {string} */ t, /** @type {string} */ p) => {
    const lines = t.split('\n');
    const kept = lines.filter(l => !l.startsWith(`${p} `));
    assert.equal(
      kept.length,
      lines.length - 1,
      `fixture changed: no CODEOWNERS line for ${p}`,
    );
    return kept.join('\n');
  };
  /** @type {Array<{ name: string, change?: (t: string) => string }>} */
  const brokenOwners = [
    {
      name: 'workflows left to the team',
      change: t => drop(t, '/.github/workflows/'),
    },
    {
      name: 'a later line hands workflows back',
      change: t => `${t}/.github/ @northwind/checkout\n`,
    },
    {
      name: 'a catch-all after the platform lines',
      change: t => `${t}* @northwind/checkout\n`,
    },
    { name: 'deploy/ left to the team', change: t => drop(t, '/deploy/') },
    {
      name: 'chart templates left to the team',
      change: t => drop(t, '/charts/loyalty-service/templates/'),
    },
    {
      name: 'Dependabot config left to the team',
      change: t => drop(t, '/.github/dependabot.yml'),
    },
    {
      name: 'CODEOWNERS itself left to the team',
      change: t => drop(t, '/CODEOWNERS'),
    },
    {
      name: 'another team named platform-ish',
      change: t =>
        t.split('@northwind/platform').join('@northwind/platform-team'),
    },
    { name: 'no CODEOWNERS at all' },
  ];
  for (const variant of brokenOwners) {
    it(`fails when ${variant.name}`, () => {
      const dir = repoWith(t => (variant.change ? variant.change(t) : t));
      try {
        if (!variant.change) fs.rmSync(path.join(dir, 'CODEOWNERS'));
        const findings = checkCodeOwners(dir, { platformTeam });
        assert.ok(
          findings.some(f => f.rule === 'codeowners'),
          JSON.stringify(findings),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('reads patterns as GitHub does (last match wins, anchors, folders, globs)', () => {
    const text =
      '*  @team\n/.github/workflows/ @p # comment\n/deploy/ @p\ndocs/** @docs\n*.md @writers\n';
    /** @type {Array<[string, string[]]>} */
    const cases = [
      ['src/a.ts', ['@team']],
      ['.github/workflows/ci.yaml', ['@p']],
      ['deploy/argocd/app.yaml', ['@p']],
      ['x/deploy/app.yaml', ['@team']],
      ['docs/a/b.md', ['@writers']],
      ['docs/a/b.png', ['@docs']],
      ['README.md', ['@writers']],
    ];
    for (const [file, owners] of cases)
      assert.deepEqual(codeOwnersOf(text, file), owners, file);
  });
});
