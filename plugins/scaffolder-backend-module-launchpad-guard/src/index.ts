/**
 * Golden paths kept to groups.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLaunchpadGuard as default } from './module';
