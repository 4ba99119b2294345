import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { catalogGraphRouteRef } from '@backstage/plugin-catalog-graph';
import ShareIcon from '@material-ui/icons/Share';

/**
 * The Catalog Graph page (replacing catalog-graph's own, disabled in
 * app-config.yaml): the same graph, but opened without an entity it asks
 * where to start instead of drawing an empty canvas.
 */
export const catalogGraphPage = PageBlueprint.make({
  name: 'catalog-graph',
  params: {
    path: '/catalog-graph',
    routeRef: catalogGraphRouteRef,
    title: 'Catalog Graph',
    icon: <ShareIcon fontSize="inherit" />,
    loader: () =>
      import('./CatalogGraphWithPicker').then(m => (
        <m.CatalogGraphWithPicker />
      )),
  },
});
