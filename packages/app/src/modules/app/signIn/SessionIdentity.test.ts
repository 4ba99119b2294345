import { readChoice } from './choiceStore';
import { SessionIdentity } from './SessionIdentity';
import type { Session } from './signInClient';

const session = (user: string, expiresInSeconds: number): Session => ({
  profile: { displayName: user },
  backstageIdentity: {
    token: `token-of-${user}`,
    expiresInSeconds,
    identity: {
      type: 'user',
      userEntityRef: `user:default/${user}`,
      ownershipEntityRefs: [],
    },
  },
});

describe('SessionIdentity', () => {
  const fetchMock = jest.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    (global as any).fetch = fetchMock;
    window.localStorage.clear();
  });

  it('uses the session while its token is fresh', async () => {
    const identity = new SessionIdentity(session('priya.nair', 3600), {
      refreshUrl: '/refresh',
    });
    expect(await identity.getCredentials()).toEqual({
      token: 'token-of-priya.nair',
    });
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/priya.nair',
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('renews a token about to expire through the refresh URL, once for concurrent callers', async () => {
    fetchMock.mockResolvedValue({
      ok: true,
      json: async () => session('raj.patel', 3600),
    });
    const identity = new SessionIdentity(session('raj.patel', 60), {
      refreshUrl: '/api/auth/guest/refresh?persona=platform-engineer',
    });
    const [a, b] = await Promise.all([
      identity.getCredentials(),
      identity.getProfileInfo(),
    ]);
    expect(a.token).toBe('token-of-raj.patel');
    expect(b.displayName).toBe('raj.patel');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0][0]).toBe(
      '/api/auth/guest/refresh?persona=platform-engineer',
    );
    expect(fetchMock.mock.calls[0][1].headers).toEqual({
      'X-Requested-With': 'XMLHttpRequest',
    });
  });

  it('reports a refused renewal with the backend message', async () => {
    fetchMock.mockResolvedValue({
      ok: false,
      status: 401,
      statusText: 'Unauthorized',
      json: async () => ({
        error: { name: 'AuthenticationError', message: 'Refresh failed' },
      }),
    });
    const identity = new SessionIdentity(session('david.reyes', 1), {
      refreshUrl: '/refresh',
    });
    await expect(identity.getCredentials()).rejects.toThrow('Refresh failed');
  });

  it('signing out remembers it (the sign-in page then offers its choices) and ends the provider session', async () => {
    fetchMock.mockResolvedValue({ ok: true });
    const identity = new SessionIdentity(session('david.reyes', 3600), {
      refreshUrl: '/api/auth/oidc/refresh',
      logoutUrl: '/api/auth/oidc/logout',
    });
    await identity.signOut();
    expect(readChoice()).toEqual({ kind: 'signed-out' });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/auth/oidc/logout',
      expect.objectContaining({ method: 'POST' }),
    );
  });

  it('a damaged stored choice counts as none', () => {
    for (const value of ['{', '"persona"', '{"kind":"admin"}', 'null', '[]']) {
      window.localStorage.setItem('launchpad.signIn.choice', value);
      expect(readChoice()).toBeUndefined();
    }
  });
});
