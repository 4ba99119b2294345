// @ts-check
// The chain check: reads a created repository's GitHub workflows and Helm
// chart as one supply chain and reports where it does not hold together.
//
//   build once -> scan that build -> push that build -> refer to it by digest
//   -> sign + attest (after the push) -> GitOps change by pull request (after
//   signing) -> every environment runs <image>@<digest> written by the
//   pipeline, or nothing at all before the first digest exists.
//
// checkWorkflowChain() is pure (workflow texts in, findings out) so its rules
// can be tested on tables of broken workflows; checkChain() adds the rendered
// environments (the chart rendered with helm-render for each values file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { renderHelmChart } from './helm.mjs';

/**
 * @typedef {'pinned' | 'permissions' | 'build-once' | 'scan-same-build' | 'push-same-build'
 *   | 'by-digest' | 'sign-attest-order' | 'gitops-by-pr' | 'no-direct-push' | 'environments' | 'codeowners'} ChainRule
 * @typedef {{ rule: ChainRule, file: string, message: string }} ChainFinding
 * @typedef {{ file: string, text: string }} WorkflowText
 * @typedef {{ file: string, jobId: string, job: any, index: number, step: any, text: string }} StepRef
 * @typedef {{ image?: string, digestKey?: string, valuesFile?: string }} ChainFacts
 * @typedef {{ file: string, doc: any, wf: any, steps: StepRef[] }} ParsedWorkflow
 */

const SHA = /^[0-9a-f]{40}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const VERSION_COMMENT = /^\s*v?\d+(\.\d+)*([-+.][\w.]+)?\b/;
const PROTECTED = new Set(['main', 'master']);

const uses = (/** @type {any} */ step) =>
  typeof step?.uses === 'string' ? step.uses : '';
const action = (/** @type {any} */ step) =>
  uses(step).split('@')[0].toLowerCase();
const run = (/** @type {any} */ step) =>
  typeof step?.run === 'string' ? step.run : '';
const isTrue = (/** @type {unknown} */ v) => v === true || v === 'true';

/** A step's run, with and env as one string: what it refers to. */
function stepText(
  /** @type {any} */ step,
  /** @type {any} */ job,
  /** @type {any} */ workflow,
) {
  return JSON.stringify({
    run: step?.run,
    with: step?.with,
    env: step?.env,
    jobEnv: job?.env,
    wfEnv: workflow?.env,
  });
}

/** Parses every workflow; YAML errors are findings, not exceptions. */
function parseWorkflows(
  /** @type {WorkflowText[]} */ workflows,
  /** @type {ChainFinding[]} */ findings,
) {
  /** @type {ParsedWorkflow[]} */
  const parsed = [];
  for (const { file, text } of workflows) {
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) {
      findings.push({
        rule: 'pinned',
        file,
        message: `not valid YAML: ${doc.errors[0].message}`,
      });
      continue;
    }
    const wf = doc.toJS() ?? {};
    /** @type {StepRef[]} */
    const steps = [];
    for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
      (Array.isArray(job?.steps) ? job.steps : []).forEach(
        (/** @type {any} */ step, /** @type {number} */ index) =>
          steps.push({
            file,
            jobId,
            job,
            index,
            step,
            text: stepText(step, job, wf),
          }),
      );
    }
    parsed.push({ file, doc, wf, steps });
  }
  return parsed;
}

/** Jobs a job waits for, transitively. */
function ancestors(
  /** @type {any} */ wf,
  /** @type {string} */ jobId,
  seen = new Set(),
) {
  const needs = wf.jobs?.[jobId]?.needs;
  for (const n of Array.isArray(needs) ? needs : needs ? [needs] : []) {
    if (!seen.has(n)) {
      seen.add(n);
      ancestors(wf, n, seen);
    }
  }
  return seen;
}

/** True when step a certainly finished before step b started. */
function before(
  /** @type {any} */ wf,
  /** @type {StepRef} */ a,
  /** @type {StepRef} */ b,
) {
  if (a.file !== b.file) return false;
  if (a.jobId === b.jobId) return a.index < b.index;
  return ancestors(wf, b.jobId).has(a.jobId);
}

// ---- rule: pinned --------------------------------------------------------

