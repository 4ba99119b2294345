import { fireEvent, screen, within } from '@testing-library/react';
import { renderFleet as render } from './__testUtils__/fleetTestApp';

// A hang guard, not a timing goal: jsdom with MUI tables on a loaded 2-core machine.
jest.setTimeout(180_000);

describe('FleetView for readers', () => {
  it('lists the templates and opens one template\u2019s fleet', async () => {
    const { upgrades, container } = await render(false);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Node.js service' }),
    );
    const view = await screen.findByTestId('template-fleet');
    expect(upgrades.getFleet).toHaveBeenCalledWith(
      'template:default/node-service',
    );
    expect(view).toHaveTextContent('4 services, 3 behind');
    const row = (name: string) =>
      screen.getByRole('link', { name }).closest('tr')!;
    expect(within(row('orders')).getByText('minor behind')).toBeInTheDocument();
    expect(
      within(row('orders')).getByRole('link', { name: /^open the change/ }),
    ).toHaveAttribute('href', '/changes/44444444-4444-4444-8444-444444444444');
    expect(
      within(row('orders')).getByTestId('fleet-conflicts'),
    ).toHaveTextContent(
      '2 conflicts: charts/orders/values.yaml, <img src=x onerror=alert(1)>',
    );
    expect(
      container.querySelector('[data-testid="template-fleet"] img'),
    ).toBeNull();
    expect(
      within(row('gateway')).getByRole('link', { name: /^open the change/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/gateway/pull/7');
    expect(
      within(row('gateway')).getByText('major behind'),
    ).toBeInTheDocument();
    // a proposal URL that is not http(s) is not a link at all
    expect(
      within(row('legacy')).queryByRole('link', { name: /^open the change/ }),
    ).toBeNull();
    // no recorded version, and so no telling how far behind
    expect(within(row('legacy')).getAllByText('unknown')).toHaveLength(2);
    expect(container.querySelector('a[href^="javascript:"]')).toBeNull();
  });

  it('shows no propose buttons to who may not', async () => {
    await render(false);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Node.js service' }),
    );
    await screen.findByTestId('template-fleet');
    expect(screen.queryByRole('button', { name: /Propose/ })).toBeNull();
  });
});
