import '@testing-library/jest-dom';
import {
  configApiRef,
  discoveryApiRef,
  type IdentityApi,
} from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { readChoice, storeChoice } from './choiceStore';
import { LaunchpadSignInPage } from './LaunchpadSignInPage';

const AUTH = 'http://localhost:7007/api/auth';

const personas = [
  {
    id: 'developer',
    userEntityRef: 'user:default/priya.nair',
    title: 'Developer',
    description: 'Priya Nair, Checkout team',
    isDefault: true,
  },
  {
    id: 'platform-engineer',
    userEntityRef: 'user:default/raj.patel',
    title: 'Platform engineer',
    description: 'Raj Patel, Platform team',
    isDefault: false,
  },
  {
    id: 'manager',
    userEntityRef: 'user:default/david.reyes',
    title: 'Manager',
    description: 'David Reyes, VP Engineering',
    isDefault: false,
  },
];

const sessionOf = (user: string) => ({
  profile: { displayName: user },
  backstageIdentity: {
    token: `token-of-${user}`,
    expiresInSeconds: 3600,
    identity: {
      type: 'user',
      userEntityRef: `user:default/${user}`,
      ownershipEntityRefs: [],
    },
  },
});

const json = (status: number, body: unknown) => ({
  ok: status < 400,
  status,
  statusText: String(status),
  json: async () => body,
});

/** The auth backend's answers, by URL. */
function backend(routes: Record<string, () => ReturnType<typeof json>>) {
  const fetchMock = jest.fn(async (url: string) => {
    const route = routes[url.replace(AUTH, '')];
    if (!route) throw new Error(`unexpected request ${url}`);
    return route();
  });
  (global as any).fetch = fetchMock;
  return fetchMock;
}

async function renderPage(onSignInSuccess: (identity: IdentityApi) => void) {
  return renderInTestApp(
    <LaunchpadSignInPage onSignInSuccess={onSignInSuccess} />,
    {
      apis: [
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
        ],
        [
          configApiRef,
          mockApis.config({ data: { auth: { environment: 'development' } } }),
        ],
      ],
    },
  );
}

describe('LaunchpadSignInPage', () => {
  beforeEach(() => window.localStorage.clear());

  it('local mode, first visit: signs the default persona in without a click', async () => {
    const fetchMock = backend({
      '/launchpad/sign-in-options': () =>
        json(200, { localMode: true, personas, providers: [] }),
      '/guest/refresh?persona=developer': () =>
        json(200, sessionOf('priya.nair')),
    });
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/priya.nair',
    );
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('after a sign out: offers the personas (default highlighted) and the providers; a click signs that persona in and is remembered', async () => {
    storeChoice({ kind: 'signed-out' });
    backend({
      '/launchpad/sign-in-options': () =>
        json(200, {
          localMode: true,
          personas,
          providers: [{ id: 'oidc', title: 'Keycloak' }],
        }),
      '/guest/refresh?persona=platform-engineer': () =>
        json(200, sessionOf('raj.patel')),
    });
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    await screen.findByText('Try the portal as a demo persona');
    expect(screen.getByText('Default')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in with Keycloak' }),
    ).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();

    fireEvent.click(
      screen.getByRole('button', { name: 'Sign in as platform engineer' }),
    );
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(
      (await onSignInSuccess.mock.calls[0][0].getBackstageIdentity())
        .userEntityRef,
    ).toBe('user:default/raj.patel');
    expect(readChoice()).toEqual({ kind: 'persona', id: 'platform-engineer' });
  });

  it('production: only the company sign-in, nothing signed in by itself', async () => {
    const fetchMock = backend({
      '/launchpad/sign-in-options': () =>
        json(200, {
          localMode: false,
          personas: [],
          providers: [
            { id: 'oidc', title: 'Okta' },
            { id: 'github', title: 'GitHub' },
          ],
        }),
    });
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    await screen.findByRole('button', { name: 'Sign in with Okta' });
    expect(
      screen.getByRole('button', { name: 'Sign in with GitHub' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Try the portal as a demo persona'),
    ).not.toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });

  it('a refused sign-in says why, on the page', async () => {
    storeChoice({ kind: 'persona', id: 'manager' });
    backend({
      '/launchpad/sign-in-options': () =>
        json(200, { localMode: true, personas, providers: [] }),
      '/guest/refresh?persona=manager': () =>
        json(403, {
          error: {
            name: 'NotAllowedError',
            message: 'Demo personas exist only in local mode',
          },
        }),
    });
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);
    const problem = await screen.findByTestId('sign-in-problem');
    expect(problem).toHaveTextContent('Sign-in did not work');
    expect(problem).toHaveTextContent('Demo personas exist only in local mode');
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });
});
