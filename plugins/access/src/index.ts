/**
 * "Your access" on entity pages: what you may do, and why not.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  accessApiRef,
  type AccessApi,
  type AccessDecision,
} from './api/AccessClient';
