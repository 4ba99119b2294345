import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createClusterClient,
  readClusters,
  readClusterTimeoutMs,
} from '@internal/plugin-kubernetes-environments-node';
import { ClusterObserver } from './collectors/ClusterObserver';
import { ScaffolderTaskCollector } from './collectors/ScaffolderTaskCollector';
import { DatabaseEventStore } from './database/DatabaseEventStore';
import { createRouter } from './router';
import { createInsightsService } from './services/createInsightsService';
import { InsightsAccess } from './services/InsightsAccess';

/**
 * Platform insights: golden path usage, the adoption funnel and the DORA
 * keys, from scaffolder tasks, signed webhooks and the clusters.
 *
 * @public
 */
export const insightsPlugin = createBackendPlugin({
  pluginId: 'insights',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, httpRouter } = deps;
        const store = await DatabaseEventStore.create(deps);
        const pollSeconds =
          config.getOptionalNumber('insights.pollSeconds') ?? 30;

        const tasks = new ScaffolderTaskCollector({ ...deps, store });
        await scheduler.scheduleTask({
          id: 'insights-scaffolder-tasks',
          scope: 'global',
          frequency: { seconds: pollSeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            await tasks.poll();
          },
        });

        const { clusters } = readClusters(config);
        if (clusters.some(c => c.environment)) {
          const observer = new ClusterObserver({
            clusters,
            client: createClusterClient({
              timeoutMs: readClusterTimeoutMs(config),
            }),
            store,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'insights-cluster-observer',
            scope: 'global',
            frequency: { seconds: pollSeconds },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 5 },
            fn: async () => {
              await observer.poll();
            },
          });
        }

        // Webhooks are let in by their signature, not by a user's token.
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          await createRouter({
            ...deps,
            store,
            access: InsightsAccess.fromConfig(config, deps.userInfo),
            insights: createInsightsService({
              ...deps,
              store,
              funnelEnvironment:
                config.getOptionalString('insights.funnelEnvironment') ?? 'dev',
              doraEnvironment:
                config.getOptionalString('insights.doraEnvironment') ?? 'prod',
            }),
            githubSecret: config.getOptionalString(
              'insights.webhooks.github.secret',
            ),
            argoCdToken: config.getOptionalString(
              'insights.webhooks.argocd.token',
            ),
            maxBodyBytes:
              config.getOptionalNumber('insights.webhooks.maxBodyBytes') ??
              1024 * 1024,
          }),
        );
      },
    });
  },
});
