import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  type AuthProviderFactory,
  type SignInResolver,
} from '@backstage/plugin-auth-node';
import { auditedResolver } from '../resolvers/auditedResolver';
import { readPersonas, type Persona } from './personas';

type PersonaResult = { persona: Persona };

/**
 * The local-mode sign-in: one request, no password, as one of the demo
 * personas (`?persona=<id>`, default the default persona). Outside local mode
 * (`launchpad.localMode` not true) it signs no one in, whatever
 * `auth.providers.guest` says.
 */
export function createPersonaProviderFactory(options: {
  rootConfig: Config;
  logger: LoggerService;
  /** Persona sign-ins are audited at low severity (the log): a demo signs in on every page load. */
  auditor?: AuditorService;
}): AuthProviderFactory {
  const localMode =
    options.rootConfig.getOptionalBoolean('launchpad.localMode') === true;

  const authenticator = createProxyAuthenticator({
    async defaultProfileTransform(result: PersonaResult, ctx) {
      try {
        const { entity } = await ctx.findCatalogUser({
          entityRef: result.persona.userEntityRef,
        });
        const profile = (entity.spec?.profile ?? {}) as Record<
          string,
          string | undefined
        >;
        return {
          profile: {
            displayName: profile.displayName ?? entity.metadata.name,
            email: profile.email,
            picture: profile.picture,
          },
        };
      } catch {
        return { profile: { displayName: result.persona.title } };
      }
    },
    initialize({ config }) {
      if (!localMode) {
        options.logger.warn(
          'auth.providers.guest is configured but launchpad.localMode is not true: demo personas sign no one in',
        );
        return undefined;
      }
      return readPersonas(config);
    },
    async authenticate({ req }, personas) {
      if (!personas) {
        throw new NotAllowedError(
          'Demo personas exist only in local mode (launchpad.localMode: true); sign in with your company account',
        );
      }
      const asked = req.query.persona;
      if (asked !== undefined && typeof asked !== 'string') {
        throw new InputError(
          `persona must be one of ${personas.list.map(p => p.id).join(', ')}`,
        );
      }
      const id = asked ?? personas.defaultId;
      const persona = personas.list.find(p => p.id === id);
      if (!persona) {
        throw new InputError(
          `Unknown persona '${id.slice(0, 64)}': use one of ${personas.list
            .map(p => p.id)
            .join(', ')}`,
        );
      }
      return { result: { persona } };
    },
  });

  // Groups come from the catalog. On a first start the catalog may not have
  // the demo people yet: the persona is then signed in with its own ref only.
  const signInResolver: SignInResolver<PersonaResult> = async (
    { result },
    ctx,
  ) => {
    const ref = result.persona.userEntityRef;
    try {
      return await ctx.signInWithCatalogUser({ entityRef: ref });
    } catch (error) {
      if ((error as Error).name !== 'NotFoundError') throw error;
      options.logger.warn(
        `Persona ${result.persona.id}: ${ref} is not in the catalog (yet); signed in without groups`,
      );
      return ctx.issueToken({ claims: { sub: ref, ent: [ref] } });
    }
  };

  return createProxyAuthProviderFactory({
    authenticator,
    signInResolver: options.auditor
      ? auditedResolver({
          auditor: options.auditor,
          providerId: 'guest',
          severityLevel: 'low',
          resolver: signInResolver,
        })
      : signInResolver,
  });
}
