import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scorecardsPermissions } from '@internal/plugin-scorecards-common';
import path from 'node:path';
import { DatabaseScoreStore } from './database/DatabaseScoreStore';
import {
  type FactSource,
  scorecardsFactSourcesExtensionPoint,
} from '@internal/plugin-scorecards-node';
import { createRouter } from './router';
import { FolderDefinitionsService } from './services/Definitions/FolderDefinitionsService';
import { DefaultScorecardEvaluator } from './services/Evaluator/DefaultScorecardEvaluator';
import {
  EntityChangeWatcher,
  readEvaluateOnChangeSettings,
} from './services/Evaluator/EntityChangeWatcher';
import { DatabaseChangeBaselineStore } from './services/Evaluator/ChangeBaselineStore';
import { DatabaseCatalogChangeFeed } from './services/Evaluator/CatalogChangeFeed';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { FolderInitiativesService } from './services/Initiatives/FolderInitiativesService';
import { CatalogFactSource } from './services/FactSources/CatalogFactSource';
import { checkFactSources } from './services/FactSources/checkFactSources';
import { createOwnershipService } from './services/Ownership/createOwnershipService';
import { createScorecardReports } from './services/Reports/createScorecardReports';

/**
 * Scorecards: levels per entity from the platform team's definitions,
 * history of every change, team roll-ups and orphaned entities.
 *
 * @public
 */
export const scorecardsPlugin = createBackendPlugin({
  pluginId: 'scorecards',
  register(env) {
    const addedSources: FactSource[] = [];
    env.registerExtensionPoint(scorecardsFactSourcesExtensionPoint, {
      addFactSource: (...sources) => addedSources.push(...sources),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        lifecycle,
        httpRouter,
        httpAuth,
        auditor,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const definitionsDir = path.resolve(
          config.getOptionalString('scorecards.definitionsDir') ??
            '../../scorecards',
        );
        const definitions = await FolderDefinitionsService.create({
          dir: definitionsDir,
          logger,
        });
        definitions.watch();
        lifecycle.addShutdownHook(() => definitions.close());

        const store = await DatabaseScoreStore.create({ database });
        const ownership = createOwnershipService({ catalog });
        const factSources = checkFactSources([
          new CatalogFactSource({ catalog, auth, ownership }),
          ...addedSources,
        ]);
        const evaluator = new DefaultScorecardEvaluator({
          catalog,
          auth,
          logger,
          store,
          definitions,
          factSources,
        });
        const initiatives = new FolderInitiativesService({
          dir: definitionsDir,
          logger,
        });
        const reports = createScorecardReports({
          store,
          definitions,
          initiatives,
          ownership,
          catalog,
        });

        const schedule = config.has('scorecards.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('scorecards.schedule'),
            )
          : {
              frequency: { minutes: 30 },
              timeout: { minutes: 10 },
              initialDelay: { minutes: 1 },
            };
        await scheduler.scheduleTask({
          id: 'scorecards-evaluate',
          ...schedule,
          fn: async () => {
            await evaluator.evaluate();
          },
        });
        // Backs up the folder watch (which some file systems do not support).
        await scheduler.scheduleTask({
          id: 'scorecards-reload-definitions',
          scope: 'local',
          frequency: { minutes: 1 },
          timeout: { seconds: 30 },
          initialDelay: { minutes: 1 },
          fn: () => definitions.reload(),
        });
        // Entities that changed in the catalog, evaluated within seconds.
        const onChange = readEvaluateOnChangeSettings(config);
        if (onChange.enabled) {
          const watcher = new EntityChangeWatcher({
            catalog,
            auth,
            logger,
            definitions,
            evaluator,
            baselines: new DatabaseChangeBaselineStore(
              await database.getClient(),
            ),
            // The catalog's own database (same backend, same database config):
            // an unchanged catalog costs one index-only count per kind a poll.
            changeFeed: onChange.readCatalogDatabase
              ? new DatabaseCatalogChangeFeed(
                  DatabaseManager.fromConfig(config).forPlugin('catalog', {
                    logger,
                    lifecycle,
                  }),
                )
              : undefined,
          });
          // One poll per period across all backend instances (a global task
          // holds a lock in the scheduler's table), against one shared baseline.
          await scheduler.scheduleTask({
            id: 'scorecards-evaluate-changes',
            scope: 'global',
            frequency: onChange.frequency,
            timeout: { minutes: 10 },
            initialDelay: onChange.frequency,
            fn: async () => {
              await watcher.poll();
            },
          });
        }

        permissionsRegistry.addPermissions(scorecardsPermissions);
        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            permissions,
            reports,
            evaluator,
          }),
        );
      },
    });
  },
});
