import type {
  BackstageCredentials,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The user a task runs for, as the scaffolder gives it to an action (ctx.user). */
export interface TaskUser {
  ref?: string;
  entity?: Entity;
}

/** Decides whether a task's user may create something owned by a given group. */
export interface OwnerGuard {
  /** Throws NotAllowedError naming the user's teams unless the user may pick `owner`. */
  assertMayOwn(options: {
    owner: string;
    user?: TaskUser;
    credentials: BackstageCredentials;
  }): Promise<void>;
}

const DEFAULT_ADMINS = ['group:default/platform'];

/** Entity refs compare case-insensitively, as the catalog compares them. */
function normalize(ref: string, defaultKind: string) {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/**
 * The owner a user picks in a golden path must be one of their own groups
 * (the user entity's memberOf relations in the catalog), or the user must be
 * a platform admin (`launchpad.permissions.admins`: the user or one of their
 * groups). The catalog is asked at the time of the task, so a membership
 * change counts at once; the form's choice is never trusted.
 */
export function createOwnerGuard(options: {
  catalog: CatalogService;
  config: RootConfigService;
}): OwnerGuard {
  const { catalog, config } = options;
  const admins = new Set(
    (
      config.getOptionalStringArray('launchpad.permissions.admins') ??
      DEFAULT_ADMINS
    ).map(ref => normalize(ref, 'group')),
  );

  return {
    async assertMayOwn({ owner, user, credentials }) {
      const ownerRef = normalize(owner, 'group');
      if (!user?.ref) {
        throw new NotAllowedError(
          `Golden paths create services for a signed-in user's team; this task has no user, so it cannot create one for ${ownerRef}`,
        );
      }
      const userRef = normalize(user.ref, 'user');
      // Always the catalog's current view, not the copy taken when the task was created.
      const entity =
        (await catalog.getEntityByRef(userRef, { credentials })) ?? user.entity;
      const groups = (entity?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => normalize(r.targetRef, 'group'));
      const own = new Set([userRef, ...groups]);
      if ([...own].some(ref => admins.has(ref))) return;
      if (own.has(ownerRef)) return;
      const teams = groups.map(g => parseEntityRef(g).name);
      throw new NotAllowedError(
        `You can create services only for your own teams (${
          teams.length ? teams.join(', ') : 'you are in no team'
        }); ` +
          `ask ${ownerRef}'s members to create it for ${
            parseEntityRef(ownerRef).name
          }, or a platform admin`,
      );
    },
  };
}
