import type {
  AuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * How a person not in the catalog reaches the platform team:
 * `launchpad.signIn.contact` when set, else the email of the first platform
 * admin group (`launchpad.permissions.admins`) as the catalog has it.
 */
export function createPlatformContact(deps: {
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
}): () => Promise<string> {
  const configured = deps.config.getOptionalString('launchpad.signIn.contact');
  const adminRef =
    deps.config.getOptionalStringArray('launchpad.permissions.admins')?.[0] ??
    'group:default/platform';
  return async () => {
    if (configured) return configured;
    try {
      const entity = await deps.catalog.getEntityByRef(
        parseEntityRef(adminRef, { defaultKind: 'Group' }),
        { credentials: await deps.auth.getOwnServiceCredentials() },
      );
      const email = (
        entity?.spec as { profile?: { email?: string } } | undefined
      )?.profile?.email;
      return email ? `${adminRef}, ${email}` : adminRef;
    } catch {
      return adminRef;
    }
  };
}
