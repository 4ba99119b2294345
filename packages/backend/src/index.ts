/*
 * Launchpad backend: wiring only. Each capability lives in plugins/.
 * The database is Postgres; `npm start` provides an embedded one when no
 * external server is configured (see packages/embedded-postgres).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  hardenedHttpRouterServiceFactory,
  hardenedRootHttpRouterServiceFactory,
} from '@internal/backend-hardening';
import { auditorServiceFactory } from '@internal/plugin-audit-backend';
import { gitHostUrlReaderFactory } from '@internal/plugin-git-hosting-backend';
import { appPrebuiltConfigSchemaModule } from './prebuiltConfigSchema';
import { rootLoggerServiceFactory } from './rootLoggerServiceFactory';
import {
  cachingUserInfoServiceFactory,
  launchpadPermissionsServiceFactory,
} from '@internal/plugin-permission-backend-module-launchpad-policy';

const backend = createBackend();

// Root logger with the config schema compiled at build time, not at every start
backend.add(rootLoggerServiceFactory);

// The HTTP surface: outside local mode errors carry no stack or server path;
// malformed path ids are 400s; request bodies are capped (413)
backend.add(hardenedRootHttpRouterServiceFactory);
backend.add(hardenedHttpRouterServiceFactory);

// Audit trail: every write, denial and sign-in as a hash-chained row in
// Postgres (and in the log); /api/audit for platform admins
backend.add(auditorServiceFactory);
backend.add(import('@internal/plugin-audit-backend'));

// Serves the built frontend (packages/app/dist) on the backend's port.
backend.add(import('@backstage/plugin-app-backend'));
// ... checking the frontend's config with the schema the root logger compiled
backend.add(appPrebuiltConfigSchemaModule);

// Event bus shared by the plugins (catalog, scaffolder)
backend.add(import('@backstage/plugin-events-backend'));

// Sign-in: OIDC / GitHub (by config) resolved to catalog users; demo
// personas in local mode only (replaces Backstage's guest provider)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@internal/plugin-auth-backend-module-launchpad'));

// Software catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.add(import('@internal/plugin-catalog-backend-module-local-files'));
// Locations by repository ownership; every catalog 403 says which rule and whom to ask
backend.add(import('@internal/plugin-catalog-backend-module-launchpad-guard'));
// Indexes for the hot queries; changed catalog files refreshed within 15 s
backend.add(import('@internal/plugin-catalog-backend-module-launchpad-scale'));

// Golden paths, publishing into the portal's own git host (local mode)
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@internal/plugin-scaffolder-backend-module-launchpad'));
// failed golden paths leave no repository; a dead replica's tasks move on in seconds
backend.add(
  import('@internal/plugin-scaffolder-backend-module-launchpad-tasks'),
);
// Golden paths kept to groups (spec.allowedGroups): form, dry-run and run
backend.add(
  import('@internal/plugin-scaffolder-backend-module-launchpad-guard'),
);
backend.add(import('@internal/plugin-git-hosting-backend'));
backend.add(gitHostUrlReaderFactory);

// Permissions: one rule per permission (reads for signed-in users, writes by
// ownership, admin-only operations); POST /api/permission/launchpad/explain
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-launchpad-policy'),
);
// ... and each plugin decides its users' checks in process with the same policy
backend.add(launchpadPermissionsServiceFactory);
// ... with users' ownership refs reused for 30 s per token (not a call to auth per decision)
backend.add(cachingUserInfoServiceFactory);

// Search on Postgres, indexing the catalog
backend.add(import('@backstage/plugin-search-backend'));
// ... Backstage's Postgres engine with names, tags and owners indexed, any
// term reduced to words, results ranked by name match and kind
backend.add(import('@internal/plugin-search-backend-module-launchpad'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// TechDocs: a team's docs built with Debian's mkdocs as hostile input (validated
// mkdocs.yml, capped tree, timeout); read by whoever may read the entity
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@internal/plugin-techdocs-backend-module-launchpad'));

// Kubernetes
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(
  import('@internal/plugin-kubernetes-backend-module-cluster-timeout'),
);
// Custom-resource queries only of allow-listed types; no Secrets or ConfigMaps in answers
backend.add(
  import('@internal/plugin-kubernetes-backend-module-launchpad-guard'),
);
// ... grouped by environment, compared side by side, logs for owners
backend.add(import('@internal/plugin-kubernetes-environments-backend'));

// Scorecards: levels per service, history, team roll-ups
backend.add(import('@internal/plugin-scorecards-backend'));
backend.add(import('@internal/plugin-scorecards-backend-module-repo'));
backend.add(import('@internal/plugin-scorecards-backend-module-kubernetes'));

// Platform insights: golden path usage, adoption funnel, DORA keys (/insights)
backend.add(import('@internal/plugin-insights-backend'));

// Template lineage and upgrades: fleet per golden path, upgrade proposals (/api/template-upgrades)
backend.add(import('@internal/plugin-template-upgrades-backend'));

backend.start();
