export { techdocsModuleLaunchpad as default } from './module';
export { LaunchpadMkdocsGenerator } from './generator/LaunchpadMkdocsGenerator';
export { validateMkdocsConfig } from './generator/validateMkdocsConfig';
export { snapshotDocsTree } from './generator/snapshotDocsTree';
export { DocsRejectedError, DEFAULT_LIMITS } from './generator/types';
export type { DocsBuildLimits } from './generator/types';
