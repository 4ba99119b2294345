/**
 * Platform insights backend plugin.
 *
 * @packageDocumentation
 */
export { insightsPlugin as default } from './plugin';
export { signGithubBody } from './webhooks/verifyGithubSignature';
