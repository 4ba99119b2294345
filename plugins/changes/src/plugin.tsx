import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import UpdateIcon from '@material-ui/icons/Update';
import { ChangesClient, changesApiRef } from './api/ChangesClient';
import {
  TemplateUpgradesClient,
  templateUpgradesApiRef,
} from './api/TemplateUpgradesClient';
import { gitHostRepoOf } from './domain/gitHostRepo';
import { changeRouteRef, fleetRouteRef } from './routes';

const changesApi = ApiBlueprint.make({
  name: 'changes',
  params: defineParams =>
    defineParams({
      api: changesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ChangesClient(deps),
    }),
});

const templateUpgradesApi = ApiBlueprint.make({
  name: 'template-upgrades',
  params: defineParams =>
    defineParams({
      api: templateUpgradesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TemplateUpgradesClient(deps),
    }),
});

/** /changes/:id: one change proposal (no nav item: reached from the Changes tab and the fleet). */
const changePage = PageBlueprint.make({
  name: 'change',
  params: {
    path: '/changes/:id',
    routeRef: changeRouteRef,
    loader: () => import('./components/ChangePage').then(m => <m.ChangePage />),
  },
});

/** /template-upgrades: the fleet per template (with a nav item). */
const fleetPage = PageBlueprint.make({
  name: 'template-upgrades',
  params: {
    path: '/template-upgrades',
    routeRef: fleetRouteRef,
    title: 'Template upgrades',
    icon: <UpdateIcon />,
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

/** Changes: on components and resources registered from a repository of the portal's git host. */
const changesTab = EntityContentBlueprint.make({
  name: 'changes',
  params: {
    path: 'changes',
    title: 'Changes',
    filter: entity =>
      ['component', 'resource'].includes(
        entity.kind.toLocaleLowerCase('en-US'),
      ) && gitHostRepoOf(entity) !== undefined,
    loader: () => import('./components/ChangesTab').then(m => <m.ChangesTab />),
  },
});

/** Change proposals of the portal's git host and the template upgrade fleet. */
export default createFrontendPlugin({
  pluginId: 'changes',
  title: 'Changes',
  icon: <UpdateIcon />,
  routes: { change: changeRouteRef, fleet: fleetRouteRef },
  extensions: [
    changesApi,
    templateUpgradesApi,
    changePage,
    fleetPage,
    changesTab,
  ],
});