function checkPinned(
  /** @type {ParsedWorkflow[]} */ parsed,
  /** @type {ChainFinding[]} */ findings,
) {
  for (const { file, doc } of parsed) {
    YAML.visit(doc, {
      Pair(_, pair) {
        if (
          !YAML.isScalar(pair.key) ||
          pair.key.value !== 'uses' ||
          !YAML.isScalar(pair.value)
        )
          return;
        const ref = String(pair.value.value);
        if (ref.startsWith('./')) return; // an action of this repository: pinned by the commit itself
        if (ref.startsWith('docker://')) {
          if (!/@sha256:[0-9a-f]{64}$/.test(ref))
            findings.push({
              rule: 'pinned',
              file,
              message: `${ref}: a container action must be pinned by @sha256 digest`,
            });
          return;
        }
        const at = ref.lastIndexOf('@');
        const version = at > 0 ? ref.slice(at + 1) : '';
        if (!SHA.test(version)) {
          findings.push({
            rule: 'pinned',
            file,
            message: `${ref}: not pinned by a full 40-hex commit SHA`,
          });
        } else if (!VERSION_COMMENT.test(pair.value.comment ?? '')) {
          findings.push({
            rule: 'pinned',
            file,
            message: `${ref}: the SHA needs a comment naming its version (# v1.2.3)`,
          });
        }
      },
    });
  }
}

// ---- rule: permissions ---------------------------------------------------

const grantsWrite = (/** @type {any} */ p) =>
  p === 'write-all' ||
  (p && typeof p === 'object' && Object.values(p).some(v => v === 'write'));

function checkPermissions(
  /** @type {ParsedWorkflow[]} */ parsed,
  /** @type {ChainFinding[]} */ findings,
  /** @type {StepRef[]} */ signing,
) {
  for (const { file, wf } of parsed) {
    if (wf.permissions === undefined) {
      findings.push({
        rule: 'permissions',
        file,
        message:
          'no workflow-level permissions: the token gets the repository default (often write)',
      });
    } else if (grantsWrite(wf.permissions)) {
      findings.push({
        rule: 'permissions',
        file,
        message: 'workflow-level permissions grant write: ask for it per job',
      });
    }
    for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
      const p = job?.permissions;
      if (p === 'write-all')
        findings.push({
          rule: 'permissions',
          file,
          message: `job ${jobId}: write-all`,
        });
      if (
        p?.['id-token'] === 'write' &&
        !signing.some(s => s.file === file && s.jobId === jobId)
      ) {
        findings.push({
          rule: 'permissions',
          file,
          message: `job ${jobId}: id-token: write without a signing or attestation step`,
        });
      }
    }
  }
}

// ---- builds, scans, pushes -----------------------------------------------

const BUILD_RUN =
  /\b(docker\s+(buildx\s+)?build|podman\s+build|buildah\s+(bud|build)|ko\s+build|kaniko|\/kaniko\/executor)\b/;

