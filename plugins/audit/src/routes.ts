import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The audit trail page (/audit). */
export const rootRouteRef = createRouteRef();
