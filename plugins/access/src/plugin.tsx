import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { AccessClient, accessApiRef } from './api/AccessClient';

const accessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: accessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AccessClient(deps),
    }),
});

/** On components, APIs, resources, systems and templates: what you may do, and why not. */
const accessCard = EntityCardBlueprint.make({
  name: 'access',
  params: {
    type: 'info',
    filter: 'kind:component,api,resource,system,template',
    loader: () => import('./components/AccessCard').then(m => <m.AccessCard />),
  },
});

/** "Your access" on entity pages, from the portal's permission policy. */
export default createFrontendPlugin({
  pluginId: 'access',
  title: 'Access',
  extensions: [accessApi, accessCard],
});
