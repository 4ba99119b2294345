/**
 * Sign-in for the portal: OIDC and GitHub users resolved to catalog users
 * (email, then username), and local-mode demo personas.
 */
export { authModuleLaunchpad as default } from './module';
export {
  createEmailThenUsernameResolver,
  type EmailThenUsernameOptions,
  type ProviderIdentity,
} from './resolvers/emailThenUsername';
export { githubIdentity, oidcIdentity } from './resolvers/providerIdentities';
export { DEFAULT_PERSONAS, type Persona } from './personas/personas';
export type {
  SignInOptions,
  SignInProviderOption,
} from './signInOptions/readSignInOptions';
