import { ownerRef } from '../domain/ownerRef';
import type { InsightEvent } from '../domain/types';

/** A scaffolder task as `GET /v2/tasks` serialises it (the fields read here). */
export interface ScaffolderTaskJson {
  id: string;
  status: string;
  createdAt: string;
  lastHeartbeatAt?: string | null;
  spec?: {
    parameters?: Record<string, unknown>;
    templateInfo?: {
      entityRef?: string;
      entity?: { metadata?: { annotations?: Record<string, string> } };
    };
  };
}

/** The task's completion event (`GET /v2/tasks/:id/events`, type completion). */
export interface TaskCompletionJson {
  createdAt: string;
  body?: { output?: Record<string, unknown> };
}

export const FINISHED_STATUSES = new Set(['completed', 'failed', 'cancelled']);

/** The repository URL a task's output names: `remoteUrl`, or the link titled Repository. */
function repositoryUrl(output: Record<string, unknown> | undefined) {
  if (!output) return undefined;
  if (typeof output.remoteUrl === 'string') return output.remoteUrl;
  const links = Array.isArray(output.links) ? output.links : [];
  const link = links.find(
    (l: { title?: unknown; url?: unknown }) =>
      typeof l?.url === 'string' &&
      typeof l?.title === 'string' &&
      /repository/i.test(l.title),
  );
  return link?.url as string | undefined;
}

/**
 * A finished scaffolder task as insight events: the task itself (template,
 * version, team, outcome, duration) and, when it completed with a repository
 * in its output, the repository it created.
 */
export function taskEvents(
  task: ScaffolderTaskJson,
  completion: TaskCompletionJson | undefined,
): InsightEvent[] {
  const parameters = task.spec?.parameters ?? {};
  const startedAt = Date.parse(task.createdAt);
  const endedAt = Date.parse(
    completion?.createdAt ?? task.lastHeartbeatAt ?? task.createdAt,
  );
  const name =
    typeof parameters.name === 'string' && parameters.name
      ? parameters.name.toLowerCase()
      : `task-${task.id}`;
  const team = ownerRef(parameters.owner);
  const template =
    task.spec?.templateInfo?.entityRef?.toLocaleLowerCase('en-US');
  const templateVersion =
    task.spec?.templateInfo?.entity?.metadata?.annotations?.[
      'launchpad.io/template-version'
    ];
  const common = {
    service: name,
    ...(team ? { team } : {}),
    ...(template ? { template } : {}),
    ...(templateVersion ? { templateVersion } : {}),
  };
  const key = `task:${task.id}`;
  const events: InsightEvent[] = [
    {
      ...common,
      key,
      type: 'task',
      outcome: task.status,
      occurredAt: startedAt,
      durationMs: Math.max(0, endedAt - startedAt),
      detail: { taskId: task.id },
    },
  ];
  const url = repositoryUrl(completion?.body?.output);
  if (task.status === 'completed' && url) {
    events.push({
      ...common,
      key: `repository:${task.id}`,
      type: 'repository',
      outcome: 'created',
      occurredAt: endedAt,
      detail: { taskKey: key, url },
    });
  }
  return events;
}
