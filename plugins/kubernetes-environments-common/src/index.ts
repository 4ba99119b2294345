/**
 * Kubernetes per environment: what a component runs in each environment
 * (dev, stage, prod), side by side, and who may read its logs.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
