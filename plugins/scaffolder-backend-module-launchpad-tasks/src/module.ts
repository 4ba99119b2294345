import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { gitHostingServiceRef } from '@internal/plugin-git-hosting-node';
import { FailedTaskCleanup } from './FailedTaskCleanup';
import { TaskLiveness } from './TaskLiveness';

/**
 * What happens to a golden-path task that does not end well, on any number
 * of backend instances sharing one database:
 * - it fails or is cancelled: the repositories it created are removed
 *   ({@link FailedTaskCleanup});
 * - its instance dies: another instance notices within seconds and hands it
 *   to the scaffolder's task recovery ({@link TaskLiveness}; only with
 *   `scaffolder.taskRecovery.enabled` on Postgres).
 */
export const scaffolderModuleLaunchpadTasks = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'launchpad-tasks',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        events: eventsServiceRef,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        store: gitHostingServiceRef,
      },
      async init({
        config,
        database,
        events,
        lifecycle,
        logger,
        scheduler,
        store,
      }) {
        await new FailedTaskCleanup(store, logger).subscribe(events);

        const knex = await database.getClient();
        const recovery =
          config.getOptionalBoolean('scaffolder.taskRecovery.enabled') ?? false;
        if (!recovery || !TaskLiveness.supports(knex)) return;
        const liveness = new TaskLiveness({ knex, logger });
        await liveness.start();
        await events.subscribe({
          id: 'launchpad-task-liveness',
          topics: ['scaffolder.task'],
          onEvent: params => liveness.onEvent(params),
        });
        await scheduler.scheduleTask({
          id: 'launchpad-task-liveness',
          // every instance looks (a local task): the one that finds a dead
          // instance's task first hands it over, the others find it recovered
          scope: 'local',
          frequency: { seconds: 2 },
          timeout: { seconds: 30 },
          fn: async () => {
            await liveness.check();
          },
        });
        lifecycle.addShutdownHook(() => liveness.stop());
      },
    });
  },
});
