import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { EventStore } from '../database/types';
import {
  FINISHED_STATUSES,
  type ScaffolderTaskJson,
  type TaskCompletionJson,
  taskEvents,
} from './taskEvents';

/**
 * Reads golden path runs from the scaffolder's own task API (`GET
 * /v2/tasks`, then a finished task's events for its completion time and
 * output) with the plugin's service credentials, newest first, until a page
 * holds only tasks already recorded. Each task is recorded once, when it has
 * finished.
 */
export class ScaffolderTaskCollector {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      store: EventStore;
      logger: LoggerService;
      pageSize?: number;
      maxPages?: number;
    },
  ) {}

  private async get<T>(path: string): Promise<T> {
    const { auth, discovery } = this.options;
    const base = await discovery.getBaseUrl('scaffolder');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const response = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      throw new Error(
        `scaffolder ${path.split('?')[0]} answered ${response.status}`,
      );
    }
    return (await response.json()) as T;
  }

  async poll(): Promise<number> {
    const { store } = this.options;
    const pageSize = this.options.pageSize ?? 100;
    const maxPages = this.options.maxPages ?? 20;
    let added = 0;
    for (let page = 0; page < maxPages; page++) {
      const { tasks } = await this.get<{ tasks: ScaffolderTaskJson[] }>(
        `/v2/tasks?order=desc:created_at&limit=${pageSize}&offset=${
          page * pageSize
        }`,
      );
      const finished = tasks.filter(t => FINISHED_STATUSES.has(t.status));
      const known = await store.existingKeys(finished.map(t => `task:${t.id}`));
      const fresh = finished.filter(t => !known.has(`task:${t.id}`));
      for (const task of fresh) {
        const events = await this.get<
          Array<TaskCompletionJson & { type?: string }>
        >(`/v2/tasks/${encodeURIComponent(task.id)}/events`);
        const completion = events.find(e => e.type === 'completion');
        added += await store.add(taskEvents(task, completion));
      }
      // Older pages were recorded by earlier polls once a whole page is known.
      if (
        tasks.length < pageSize ||
        (finished.length > 0 && fresh.length === 0)
      )
        break;
    }
    return added;
  }
}
