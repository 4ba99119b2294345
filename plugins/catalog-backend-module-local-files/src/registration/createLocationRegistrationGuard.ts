import express from 'express';
import type { FileLocationGuard } from '../files/FileLocationGuard';

/**
 * Middleware for the catalog's own router (added through the catalog
 * plugin's httpRouter, so it runs before the catalog's routes): a `file`
 * location sent to POST /locations (dry run or not) or PUT /locations/:id is
 * checked by the guard without being read, and refused with a 400 that says
 * why (off outside local mode, not an absolute path, outside the allowed
 * folders, a symbolic link out of them, not a regular file, too large, does
 * not exist). Other bodies pass through untouched for the catalog to judge.
 */
export function createLocationRegistrationGuard(
  guard: FileLocationGuard,
): express.Router {
  const router = express.Router();
  // Parses JSON bodies once; the catalog's own parser skips a parsed body.
  const json = express.json();
  const check: express.RequestHandler = (req, _res, next) => {
    const body = req.body as
      | { type?: unknown; target?: unknown; presence?: unknown }
      | undefined;
    if (
      !body ||
      typeof body !== 'object' ||
      body.type !== 'file' ||
      typeof body.target !== 'string'
    ) {
      next();
      return;
    }
    const presence = body.presence === 'optional' ? 'optional' : 'required';
    guard.checkRegistration(body.target, presence).then(() => next(), next);
  };
  router.post('/locations', json, check);
  router.put('/locations/:id', json, check);
  return router;
}
