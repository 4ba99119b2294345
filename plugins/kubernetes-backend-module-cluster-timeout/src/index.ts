export {
  kubernetesModuleClusterTimeout as default,
  DEFAULT_CLUSTER_TIMEOUT_MS,
} from './module';
export { withClusterTimeout } from './withClusterTimeout';