/** The image builds of the workflows, with the artifacts each leaves on the runner. */
function findBuilds(/** @type {ParsedWorkflow[]} */ parsed) {
  /** @type {{ ref: StepRef, artifacts: string[], pushes: boolean }[]} */
  const builds = [];
  for (const { steps } of parsed) {
    for (const ref of steps) {
      const { step } = ref;
      if (action(step) === 'docker/build-push-action') {
        const w = step.with ?? {};
        const outputs = String(w.outputs ?? '');
        const artifacts = [...outputs.matchAll(/dest=([^,\n]+)/g)].map(m =>
          m[1].trim(),
        );
        if (isTrue(w.load))
          artifacts.push(
            ...String(w.tags ?? '')
              .split(/[\n,]/)
              .map(t => t.trim())
              .filter(Boolean),
          );
        const pushes =
          isTrue(w.push) || /type=registry|push=true/.test(outputs);
        builds.push({ ref, artifacts, pushes });
      } else if (BUILD_RUN.test(run(step))) {
        const r = run(step);
        const artifacts = [
          ...[...r.matchAll(/(?:-t|--tag)[\s=]+("?)([^\s"]+)\1/g)].map(
            m => m[2],
          ),
          ...[...r.matchAll(/dest=([^,\s"]+)/g)].map(m => m[1]),
        ];
        builds.push({
          ref,
          artifacts,
          pushes:
            /--push\b|push=true|type=registry/.test(r) ||
            (/kaniko/.test(r) && !/--no-push/.test(r)),
        });
      }
    }
  }
  return builds;
}

const SCAN_ACTIONS = new Set([
  'aquasecurity/trivy-action',
  'anchore/scan-action',
]);

/** What a scan step scans: the tar or image it names. */
function scanTarget(/** @type {any} */ step) {
  const w = step.with ?? {};
  if (action(step) === 'aquasecurity/trivy-action') {
    if (w['scan-type'] && w['scan-type'] !== 'image')
      return `${w['scan-type']}:${w['scan-ref'] ?? '.'}`;
    return String(w.input ?? w['image-ref'] ?? '');
  }
  if (action(step) === 'anchore/scan-action')
    return String(w.image ?? w.path ?? '');
  return run(step);
}
const isScan = (/** @type {any} */ step) =>
  SCAN_ACTIONS.has(action(step)) || /\b(trivy\s+image|grype)\b/.test(run(step));

const PUSH_RUN =
  /\b(skopeo\s+copy|crane\s+(push|copy)|docker\s+push|podman\s+push|oras\s+(push|copy)|regctl\s+image\s+copy)\b/;
const isPush = (/** @type {any} */ step) => PUSH_RUN.test(run(step));

/** A run script with the step's, job's and workflow's env variables substituted: what it really touches. */
function effectiveRun(/** @type {StepRef} */ ref, /** @type {any} */ wf) {
  return run(ref.step).replace(
    /\$\{?([A-Za-z_]\w*)\}?/g,
    (/** @type {string} */ m, /** @type {string} */ name) =>
      String(
        ref.step?.env?.[name] ?? ref.job?.env?.[name] ?? wf?.env?.[name] ?? m,
      ),
  );
}
const refersTo = (
  /** @type {StepRef} */ ref,
  /** @type {any} */ wf,
  /** @type {string[]} */ artifacts,
) => {
  const command = effectiveRun(ref, wf).match(PUSH_RUN_LINE)?.[0] ?? '';
  return artifacts.some(a => a && command.includes(a));
};
const PUSH_RUN_LINE =
  /\b(skopeo\s+copy|crane\s+(push|copy)|docker\s+push|podman\s+push|oras\s+(push|copy)|regctl\s+image\s+copy)\b(?:\\\n|[^\n])*/;

function checkBuildScanPush(
  /** @type {ParsedWorkflow[]} */ parsed,
  /** @type {ChainFinding[]} */ findings,
) {
  const builds = findBuilds(parsed);
  /** @type {StepRef | undefined} */
  let push;
  if (!builds.length) {
    findings.push({
      rule: 'build-once',
      file: parsed[0]?.file ?? '.github/workflows',
      message: 'no image build: the pipeline produces no image',
    });
    return { push };
  }
  if (builds.length > 1) {
    findings.push({
      rule: 'build-once',
      file: builds[1].ref.file,
      message: `the image is built ${builds.length} times (${builds
        .map(b => `${b.ref.jobId}[${b.ref.index}]`)
        .join(', ')}): the pushed bytes would not be the scanned ones`,
    });
  }
  const build = builds[0];
  // the build was found in one of these workflows
  const wf = /** @type {ParsedWorkflow} */ (
    parsed.find(p => p.file === build.ref.file)
  );
  for (const b of builds.filter(b => b.pushes)) {
    findings.push({
      rule: 'push-same-build',
      file: b.ref.file,
      message: `job ${b.ref.jobId}: the build step pushes to the registry itself, before (or without) the scan`,
    });
  }
  if (!build.artifacts.length) {
    findings.push({
      rule: 'scan-same-build',
      file: build.ref.file,
      message: `job ${build.ref.jobId}: the build leaves nothing to scan on the runner (no load: true or outputs dest=)`,
    });
  }
  // BuildKit's OCI exporter writes a tarball unless tar=false, and Trivy
  // reads OCI image layouts (directories), not OCI tarballs.
  const outputs = String(build.ref.step.with?.outputs ?? '');
  if (/type=oci/.test(outputs) && !/tar=false/.test(outputs)) {
    findings.push({
      rule: 'scan-same-build',
      file: build.ref.file,
      message: `job ${build.ref.jobId}: the build writes an OCI tarball (no tar=false), which the scanner cannot read`,
    });
  }
  const jobSteps = wf.steps.filter(s => s.jobId === build.ref.jobId);
  const scans = jobSteps.filter(s => isScan(s.step));
  const scan = scans.find(
    s =>
      s.index > build.ref.index &&
      scanTarget(s.step) &&
      build.artifacts.some(a => scanTarget(s.step).includes(a)),
  );
  if (!scan) {
    findings.push({
      rule: 'scan-same-build',
      file: build.ref.file,
      message:
        scans.length || parsed.some(p => p.steps.some(s => isScan(s.step)))
          ? `job ${
              build.ref.jobId
            }: no scan after the build reads what it built (${
              build.artifacts.join(', ') || 'nothing'
            })`
          : 'no image scan step',
    });
  }
  const pushes = parsed.flatMap(p => p.steps.filter(s => isPush(s.step)));
  push = pushes.find(
    s =>
      s.jobId === build.ref.jobId &&
      s.file === build.ref.file &&
      s.index > build.ref.index &&
      refersTo(s, wf.wf, build.artifacts),
  );
  if (!push) {
    if (!build.pushes) {
      findings.push({
        rule: 'push-same-build',
        file: build.ref.file,
        message: pushes.length
          ? `the push (${pushes
              .map(p => `${p.jobId}[${p.index}]`)
              .join(
                ', ',
              )}) does not send what the build produced (${build.artifacts.join(
              ', ',
            )})`
          : 'no push step sends the built image',
      });
    }
  } else {
    if (scan && scan.index > push.index)
      findings.push({
        rule: 'push-same-build',
        file: push.file,
        message: `job ${push.jobId}: the image is pushed before it is scanned`,
      });
    if (!push.step.id)
      findings.push({
        rule: 'by-digest',
        file: push.file,
        message: `job ${push.jobId}: the push step has no id, so nothing can refer to its digest`,
      });
  }
  return { push };
}

// ---- signing, attestation, GitOps -----------------------------------------

const isSign = (/** @type {any} */ step) =>
  /\bcosign\s+sign\b/.test(run(step)) ||
  action(step) === 'sigstore/gh-action-sigstore-python';
const isProvenance = (/** @type {any} */ step) =>
  action(step) === 'actions/attest-build-provenance' ||
  (action(step) === 'actions/attest' &&
    !step.with?.['sbom-path'] &&
    !step.with?.['predicate-type']) ||
  /\bcosign\s+attest\b[^\n]*--type[\s=]+slsaprovenance/.test(run(step));
const isSbomAttest = (/** @type {any} */ step) =>
  action(step) === 'actions/attest-sbom' ||
  (action(step) === 'actions/attest' && !!step.with?.['sbom-path']) ||
  /\bcosign\s+attest\b[^\n]*--type[\s=]+(spdx|spdxjson|cyclonedx)/.test(
    run(step),
  );
const isPrCreate = (/** @type {any} */ step) =>
  action(step) === 'peter-evans/create-pull-request' ||
  /\bgh\s+pr\s+create\b/.test(run(step));
const isDeploy = (/** @type {any} */ step) =>
  isPrCreate(step) ||
  /\b(kubectl\s+(apply|set\s+image|rollout)|helm\s+(upgrade|install)|argocd\s+app\s+(sync|set)|flux\s+reconcile)\b/.test(
    run(step),
  ) ||
  WRITES_DIGEST.test(run(step));
const WRITES_DIGEST = /\.image\.digest\s*=[^=]/;
const isVerify = (/** @type {any} */ step) =>
  /\b(cosign\s+verify(-attestation)?|gh\s+attestation\s+verify)\b/.test(
    run(step),
  );

/** Resolves ${{ env.X }} against the step's, job's and workflow's env. */
function resolveEnv(
  /** @type {any} */ value,
  /** @type {any} */ ref,
  /** @type {any} */ wf,
) {
  return String(value ?? '').replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (m, name) =>
    String(
      ref.step?.env?.[name] ?? ref.job?.env?.[name] ?? wf?.env?.[name] ?? m,
    ),
  );
}

function checkSigning(
  /** @type {ParsedWorkflow[]} */ parsed,
  /** @type {ChainFinding[]} */ findings,
  /** @type {any} */ push,
) {
  const all = parsed.flatMap(p => p.steps);
  const signs = all.filter(s => isSign(s.step));
  const provenance = all.filter(s => isProvenance(s.step));
  const sboms = all.filter(s => isSbomAttest(s.step));
  const deploys = all.filter(s => isDeploy(s.step));
  const file = push?.file ?? parsed[0]?.file ?? '.github/workflows';
  const wfOf = (/** @type {StepRef} */ ref) =>
    parsed.find(p => p.file === ref.file)?.wf;
  /** @type {ChainFacts} */
  const facts = {};

  for (const [what, list] of /** @type {const} */ ([
    ['a cosign signature', signs],
    ['a build provenance attestation', provenance],
    ['an SBOM attestation', sboms],
  ])) {
    if (!list.length) {
      findings.push({
        rule: 'sign-attest-order',
        file,
        message: `no step creates ${what} of the pushed image`,
      });
      continue;
    }
    for (const s of list) {
      if (push && !before(wfOf(s), push, s)) {
        findings.push({
          rule: 'sign-attest-order',
          file: s.file,
          message: `${what} (${s.jobId}[${s.index}]) does not run after the push (${push.jobId}[${push.index}])`,
        });
      }
      // In the building workflow, deploys wait for signing; other workflows
      // (promotions) verify the signature instead (below).
      for (const d of deploys.filter(d => d.file === s.file)) {
        if (!before(wfOf(d), s, d)) {
          findings.push({
            rule: 'sign-attest-order',
            file: d.file,
            message: `deploy step ${d.jobId}[${d.index}] does not wait for ${what} (${s.jobId}[${s.index}])`,
          });
        }
      }
      if (wfOf(s)?.jobs?.[s.jobId]?.permissions?.['id-token'] !== 'write') {
        findings.push({
          rule: 'sign-attest-order',
          file: s.file,
          message: `job ${s.jobId}: ${what} needs the workflow's OIDC identity (permissions: id-token: write)`,
        });
      }
    }
  }

  const builder = push?.file ?? signs[0]?.file;
  for (const d of deploys.filter(d => d.file !== builder)) {
    if (!all.some(v => isVerify(v.step) && before(wfOf(d), v, d))) {
      findings.push({
        rule: 'sign-attest-order',
        file: d.file,
        message: `deploy step ${d.jobId}[${d.index}] promotes a digest without verifying its signature first (cosign verify)`,
      });
    }
  }

  // By digest from the push onwards.
  if (push) {
    const wf = wfOf(push);
    const pushOutput = new RegExp(`steps\\.${push.step.id}\\.outputs\\.digest`);
    const jobOutputs = Object.entries(
      wf.jobs?.[push.jobId]?.outputs ?? {},
    ).filter(([, v]) => pushOutput.test(String(v)));
    const digestRef = jobOutputs.length
      ? new RegExp(
          `needs\\.${push.jobId}\\.outputs\\.(${jobOutputs
            .map(([k]) => k)
            .join('|')})|steps\\.${push.step.id}\\.outputs\\.digest`,
        )
      : pushOutput;
    if (
      !jobOutputs.length &&
      signs.concat(provenance, sboms, deploys).some(s => s.jobId !== push.jobId)
    ) {
      findings.push({
        rule: 'by-digest',
        file: push.file,
        message: `job ${push.jobId} does not output the digest its push step reports (outputs: digest: \${{ steps.${push.step.id}.outputs.digest }})`,
      });
    }
    for (const s of signs) {
      const sign = run(s.step).match(/cosign\s+sign\b[^\n]*/)?.[0] ?? '';
      if (!/@\S*digest/i.test(sign) || !digestRef.test(s.text)) {
        findings.push({
          rule: 'by-digest',
          file: s.file,
          message: `${s.jobId}[${
            s.index
          }]: signs "${sign.trim()}", not <image>@<digest of the push>`,
        });
      }
    }
    for (const s of provenance.concat(sboms)) {
      if (
        s.step.uses &&
        (!s.step.with?.['subject-digest'] || !digestRef.test(s.text))
      ) {
        findings.push({
          rule: 'by-digest',
          file: s.file,
          message: `${s.jobId}[${s.index}] ${action(
            s.step,
          )}: subject-digest must be the digest of the push`,
        });
      }
      if (action(s.step) === 'actions/attest-build-provenance')
        facts.image = resolveEnv(s.step.with?.['subject-name'], s, wfOf(s));
    }
    // The GitOps change: the digest of the push, written into the dev values, proposed by pull request.
    const writes = deploys.filter(
      d => d.file === push.file && WRITES_DIGEST.test(run(d.step)),
    );
    if (!writes.length) {
      findings.push({
        rule: 'gitops-by-pr',
        file: push.file,
        message:
          'no step writes the pushed digest into the dev values (image.digest)',
      });
    }
    for (const w of writes) {
      if (!digestRef.test(w.text))
        findings.push({
          rule: 'by-digest',
          file: w.file,
          message: `${w.jobId}[${w.index}]: writes a digest that is not the push's`,
        });
      const m = run(w.step).match(
        /yq\s+(?:-i|--inplace)\s+['"]\.([\w.]+)\s*=[^'"]*['"]\s+"?([^"\s]+)"?/,
      );
      if (m) {
        facts.digestKey = m[1];
        facts.valuesFile = m[2];
      }
      const pr = deploys.find(
        d =>
          d.file === w.file &&
          d.jobId === w.jobId &&
          d.index > w.index &&
          isPrCreate(d.step),
      );
      if (!pr)
        findings.push({
          rule: 'gitops-by-pr',
          file: w.file,
          message: `${w.jobId}: the digest change is not proposed by a pull request (peter-evans/create-pull-request or gh pr create)`,
        });
    }
  }
  return { facts, signing: signs.concat(provenance, sboms) };
}

