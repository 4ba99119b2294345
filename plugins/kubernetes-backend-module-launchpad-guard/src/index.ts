/**
 * Guards the Kubernetes backend's routes that take resource types from the request.
 *
 * @packageDocumentation
 */
export { kubernetesModuleLaunchpadGuard as default } from './module';
export { createResourceTypeGuard } from './createResourceTypeGuard';
export { readResourceTypeAllowList, neverServedReason } from './resourceTypes';
export type { ResourceType, ResourceTypeAllowList } from './resourceTypes';
