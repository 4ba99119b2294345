/**
 * The portal's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export {
  permissionModuleLaunchpadPolicy as default,
  readPolicyRoles,
} from './module';
export { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';
export {
  launchpadPermissionsServiceFactory,
  InProcessPermissions,
} from './permissionsServiceFactory';
export {
  cachingUserInfoServiceFactory,
  CachingUserInfoService,
} from './cachingUserInfoServiceFactory';
export { explainDecision, type Explanation } from './explain';
export { sendDenial, denialReasonPhrase, requireRule } from './denial';
export {
  permissionRules,
  ruleFor,
  ownersOf,
  allowedGroupsOf,
  type PolicyRule,
  type ExplainResource,
} from './rules';
export { toCaller, type Caller, type PolicyRoles } from './roles';