// ---- rule: no-direct-push ------------------------------------------------

/** Branch expressions that name a protected branch. */
const protectedRef = (/** @type {string} */ dst) => {
  const name = dst.replace(/^\+/, '').replace(/^refs\/heads\//, '');
  return (
    PROTECTED.has(name) ||
    /default_branch|github\.ref_name|github\.ref\b|github\.base_ref/.test(name)
  );
};

/** One `git push` command line: what it would push to. */
function gitPushTargets(/** @type {string} */ command) {
  const tokens = command.trim().split(/\s+/).slice(2); // after "git push"
  const positional = [];
  let all = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '--all' || t === '--mirror') all = true;
    else if (
      ['-o', '--push-option', '--repo', '--receive-pack', '--exec'].includes(t)
    )
      i++;
    else if (!t.startsWith('-')) positional.push(t);
  }
  return { all, remote: positional[0], refspecs: positional.slice(1) };
}

function checkNoDirectPush(
  /** @type {ParsedWorkflow[]} */ parsed,
  /** @type {ChainFinding[]} */ findings,
) {
  for (const { file, steps } of parsed) {
    for (const ref of steps) {
      const { step } = ref;
      const r = run(step);
      const where = `${ref.jobId}[${ref.index}]`;
      const commands = r
        .split(/\n|&&|\|\||;/)
        .map((/** @type {string} */ c) =>
          c.trim().replace(/^(if|then|else)\s+/, ''),
        );
      let switched = false;
      for (const c of commands) {
        if (/^git\s+(checkout\s+-[bB]|switch\s+-[cC])\s+(\S+)/.test(c)) {
          switched = !protectedRef(c.split(/\s+/)[3] ?? '');
        }
        if (!/^git\s+push\b/.test(c)) continue;
        const { all, refspecs } = gitPushTargets(c);
        if (all)
          findings.push({
            rule: 'no-direct-push',
            file,
            message: `${where}: "${c}" pushes every branch`,
          });
        else if (!refspecs.length || refspecs.every(s => s === 'HEAD')) {
          if (!switched)
            findings.push({
              rule: 'no-direct-push',
              file,
              message: `${where}: "${c}" pushes the checked-out branch (the default branch unless the step creates another)`,
            });
        } else {
          for (const s of refspecs) {
            const dst = s.includes(':') ? s.slice(s.lastIndexOf(':') + 1) : s;
            if (protectedRef(dst))
              findings.push({
                rule: 'no-direct-push',
                file,
                message: `${where}: "${c}" pushes to the protected branch ${dst}`,
              });
          }
        }
      }
      if (
        /\bgh\s+api\b/.test(r) &&
        /(-X|--method)\s+PUT\b/.test(r) &&
        /\/contents\//.test(r)
      ) {
        findings.push({
          rule: 'no-direct-push',
          file,
          message: `${where}: writes a file through the contents API (a commit on a branch, no pull request)`,
        });
      }
      const a = action(step);
      if (
        [
          'stefanzweifel/git-auto-commit-action',
          'endbug/add-and-commit',
          'ad-m/github-push-action',
        ].includes(a)
      ) {
        const branch = String(step.with?.branch ?? step.with?.new_branch ?? '');
        if (!branch || protectedRef(branch))
          findings.push({
            rule: 'no-direct-push',
            file,
            message: `${where}: ${a} commits to ${
              branch || 'the checked-out branch'
            } directly`,
          });
      }
      if (a === 'peter-evans/create-pull-request') {
        const branch = String(step.with?.branch ?? '');
        if (protectedRef(branch))
          findings.push({
            rule: 'no-direct-push',
            file,
            message: `${where}: create-pull-request's branch is ${branch}, a protected branch it would push to`,
          });
      }
    }
  }
}

