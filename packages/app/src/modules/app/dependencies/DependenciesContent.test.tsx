import '@testing-library/jest-dom';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { DependenciesContent } from './DependenciesContent';
import { catalog, checkoutDb, checkoutService, lonely } from './fixtures';

async function renderFor(entity: typeof checkoutService) {
  const catalogApi = catalogApiMock({ entities: catalog });
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <DependenciesContent />
    </EntityProvider>,
    {
      apis: [[catalogApiRef, catalogApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

jest.setTimeout(30_000);

describe('DependenciesContent', () => {
  it('links what checkout-service depends on and what uses it', async () => {
    await renderFor(checkoutService);
    const dependsOn = await screen.findByTestId('depends-on');
    expect(screen.getByText('Depends on (4)')).toBeInTheDocument();
    expect(
      within(dependsOn).getByRole('link', { name: /checkout-db/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/checkout-db');
    expect(dependsOn).toHaveTextContent('resource · database — its database');
    expect(dependsOn).toHaveTextContent(
      'provides orders-api, which it consumes',
    );
    const usedBy = screen.getByTestId('used-by');
    expect(screen.getByText('Used by (2)')).toBeInTheDocument();
    expect(
      within(usedBy).getByRole('link', { name: /storefront-web/ }),
    ).toHaveAttribute('href', '/catalog/default/component/storefront-web');
    expect(usedBy).toHaveTextContent('consumes its API checkout-api');
    expect(
      within(usedBy).getByRole('link', { name: /mobile-bff/ }),
    ).toBeInTheDocument();
  });

  it('shows a database that a service uses', async () => {
    await renderFor(checkoutDb);
    const usedBy = await screen.findByTestId('used-by');
    expect(
      within(usedBy).getByRole('link', { name: /checkout-service/ }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(screen.getByTestId('depends-on')).toHaveTextContent(
      'It depends on nothing in the catalog.',
    );
  });

  it('says so when nothing is related either way', async () => {
    await renderFor(lonely);
    expect(await screen.findByTestId('used-by')).toHaveTextContent(
      'Nothing in the catalog depends on it.',
    );
    expect(screen.getByTestId('depends-on')).toHaveTextContent(
      'It depends on nothing in the catalog.',
    );
  });
});
