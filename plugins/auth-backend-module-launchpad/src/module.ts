import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { githubAuthenticator } from '@backstage/plugin-auth-backend-module-github-provider';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  authProvidersExtensionPoint,
  commonSignInResolvers,
  createOAuthProviderFactory,
  createSignInResolverFactory,
  type OAuthAuthenticator,
  type SignInInfo,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createPersonaProviderFactory } from './personas/personaProvider';
import {
  createEmailThenUsernameResolver,
  type ProviderIdentity,
} from './resolvers/emailThenUsername';
import { auditedResolver } from './resolvers/auditedResolver';
import { createPlatformContact } from './resolvers/platformContact';
import { githubIdentity, oidcIdentity } from './resolvers/providerIdentities';
import { readSignInOptions } from './signInOptions/readSignInOptions';
import { createSignInOptionsRouter } from './signInOptions/router';

/**
 * Launchpad's sign-in: OIDC and GitHub (each on when `auth.providers.<id>`
 * is configured) resolved to catalog users by email, then username; the
 * demo personas under `guest` (local mode only); and the sign-in options the
 * sign-in page reads.
 */
export const authModuleLaunchpad = createBackendModule({
  pluginId: 'auth',
  moduleId: 'launchpad',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
      },
      async init({
        providers,
        config,
        logger,
        httpRouter,
        catalog,
        auth,
        auditor,
      }) {
        const contact = createPlatformContact({ config, catalog, auth });
        const titles = new Map(
          readSignInOptions(config).providers.map(p => [p.id, p.title]),
        );

        // emailThenUsername is the default; `signIn.resolvers` in a
        // provider's config may name it or Backstage's common resolvers.
        function oauthProvider<TResult>(
          providerId: string,
          authenticator: OAuthAuthenticator<any, TResult>,
          title: string,
          identify: (info: SignInInfo<any>) => ProviderIdentity,
        ) {
          const resolver = auditedResolver({
            auditor,
            providerId,
            severityLevel: 'medium',
            resolver: createEmailThenUsernameResolver({
              providerTitle: title,
              identify,
              contact,
            }),
          });
          return createOAuthProviderFactory({
            authenticator,
            signInResolver: resolver,
            signInResolverFactories: {
              ...commonSignInResolvers,
              emailThenUsername: createSignInResolverFactory({
                create: () => resolver,
              }),
            },
          });
        }

        providers.registerProvider({
          providerId: 'oidc',
          factory: oauthProvider(
            'oidc',
            oidcAuthenticator,
            titles.get('oidc') ?? 'OIDC',
            oidcIdentity,
          ),
        });
        providers.registerProvider({
          providerId: 'github',
          factory: oauthProvider(
            'github',
            githubAuthenticator,
            titles.get('github') ?? 'GitHub',
            githubIdentity,
          ),
        });
        providers.registerProvider({
          providerId: 'guest',
          factory: createPersonaProviderFactory({
            rootConfig: config,
            logger,
            auditor,
          }),
        });

        httpRouter.use(createSignInOptionsRouter(config));
      },
    });
  },
});