/**
 * The rules on the workflows alone.
 *
 * @param {WorkflowText[]} workflows
 * @returns {{ findings: ChainFinding[], facts: ChainFacts }}
 */
export function checkWorkflowChain(workflows) {
  /** @type {ChainFinding[]} */
  const findings = [];
  const parsed = parseWorkflows(workflows, findings);
  if (!parsed.length)
    return {
      findings: [
        ...findings,
        {
          rule: 'build-once',
          file: '.github/workflows',
          message: 'no workflow',
        },
      ],
      facts: {},
    };
  checkPinned(parsed, findings);
  const { push } = checkBuildScanPush(parsed, findings);
  const { facts, signing } = checkSigning(parsed, findings, push);
  checkPermissions(parsed, findings, signing);
  checkNoDirectPush(parsed, findings);
  return { findings, facts };
}

// ---- rule: environments ---------------------------------------------------

const WORKLOADS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
]);

/** Every container image of the rendered workloads. */
export function renderedImages(/** @type {string} */ rendered) {
  const images = [];
  for (const doc of YAML.parseAllDocuments(rendered)) {
    const o = doc.toJS();
    if (!o || !WORKLOADS.has(o.kind)) continue;
    const pod =
      o.kind === 'Pod'
        ? o.spec
        : o.kind === 'CronJob'
        ? o.spec?.jobTemplate?.spec?.template?.spec
        : o.spec?.template?.spec;
    for (const c of [
      ...(pod?.initContainers ?? []),
      ...(pod?.containers ?? []),
    ])
      images.push(`${o.kind}/${o.metadata?.name}: ${c.image}`);
  }
  return images;
}

