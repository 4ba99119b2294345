import { createRouteRef } from '@backstage/frontend-plugin-api';

/** One change proposal: /changes/:id */
export const changeRouteRef = createRouteRef({ params: ['id'] });

/** The template upgrade fleet: /template-upgrades */
export const fleetRouteRef = createRouteRef();
