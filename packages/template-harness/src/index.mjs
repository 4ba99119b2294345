// @ts-check
// @internal/template-harness: the validators the golden-path template tests
// run on a repository created by the scaffolder. See ../README.md.
export { lintWorkflows, lintWorkflowText } from './actionlint.mjs';
export {
  renderHelmChart,
  ensureHelmRenderBinary,
  HELM_RENDER_DEBIAN_PACKAGES,
  DEBIAN_GOPATH,
} from './helm.mjs';
export {
  validateKubernetesManifests,
  modelSpecifier,
  schemaPackageVersions,
} from './kubernetes.mjs';
export { scanSecrets, scanSecretsInText } from './secrets.mjs';
export { compareWithGolden, formatGoldenComparison } from './golden.mjs';
export {
  checkChain,
  checkWorkflowChain,
  checkEnvironments,
  checkCodeOwners,
  codeOwnersOf,
} from './chain.mjs';

/** @typedef {import('./actionlint.mjs').WorkflowFinding} WorkflowFinding */
/** @typedef {import('./helm.mjs').RenderOptions} RenderOptions */
/** @typedef {import('./kubernetes.mjs').ManifestError} ManifestError */
/** @typedef {import('./secrets.mjs').SecretFinding} SecretFinding */
/** @typedef {import('./golden.mjs').GoldenComparison} GoldenComparison */
export { checkTechDocs } from './techdocs.mjs';
