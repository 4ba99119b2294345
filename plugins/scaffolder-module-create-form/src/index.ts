export { scaffolderModuleCreateForm as default } from './module';
export { NameAvailabilityClient } from './api/NameAvailabilityClient';
export type { NameAvailability } from './domain/nameAvailability';
