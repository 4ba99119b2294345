export { default } from './plugin';
export type { InsightsApi } from './api/InsightsClient';
export type { InsightsReport, ReportQuery } from './api/types';
