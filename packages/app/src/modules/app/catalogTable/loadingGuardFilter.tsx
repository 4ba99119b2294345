import { CatalogFilterBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { CatalogLoadingGuard } from './CatalogLoadingGuard';

/** "Loading…", not "No records to display", before the catalog's first query (see CatalogLoadingGuard). */
export const catalogLoadingGuard = CatalogFilterBlueprint.make({
  name: 'loading-guard',
  params: {
    // No dynamic import: it must be in place before the other filters load
    loader: async () => <CatalogLoadingGuard />,
  },
});
