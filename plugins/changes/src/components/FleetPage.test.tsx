import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderFleet as render } from './__testUtils__/fleetTestApp';

// A hang guard, not a timing goal: jsdom with MUI tables on a loaded 2-core machine.
jest.setTimeout(180_000);

describe('FleetView for admins and template authors', () => {
  it('proposes upgrades for a template and for one service, for admins and template authors', async () => {
    const { upgrades, authorize } = await render(true);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Node.js service' }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Propose upgrades for all' }),
    );
    await waitFor(() =>
      expect(upgrades.proposeUpgrades).toHaveBeenCalledWith({
        template: 'template:default/node-service',
      }),
    );
    expect(await screen.findByTestId('propose-message')).toHaveTextContent(
      'Upgrades proposed for template:default/node-service.',
    );
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'scaffolder.template.management',
        }),
      }),
    );
    // one per service behind without an open proposal: gateway (merged) and legacy (closed)
    const buttons = screen.getAllByRole('button', { name: 'Propose upgrade' });
    expect(buttons).toHaveLength(2);
    fireEvent.click(buttons[0]);
    await waitFor(() =>
      expect(upgrades.proposeUpgrades).toHaveBeenCalledWith({
        entityRef: 'component:default/gateway',
      }),
    );
  });

  it('says why the server refused to propose', async () => {
    const refusal = await ResponseError.fromResponse({
      ok: false,
      status: 403,
      statusText: 'Forbidden',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'only template authors' },
          response: { statusCode: 403 },
        }),
    } as unknown as Response);
    await render(true, {
      proposeUpgrades: jest.fn(async () => {
        throw refusal;
      }),
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Node.js service' }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Propose upgrades for all' }),
    );
    expect(await screen.findByTestId('propose-message')).toHaveTextContent(
      'You may not propose upgrades: only template authors',
    );
  });
});
