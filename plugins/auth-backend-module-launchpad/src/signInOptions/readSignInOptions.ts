import type { Config } from '@backstage/config';
import { readPersonas, type Persona } from '../personas/personas';

/** A real sign-in provider the sign-in page offers. */
export type SignInProviderOption = { id: 'oidc' | 'github'; title: string };

/** What the sign-in page offers; nothing in it is secret. */
export type SignInOptions = {
  localMode: boolean;
  /** Demo personas (local mode only), the default one first. */
  personas: Array<Persona & { isDefault: boolean }>;
  providers: SignInProviderOption[];
};

const DEFAULT_TITLES = { oidc: 'OIDC', github: 'GitHub' } as const;

/**
 * Reads the sign-in options from config. A provider is on when its
 * `auth.providers.<id>` block exists; its button says
 * `auth.providers.<id>.<auth.environment>.title` (e.g. "Keycloak").
 */
export function readSignInOptions(config: Config): SignInOptions {
  const localMode = config.getOptionalBoolean('launchpad.localMode') === true;
  const environment =
    config.getOptionalString('auth.environment') ?? 'development';
  const providersConfig = config.getOptionalConfig('auth.providers');

  const providers = (['oidc', 'github'] as const)
    .filter(id => providersConfig?.has(id))
    .map(id => ({
      id,
      title:
        providersConfig?.getOptionalString(`${id}.${environment}.title`) ??
        DEFAULT_TITLES[id],
    }));

  const guest = providersConfig?.getOptionalConfig('guest');
  let personas: SignInOptions['personas'] = [];
  if (localMode && guest) {
    const { list, defaultId } = readPersonas(guest);
    personas = [
      ...list.filter(p => p.id === defaultId),
      ...list.filter(p => p.id !== defaultId),
    ].map(p => ({ ...p, isDefault: p.id === defaultId }));
  }
  return { localMode, personas, providers };
}
