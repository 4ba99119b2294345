import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

/**
 * `/catalog-unprocessed-entities` (disabled by default in Backstage): the
 * page the README promises, behind the read permission.
 */
export const unprocessedEntitiesModule = createFrontendModule({
  pluginId: 'catalog-unprocessed-entities',
  extensions: [
    PageBlueprint.make({
      params: {
        path: '/catalog-unprocessed-entities',
        title: 'Unprocessed entities',
        loader: () =>
          import('./UnprocessedEntitiesPage').then(m => (
            <m.UnprocessedEntitiesPage />
          )),
      },
    }),
  ],
});
