import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';
import { AuditClient, auditApiRef } from './api/AuditClient';
import { rootRouteRef } from './routes';

const auditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: auditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AuditClient(deps),
    }),
});

/** /audit for platform admins (with a nav item); others see why they cannot read it. */
const auditPage = PageBlueprint.make({
  params: {
    path: '/audit',
    routeRef: rootRouteRef,
    title: 'Audit',
    icon: <HistoryIcon />,
    loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
  },
});

/** The audit trail: who did what to which target, and how it ended. */
export default createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit',
  icon: <HistoryIcon />,
  routes: { root: rootRouteRef },
  extensions: [auditApi, auditPage],
});
