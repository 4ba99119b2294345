import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** A demo person one can be in local mode. */
export type Persona = {
  /** Used in URLs: `/api/auth/guest/refresh?persona=<id>`. */
  id: string;
  /** The catalog User signed in as (groups come from the catalog). */
  userEntityRef: string;
  /** The role, as the sign-in page shows it. */
  title: string;
  description: string;
};

/** The personas and which one is the default. */
export type Personas = {
  list: Persona[];
  defaultId: string;
};

/**
 * The demo company's roles (catalog/org.yaml): a developer of a product
 * team, a platform engineer (group:default/platform: platform admin) and a
 * manager (VP Engineering, the engineering department).
 */
export const DEFAULT_PERSONAS: Persona[] = [
  {
    id: 'developer',
    userEntityRef: 'user:default/priya.nair',
    title: 'Developer',
    description: 'Priya Nair, Checkout team: owns the checkout services',
  },
  {
    id: 'platform-engineer',
    userEntityRef: 'user:default/raj.patel',
    title: 'Platform engineer',
    description: 'Raj Patel, Platform team: a platform admin',
  },
  {
    id: 'manager',
    userEntityRef: 'user:default/david.reyes',
    title: 'Manager',
    description:
      'David Reyes, VP Engineering: leads the engineering department',
  },
];

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads `auth.providers.guest`: `personas` (or the demo company's three),
 * `defaultPersona` (or the first), and Backstage's own `userEntityRef`,
 * which when set is the default persona's person.
 */
export function readPersonas(config: Config): Personas {
  const configured = config.getOptionalConfigArray('personas')?.map(p => ({
    id: p.getString('id'),
    userEntityRef: p.getString('userEntityRef'),
    title: p.getString('title'),
    description: p.getOptionalString('description') ?? '',
  }));
  const list = (configured ?? DEFAULT_PERSONAS).map(p => {
    if (!ID.test(p.id)) {
      throw new Error(
        `auth.providers.guest.personas: '${p.id}' is not a valid persona id (lowercase letters, digits and '-')`,
      );
    }
    return {
      ...p,
      userEntityRef: stringifyEntityRef(
        parseEntityRef(p.userEntityRef, { defaultKind: 'User' }),
      ),
    };
  });
  if (list.length === 0)
    throw new Error('auth.providers.guest.personas is empty');
  const defaultId = config.getOptionalString('defaultPersona') ?? list[0].id;
  const index = list.findIndex(p => p.id === defaultId);
  if (index < 0) {
    throw new Error(
      `auth.providers.guest.defaultPersona '${defaultId}' is not one of the personas (${list
        .map(p => p.id)
        .join(', ')})`,
    );
  }
  const userEntityRef = config.getOptionalString('userEntityRef');
  if (userEntityRef) {
    list[index] = {
      ...list[index],
      userEntityRef: stringifyEntityRef(
        parseEntityRef(userEntityRef, { defaultKind: 'User' }),
      ),
    };
  }
  return { list, defaultId };
}
