import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEvent,
  AuditEventFilter,
} from '@internal/plugin-audit-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AuditApi, auditApiRef } from '../api/AuditClient';
import { AuditPage } from './AuditPage';

const event = (
  id: number,
  overrides: Partial<AuditEvent> = {},
): AuditEvent => ({
  id,
  time: `2026-12-01T12:${String(id).padStart(2, '0')}:00.000Z`,
  plugin: 'catalog',
  eventId: 'entity-mutate',
  action: 'catalog.entity-mutate',
  actionType: 'delete',
  actor: 'user:default/priya.nair',
  actorDetails: { ip: '10.0.0.7', userAgent: 'Firefox' },
  target: `component:default/service-${id}`,
  requestId: `req-${id}`,
  requestMethod: 'DELETE',
  requestUrl: `/api/catalog/entities/by-uid/${id}`,
  outcome: 'succeeded',
  severity: 'medium',
  meta: { actionType: 'delete', uid: `uid-${id}` },
  error: null,
  hash: `${id}`.repeat(64).slice(0, 64),
  ...overrides,
});

function fakeApi(
  pages: Record<string, { items: AuditEvent[]; nextCursor?: string }>,
) {
  const calls: AuditEventFilter[] = [];
  const api: AuditApi = {
    listEvents: jest.fn(async (filter: AuditEventFilter) => {
      calls.push(filter);
      return pages[filter.cursor ?? 'first'] ?? { items: [] };
    }),
    getEvent: jest.fn(),
    verify: jest.fn(),
  };
  return { api, calls };
}

async function forbiddenError() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            'Only platform admins can read the audit trail (permission audit.events.read).',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
}

jest.setTimeout(30_000);

describe('AuditPage', () => {
  it('shows the rows, pages to older ones, and opens a row with every field, the meta and the hash', async () => {
    const denied = event(2, {
      actor: 'user:default/mallory',
      outcome: 'failed',
      error:
        'NotAllowedError: only the owners of component:default/service-2 may delete it',
    });
    const { api, calls } = fakeApi({
      first: { items: [event(3), denied], nextCursor: 'c1' },
      c1: { items: [event(1)] },
    });
    await renderInTestApp(<AuditPage />, { apis: [[auditApiRef, api]] });

    const table = await screen.findByRole('table', { name: 'Audit events' });
    expect(
      within(table).getByText('component:default/service-3'),
    ).toBeInTheDocument();
    expect(within(table).getByText('user:default/mallory')).toBeInTheDocument();
    expect(
      within(table).getAllByText('catalog.entity-mutate.delete'),
    ).toHaveLength(2);
    expect(within(table).getByText('failed')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Load older events' }));
    expect(
      await within(table).findByText('component:default/service-1'),
    ).toBeInTheDocument();
    expect(calls[1]).toMatchObject({ cursor: 'c1' });
    expect(
      screen.queryByRole('button', { name: 'Load older events' }),
    ).not.toBeInTheDocument();

    fireEvent.click(within(table).getByText('user:default/mallory'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Audit event 2')).toBeInTheDocument();
    expect(within(dialog).getByText(denied.hash)).toBeInTheDocument();
    expect(within(dialog).getByText(denied.error!)).toBeInTheDocument();
    expect(within(dialog).getByText('req-2')).toBeInTheDocument();
    expect(
      within(dialog).getByText('DELETE /api/catalog/entities/by-uid/2'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Meta JSON').textContent).toContain(
      '"uid": "uid-2"',
    );
    expect(
      within(dialog).getByLabelText('Caller details').textContent,
    ).toContain('10.0.0.7');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('verifies the chain on demand and names a broken row', async () => {
    const { api } = fakeApi({ first: { items: [event(1)] } });
    (api.verify as jest.Mock)
      .mockResolvedValueOnce({
        ok: true,
        checkedRows: 1532,
        firstId: 1,
        lastId: 1532,
        headHash: 'f'.repeat(64),
        anchor: null,
      })
      .mockResolvedValueOnce({
        ok: false,
        checkedRows: 16,
        firstId: 1,
        lastId: 16,
        headHash: 'a'.repeat(64),
        anchor: null,
        broken: {
          id: 17,
          reason: 'changed',
          message: 'row 17 does not match its hash',
        },
      });
    await renderInTestApp(<AuditPage />, { apis: [[auditApiRef, api]] });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Verify chain' }),
    );
    expect(
      await screen.findByText(/Chain intact: 1532 rows checked/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(
      await screen.findByText(
        'Chain broken at row 17: row 17 does not match its hash',
      ),
    ).toBeInTheDocument();
  });

  it('sends the filters to the API', async () => {
    const { api, calls } = fakeApi({ first: { items: [event(1)] } });
    await renderInTestApp(<AuditPage />, { apis: [[auditApiRef, api]] });
    await screen.findByRole('table', { name: 'Audit events' });

    fireEvent.change(screen.getByLabelText('Actor'), {
      target: { value: ' user:default/mallory ' },
    });
    fireEvent.change(screen.getByLabelText('Action'), {
      target: { value: 'catalog.location-mutate' },
    });
    fireEvent.change(screen.getByLabelText('Target'), {
      target: { value: 'location:42' },
    });
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-11-30T08:00' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toMatchObject({
      actor: 'user:default/mallory',
      action: 'catalog.location-mutate',
      target: 'location:42',
      from: new Date('2026-11-30T08:00').toISOString(),
    });
    expect(calls[1].to).toBeUndefined();
    expect(calls[1].outcome).toBeUndefined();
  });

  it('tells a non-admin that only platform admins can read the audit trail', async () => {
    const error = await forbiddenError();
    const api: AuditApi = {
      listEvents: jest.fn(async () => {
        throw error;
      }),
      getEvent: jest.fn(),
      verify: jest.fn(),
    };
    await renderInTestApp(<AuditPage />, { apis: [[auditApiRef, api]] });
    expect(
      await screen.findByText(
        /: Only platform admins can read the audit trail$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/\(permission audit\.events\.read\)/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Audit events' }),
    ).not.toBeInTheDocument();
  });

  it('says so when nothing matches', async () => {
    const { api } = fakeApi({ first: { items: [] } });
    await renderInTestApp(<AuditPage />, { apis: [[auditApiRef, api]] });
    expect(
      await screen.findByText('No audit events match these filters'),
    ).toBeInTheDocument();
  });
});
