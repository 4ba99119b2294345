import type {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import type { NextFunction, Request, Response } from 'express';

/** Options for {@link createReadAccessMiddleware}. */
export interface ReadAccessOptions {
  /** `launchpad.localMode`: the demo on one machine, readable without a token. */
  localMode: boolean;
  auth: AuthService;
  httpAuth: HttpAuthService;
}

/** What git shows when it asks for credentials. */
export const REALM =
  'Basic realm="Launchpad git host (password: a Backstage token)", charset="UTF-8"';

/**
 * Who may read the git host. In local mode, anyone. Otherwise a signed-in
 * user or a service: a Backstage token as `Authorization: Bearer <token>`
 * (CI: `git -c http.extraHeader="Authorization: Bearer $TOKEN" clone ...`,
 * or the browser's Backstage cookie), or as the password of Basic auth
 * (`git clone https://ci:$TOKEN@portal/api/git/<team>/<repo>.git`, or a git
 * credential helper), since that is what git sends after a 401. Static
 * external-access tokens work when their access restrictions include the
 * `git` plugin; a token restricted to other plugins gets a 403.
 */
export function createReadAccessMiddleware(options: ReadAccessOptions) {
  const { localMode, auth, httpAuth } = options;
  return async function requireReadAccess(
    req: Request,
    res: Response,
    next: NextFunction,
  ) {
    if (localMode) {
      next();
      return;
    }
    try {
      await credentialsOf(req, auth, httpAuth);
      next();
    } catch (error) {
      if ((error as Error).name === 'AuthenticationError') {
        // git asks its credential helper (or the user) and retries with Basic auth
        res.setHeader('WWW-Authenticate', REALM);
      }
      next(error);
    }
  };
}

async function credentialsOf(
  req: Request,
  auth: AuthService,
  httpAuth: HttpAuthService,
): Promise<BackstageCredentials> {
  const header = req.header('Authorization') ?? '';
  const basic = /^Basic[ ]+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf-8');
    const colon = decoded.indexOf(':');
    const token = colon >= 0 ? decoded.slice(colon + 1) : '';
    if (!token)
      throw new AuthenticationError(
        'Basic auth needs a Backstage token as the password',
      );
    const credentials = await auth.authenticate(token);
    if (
      auth.isPrincipal(credentials, 'user') ||
      auth.isPrincipal(credentials, 'service')
    )
      return credentials;
    throw new AuthenticationError('Missing credentials');
  }
  if (header && !/^Bearer[ ]+\S+$/i.test(header)) {
    throw new AuthenticationError(
      'Authorization must be "Bearer <token>" or Basic auth with a Backstage token as the password',
    );
  }
  // Bearer header, or the Backstage cookie of a browser
  return httpAuth.credentials(req, {
    allow: ['user', 'service'],
    allowLimitedAccess: true,
  });
}
