import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventParams, EventsService } from '@backstage/plugin-events-node';
import type { GitRepositoryStore } from '@internal/plugin-git-hosting-node';

/** The scaffolder's own topic: it publishes every task status change there. */
export const SCAFFOLDER_TASK_TOPIC = 'scaffolder.task';

/** Statuses after which a task never runs again (a recovered task is `open`, not one of these). */
const ENDED_WITHOUT_SUCCESS = new Set(['failed', 'cancelled']);

/** What the scaffolder publishes on {@link SCAFFOLDER_TASK_TOPIC} (the fields read here). */
interface TaskStatusPayload {
  id?: unknown;
  status?: unknown;
}

/**
 * Leaves no half-made golden path behind: when a task ends failed or
 * cancelled, the repositories that task created on the portal's git host
 * (launchpad:publish marks each with its task id) are removed, so the
 * developer finds no debris and can run the golden path again with the same
 * name. A repository is only removed when its creation mark is exactly the
 * failed task's id: repositories made by another task, by hand, or before
 * the mark existed are never touched.
 */
export class FailedTaskCleanup {
  constructor(
    private readonly store: Pick<
      GitRepositoryStore,
      'list' | 'createdBy' | 'remove'
    >,
    private readonly logger: LoggerService,
  ) {}

  /** Subscribes to the scaffolder's task status events. */
  async subscribe(events: EventsService): Promise<void> {
    await events.subscribe({
      id: 'launchpad-failed-task-cleanup',
      topics: [SCAFFOLDER_TASK_TOPIC],
      onEvent: params => this.onEvent(params),
    });
  }

  async onEvent(params: EventParams): Promise<void> {
    const payload = params.eventPayload as TaskStatusPayload | undefined;
    if (
      typeof payload?.id !== 'string' ||
      typeof payload.status !== 'string' ||
      !ENDED_WITHOUT_SUCCESS.has(payload.status)
    )
      return;
    try {
      await this.removeRepositoriesOf(payload.id);
    } catch (error) {
      // never fails the event delivery: the repository stays, and says so
      this.logger.warn(
        `Could not remove the repositories of ${payload.status} task ${payload.id}: ${error}`,
      );
    }
  }

  /** Removes the repositories `taskId` created; returns them as org/name. */
  async removeRepositoriesOf(taskId: string): Promise<string[]> {
    const removed: string[] = [];
    for (const repo of await this.store.list()) {
      const createdBy = await this.store.createdBy(repo).catch(() => undefined); // removed meanwhile
      if (createdBy !== taskId) continue;
      await this.store.remove(repo);
      removed.push(`${repo.org}/${repo.name}`);
      this.logger.info(
        `Removed repository ${repo.org}/${repo.name}: task ${taskId}, which created it, did not complete`,
      );
    }
    return removed;
  }
}
