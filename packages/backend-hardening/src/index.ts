/**
 * The backend's hardened HTTP surface. Install both service factories:
 * `backend.add(hardenedRootHttpRouterServiceFactory)` and
 * `backend.add(hardenedHttpRouterServiceFactory)`.
 */
export { hardenedRootHttpRouterServiceFactory } from './hardenedRootHttpRouterServiceFactory';
export { hardenedHttpRouterServiceFactory } from './hardenedHttpRouterServiceFactory';
export { createHardenedErrorHandler } from './errors/createHardenedErrorHandler';
export type { HardenedErrorHandlerOptions } from './errors/createHardenedErrorHandler';
export { classifyError } from './errors/classifyError';
export type { ClassifiedError } from './errors/classifyError';
export { scrubServerDetails } from './errors/scrubServerDetails';
export { capRequestBodies } from './middleware/capRequestBodies';
export type { CapRequestBodiesOptions } from './middleware/capRequestBodies';
export { rejectMalformedPaths } from './middleware/rejectMalformedPaths';
export {
  readHardeningConfig,
  DEFAULT_MAX_BODY_BYTES,
} from './readHardeningConfig';
export type { HardeningConfig } from './readHardeningConfig';
export { parseInput } from './input/parseInput';
