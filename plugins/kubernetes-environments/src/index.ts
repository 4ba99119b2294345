export { default } from './plugin';
export { kubernetesEnvironmentsApiRef } from './api/KubernetesEnvironmentsClient';
export type {
  KubernetesEnvironmentsApi,
  PodLogsQuery,
} from './api/KubernetesEnvironmentsClient';
