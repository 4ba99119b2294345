import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The scorecards page (/scorecards). */
export const rootRouteRef = createRouteRef();
