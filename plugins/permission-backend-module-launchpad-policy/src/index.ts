/**
 * The portal's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleLaunchpadPolicy as default } from './module';
export { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';
