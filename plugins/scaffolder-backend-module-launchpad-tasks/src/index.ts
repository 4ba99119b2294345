/**
 * Golden-path tasks that fail, are cancelled, or lose their backend instance.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLaunchpadTasks as default } from './module';
export { FailedTaskCleanup } from './FailedTaskCleanup';
export { TaskLiveness, taskLockKey } from './TaskLiveness';