/**
 * The rendered environments: each runs <image>@<digest> from its values file,
 * the digest key being the one the pipeline writes, or no workload at all
 * while no digest exists.
 *
 * @param {{ chartDir: string, environments: string[], facts: ChainFacts, render?: typeof renderHelmChart, releaseName?: string }} options
 * @returns {Promise<ChainFinding[]>}
 */
export async function checkEnvironments({
  chartDir,
  environments,
  facts,
  render = renderHelmChart,
  releaseName,
}) {
  /** @type {ChainFinding[]} */
  const findings = [];
  const rel = `charts/${path.basename(chartDir)}`;
  const add = (/** @type {string} */ file, /** @type {string} */ message) =>
    findings.push({ rule: 'environments', file, message });
  if (!facts.image)
    add(
      rel,
      'the pipeline names no image (subject-name of its provenance attestation): nothing to compare with',
    );
  if (facts.digestKey !== 'image.digest')
    add(
      rel,
      `the pipeline writes ${
        facts.digestKey ? `.${facts.digestKey}` : 'no key'
      }, the chart reads .image.digest`,
    );
  if (facts.valuesFile && !/values-dev\.ya?ml$/.test(facts.valuesFile))
    add(
      rel,
      `the pipeline writes ${facts.valuesFile}, not the dev values file`,
    );
  const base =
    YAML.parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf-8')) ??
    {};
  if (facts.image && base.image?.repository !== facts.image) {
    add(
      `${rel}/values.yaml`,
      `image.repository is ${base.image?.repository}, the pipeline pushes ${facts.image}`,
    );
  }
  const probe = `sha256:${'c0ffee'.repeat(10)}abcd`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-probe-'));
  try {
    const probeFile = path.join(tmp, 'probe.yaml');
    fs.writeFileSync(probeFile, YAML.stringify({ image: { digest: probe } }));
    for (const env of environments) {
      const valuesFile = `values-${env}.yaml`;
      const file = `${rel}/${valuesFile}`;
      if (!fs.existsSync(path.join(chartDir, valuesFile))) {
        add(file, 'missing');
        continue;
      }
      const values =
        YAML.parse(fs.readFileSync(path.join(chartDir, valuesFile), 'utf-8')) ??
        {};
      const digest = values.image?.digest ?? base.image?.digest ?? '';
      for (const key of ['tag', 'repository']) {
        if (values.image?.[key] !== undefined)
          add(
            file,
            `sets image.${key}: an environment chooses its image only by the digest the pipeline writes`,
          );
      }
      if (digest && !DIGEST.test(String(digest)))
        add(file, `image.digest "${digest}" is not a sha256 digest`);
      const opts = {
        releaseName: releaseName ?? path.basename(chartDir),
        namespace: `chain-${env}`,
      };
      const now = renderedImages(await render(chartDir, [valuesFile], opts));
      if (!digest && now.length)
        add(
          file,
          `no digest yet, but the chart runs ${now.join(
            ', ',
          )}: a tag nobody pushed`,
        );
      if (digest && facts.image) {
        for (const i of now.filter(
          i => !i.endsWith(`: ${facts.image}@${digest}`),
        ))
          add(file, `runs ${i}, not ${facts.image}@${digest}`);
      }
      // As if the pipeline had just written a digest: that exact image, nothing else.
      const probed = renderedImages(
        await render(chartDir, [valuesFile, probeFile], opts),
      );
      if (!probed.length)
        add(file, 'with a digest written, the chart still runs nothing');
      for (const i of probed.filter(
        i => !facts.image || !i.endsWith(`: ${facts.image}@${probe}`),
      )) {
        add(
          file,
          `with image.digest ${probe} written, runs ${i.split(': ')[1]}`,
        );
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return findings;
}

// ---- rule: codeowners ------------------------------------------------------

/** A CODEOWNERS pattern as a RegExp on repository paths (gitignore-like, as GitHub reads it). */
function codeownersPattern(/** @type {string} */ pattern) {
  const anchored =
    pattern.startsWith('/') || pattern.replace(/\/$/, '').includes('/');
  const body = pattern
    .replace(/^\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*$/, '\u0001')
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '(?:.*/)?')
    .replace(/\u0001/, '.*');
  // "dir/" owns everything below it; "name" the file or the folder of that name.
  const rest = pattern.endsWith('/') ? '.*' : '(?:/.*)?';
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}${rest}$`);
}

/**
 * Who owns a path: the owners of the last matching CODEOWNERS line.
 *
 * @param {string} text CODEOWNERS content
 * @param {string} file repository path without a leading slash
 * @returns {string[]}
 */
export function codeOwnersOf(text, file) {
  /** @type {string[]} */
  let owners = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...who] = line.split(/\s+/);
    if (codeownersPattern(pattern).test(file)) owners = who;
  }
  return owners;
}

/**
 * The platform team owns the supply chain's files: every workflow, the
 * Dependabot config, CODEOWNERS itself, deploy/ and the chart's templates.
 *
 * @param {string} repoDir
 * @param {{ platformTeam: string }} options
 * @returns {ChainFinding[]}
 */
export function checkCodeOwners(repoDir, { platformTeam }) {
  const file = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS'].find(f =>
    fs.existsSync(path.join(repoDir, f)),
  );
  if (!file)
    return [
      {
        rule: 'codeowners',
        file: 'CODEOWNERS',
        message: 'missing: nobody is required to review the supply chain',
      },
    ];
  const text = fs.readFileSync(path.join(repoDir, file), 'utf-8');
  const list = (/** @type {string} */ dir) =>
    fs.existsSync(path.join(repoDir, dir))
      ? fs
          .readdirSync(path.join(repoDir, dir), { recursive: true })
          .map(f => `${dir}/${f}`)
          .filter(f => fs.statSync(path.join(repoDir, f)).isFile())
      : [];
  const charts = fs.existsSync(path.join(repoDir, 'charts'))
    ? fs.readdirSync(path.join(repoDir, 'charts'))
    : [];
  const guarded = [
    ...list('.github/workflows'),
    '.github/dependabot.yml',
    file,
    ...list('deploy'),
    ...charts.flatMap(c => [
      `charts/${c}/Chart.yaml`,
      ...list(`charts/${c}/templates`),
    ]),
  ].filter(f => fs.existsSync(path.join(repoDir, f)));
  return guarded
    .filter(f => !codeOwnersOf(text, f).includes(platformTeam))
    .map(f => ({
      rule: /** @type {const} */ ('codeowners'),
      file,
      message: `${f} is not owned by ${platformTeam} (owners: ${
        codeOwnersOf(text, f).join(' ') || 'none'
      })`,
    }));
}

/**
 * The whole chain of a created repository: its workflows, then every chart
 * rendered for every environment.
 *
 * @param {string} repoDir
 * @param {{ environments: string[], platformTeam?: string }} options
 * @returns {Promise<ChainFinding[]>}
 */
export async function checkChain(
  repoDir,
  { environments, platformTeam = '@northwind/platform' },
) {
  const dir = path.join(repoDir, '.github', 'workflows');
  const workflows = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => ({
          file: `.github/workflows/${f}`,
          text: fs.readFileSync(path.join(dir, f), 'utf-8'),
        }))
    : [];
  const { findings, facts } = checkWorkflowChain(workflows);
  findings.push(...checkCodeOwners(repoDir, { platformTeam }));
  const charts = path.join(repoDir, 'charts');
  for (const chart of fs.existsSync(charts) ? fs.readdirSync(charts) : []) {
    findings.push(
      ...(await checkEnvironments({
        chartDir: path.join(charts, chart),
        environments,
        facts,
      })),
    );
  }
  return findings;
}
