/**
 * Scorecards fact source for runtime facts (`k8s.*`).
 *
 * @packageDocumentation
 */
export { scorecardsModuleKubernetesFacts as default } from './module';
export { KubernetesFactSource } from './KubernetesFactSource';
export { kubernetesFacts, KUBERNETES_FACTS } from './kubernetesFacts';
