import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  gitBaseUrl,
  gitHostingServiceRef,
} from '@internal/plugin-git-hosting-node';
import { readGoldenPathSettings } from '@internal/plugin-scaffolder-backend-module-launchpad';
import os from 'node:os';
import path from 'node:path';
import { UpgradeStore } from './database/UpgradeStore';
import { GitTemplateSource } from './engine/TemplateSource';
import { TemplateUpgrader } from './engine/TemplateUpgrader';
import { createRouter } from './router';
import { GitHostChangeProposer } from './services/ChangeProposer';
import { createTemplateUpgradesService } from './services/TemplateUpgradesService';

/**
 * Template lineage and upgrades: seeds the golden paths into their source
 * repository on the git host at start (one tag per template version), and
 * serves the fleet views and upgrade proposals under /api/template-upgrades.
 */
export const templateUpgradesPlugin = createBackendPlugin({
  pluginId: 'template-upgrades',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        auditor: coreServices.auditor,
        database: coreServices.database,
        catalog: catalogServiceRef,
        store: gitHostingServiceRef,
      },
      async init(deps) {
        const { config, logger, store } = deps;
        const settings = readGoldenPathSettings(config);
        const [org, name] = settings.sourceRepository.split('/');
        const source = new GitTemplateSource(store, { org, name });
        const author = {
          name:
            config.getOptionalString(
              'launchpad.goldenPaths.commitAuthor.name',
            ) ?? 'Launchpad',
          email:
            config.getOptionalString(
              'launchpad.goldenPaths.commitAuthor.email',
            ) ?? 'launchpad@northwind.example',
        };
        const templatesDir =
          config.getOptionalString('launchpad.templateUpgrades.templatesDir') ??
          path.dirname(settings.sharedDir);
        try {
          const { tagged } = await source.seed(templatesDir, {
            logger,
            author,
          });
          logger.info(
            `Golden paths in ${settings.sourceRepository}: ${
              tagged.length
                ? `tagged ${tagged.join(', ')}`
                : 'every template version already tagged'
            }`,
          );
        } catch (error) {
          // the portal still starts; upgrades to versions that were not tagged fail with a 404 naming the tag
          logger.error(
            `Could not seed the golden paths from ${templatesDir} into ${
              settings.sourceRepository
            }: ${(error as Error).message}`,
          );
        }
        const integrations = ScmIntegrations.fromConfig(config);
        const service = createTemplateUpgradesService({
          catalog: deps.catalog,
          store,
          upgrader: () =>
            new TemplateUpgrader({
              source,
              runner: store.runner,
              settings,
              integrations,
              logger,
              tmpRoot: path.join(os.tmpdir(), 'launchpad-template-upgrades'),
            }),
          proposer: new GitHostChangeProposer({
            discovery: deps.discovery,
            auth: deps.auth,
            gitBaseUrl: gitBaseUrl(config.getString('backend.baseUrl')),
          }),
          upgrades: await UpgradeStore.create(deps.database),
          logger,
          backendBaseUrl: config.getString('backend.baseUrl'),
          roles: {
            admins: config.getOptionalStringArray(
              'launchpad.permissions.admins',
            ) ?? ['group:default/platform'],
            templateAuthors:
              config.getOptionalStringArray(
                'launchpad.permissions.templateAuthors',
              ) ?? [],
          },
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
