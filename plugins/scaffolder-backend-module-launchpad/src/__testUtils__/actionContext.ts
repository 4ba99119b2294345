/*
 * An action's context as the scaffolder gives it, from Backstage's
 * createMockActionContext, with what the actions' unit tests set: the input,
 * the workspace, the task, the user, dry run; and the outputs it wrote.
 */
import type { JsonObject } from '@backstage/config';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

export interface MockActionContextOptions {
  input: JsonObject;
  workspacePath?: string;
  /** The task's id; `null`: a context without a task (as some runs have). */
  taskId?: string | null;
  isDryRun?: boolean;
  user?: ActionContext<JsonObject>['user'];
  /** The template's name, as templateInfo.entity gives it. */
  templateName?: string;
}

export function mockActionContext(options: MockActionContextOptions): {
  ctx: ActionContext<any, any>;
  outputs: Record<string, unknown>;
} {
  const outputs: Record<string, unknown> = {};
  const ctx: ActionContext<any, any> = {
    ...createMockActionContext({
      input: options.input,
      workspacePath: options.workspacePath,
      user: options.user,
      task:
        typeof options.taskId === 'string' ? { id: options.taskId } : undefined,
      templateInfo: options.templateName
        ? {
            entityRef: `template:default/${options.templateName}`,
            entity: { metadata: { name: options.templateName } },
          }
        : undefined,
    }),
    output: (name, value) => {
      outputs[String(name)] = value;
    },
    isDryRun: options.isDryRun ?? false,
  };
  if (options.taskId === null) {
    // The type says every context has a task; the actions also run where none is given.
    (ctx as { task?: unknown }).task = undefined;
  }
  return { ctx, outputs };
}
