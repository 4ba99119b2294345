/**
 * Kubernetes per environment (backend): `GET /api/kubernetes-environments/...`
 *
 * @packageDocumentation
 */
export { kubernetesEnvironmentsPlugin as default } from './plugin';
