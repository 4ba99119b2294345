import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * The Dependencies tab of components, resources and APIs: what it depends
 * on and what depends on it ("used by"), from the catalog's relations.
 */
export const dependenciesContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: 'dependencies',
    title: 'Dependencies',
    filter: 'kind:component,resource,api',
    loader: () =>
      import('./DependenciesContent').then(m => <m.DependenciesContent />),
  },
});
