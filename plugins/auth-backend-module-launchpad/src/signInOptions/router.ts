import type { Config } from '@backstage/config';
import Router from 'express-promise-router';
import { readSignInOptions } from './readSignInOptions';

/**
 * `GET /api/auth/launchpad/sign-in-options`: what the sign-in page offers
 * (demo personas in local mode, the configured real providers). Public: the
 * page asks before anyone is signed in.
 */
export function createSignInOptionsRouter(config: Config) {
  const options = readSignInOptions(config);
  const router = Router();
  router.get('/launchpad/sign-in-options', (_req, res) => {
    res.json(options);
  });
  return router;
}
