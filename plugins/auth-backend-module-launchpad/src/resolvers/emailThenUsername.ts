import {
  DEFAULT_NAMESPACE,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  AuthResolverCatalogUserQuery,
  AuthResolverContext,
  SignInInfo,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** Who the provider says signed in: a verified email and/or a username. */
export type ProviderIdentity = {
  email?: string;
  username?: string;
};

/** Options of {@link createEmailThenUsernameResolver}. */
export type EmailThenUsernameOptions<TResult> = {
  /** The provider as people know it ("Keycloak", "GitHub"), for messages. */
  providerTitle: string;
  /** Reads the email and username out of the provider's answer. */
  identify: (info: SignInInfo<TResult>) => ProviderIdentity;
  /** How to reach the platform team, for the "not in the catalog" message. */
  contact: () => Promise<string>;
};

const MAX_EMAIL_LENGTH = 254;

function isNotFound(error: unknown) {
  return (error as Error | undefined)?.name === 'NotFoundError';
}

function cleanEmail(email: unknown): string | undefined {
  if (typeof email !== 'string') return undefined;
  const trimmed = email.trim();
  return trimmed.length > 0 &&
    trimmed.length <= MAX_EMAIL_LENGTH &&
    trimmed.includes('@')
    ? trimmed
    : undefined;
}

/**
 * Only a plain catalog name is looked up, always as a User of the default
 * namespace: "group:default/platform" or "other/priya" is no one's username.
 */
function cleanUsername(username: unknown): string | undefined {
  return typeof username === 'string' &&
    KubernetesValidatorFunctions.isValidObjectName(username)
    ? username
    : undefined;
}

/** What the provider sent, shown to the person: control characters escaped, length capped. */
function printable(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .slice(0, max)
    .replace(
      /\p{Cc}/gu,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

function describe({ email, username }: ProviderIdentity) {
  if (email && username && !email.startsWith(`${username}@`))
    return `${email} (${username})`;
  return email ?? username ?? 'someone without an email or username';
}

async function trySignIn(
  ctx: AuthResolverContext,
  query: AuthResolverCatalogUserQuery,
) {
  try {
    return await ctx.signInWithCatalogUser(query);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Signs a person in as the catalog User whose `spec.profile.email` is the
 * provider's (verified) email; failing that, the User whose `metadata.name`
 * is the provider's username (OIDC preferred_username, GitHub login). Groups
 * (ownership) come from the catalog. Nobody found: a NotFoundError whose
 * message tells the person what happened and whom to ask.
 */
export function createEmailThenUsernameResolver<TResult>(
  options: EmailThenUsernameOptions<TResult>,
): SignInResolver<TResult> {
  return async (info, ctx) => {
    const raw = options.identify(info);
    const email = cleanEmail(raw.email);
    const username = cleanUsername(raw.username);

    if (email) {
      try {
        const byEmail = await trySignIn(ctx, {
          filter: { 'spec.profile.email': email },
        });
        if (byEmail) return byEmail;
      } catch (error) {
        if ((error as Error).name !== 'ConflictError') throw error;
        throw new ConflictError(
          `You signed in as ${email} with ${
            options.providerTitle
          }, but more than one person in the catalog has that email: ask the platform team (${await options.contact()}) to fix the catalog.`,
        );
      }
    }
    if (username) {
      const byName = await trySignIn(ctx, {
        entityRef: {
          kind: 'User',
          namespace: DEFAULT_NAMESPACE,
          name: username,
        },
      });
      if (byName) return byName;
    }
    const who = describe({
      email: printable(raw.email, MAX_EMAIL_LENGTH) || undefined,
      username: printable(raw.username, 100) || undefined,
    });
    throw new NotFoundError(
      `You signed in as ${who} with ${
        options.providerTitle
      }, but there is no person with that email or username in the catalog: ask the platform team (${await options.contact()}) to add you.`,
    );
  };
}
