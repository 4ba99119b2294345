import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';

/**
 * Overrides the register page (`page:catalog-import`) so local mode can
 * register entity files on the server; path, route and permission check stay
 * upstream's.
 */
export const catalogImportModuleLocalFiles = createFrontendModule({
  pluginId: 'catalog-import',
  extensions: [
    catalogImportPlugin.getExtension('page:catalog-import').override({
      params: {
        loader: async () => {
          const [
            { RegisterPage },
            { RequirePermission },
            { catalogEntityCreatePermission },
          ] = await Promise.all([
            import('./components/RegisterPage'),
            import('@backstage/plugin-permission-react'),
            import('@backstage/plugin-catalog-common/alpha'),
          ]);
          return (
            <RequirePermission permission={catalogEntityCreatePermission}>
              <RegisterPage />
            </RequirePermission>
          );
        },
      },
    }),
  ],
});
