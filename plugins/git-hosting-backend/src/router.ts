import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { ChangeProposalService } from './changes/ChangeProposalService';
import { createChangesRouter } from './changes/changesRouter';
import { renderRepoPage } from './repoPage';
import { createReadAccessMiddleware } from './readAccess';
import { advertiseRefs, RequestBodyLimits, serveUploadPack } from './smartHttp';
import { repoUrls } from '@internal/plugin-git-hosting-node';
import type { GitRepositoryStore } from '@internal/plugin-git-hosting-node';

/** Options for {@link createRouter}. */
export interface RouterOptions {
  store: GitRepositoryStore;
  baseUrl: string;
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  /** `launchpad.localMode`: reads need no token. */
  localMode: boolean;
  limits: RequestBodyLimits;
  /** Change proposals (their routes are mounted when given). */
  changes?: { service: ChangeProposalService; auditor: AuditorService };
}

const stripGit = (repo: string) => repo.replace(/\.git$/, '');

/**
 * Read-only HTTP access to the portal's repositories:
 * - git clone <base>/<org>/<name>.git (smart HTTP, upload-pack only)
 * - GET <base>/repos, <base>/repos/<org>/<name>: JSON summaries
 * - GET <base>/<org>/<name>/raw/<ref>/<path>: a file
 * - GET <base>/<org>/<name>: the repository's files at the default branch
 * Outside local mode every route needs a signed-in user or a token (see readAccess.ts).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, baseUrl, limits } = options;
  const router = Router();
  router.use(createReadAccessMiddleware(options));
  if (options.changes) {
    router.use(
      createChangesRouter({ ...options.changes, httpAuth: options.httpAuth }),
    );
  }

  router.get('/repos', async (_req, res) => {
    const repos = await store.list();
    res.json({
      items: repos.map(r => ({ ...r, ...withoutFns(repoUrls(baseUrl, r)) })),
    });
  });

  router.get('/repos/:org/:name', async (req, res) => {
    const ref = { org: req.params.org, name: req.params.name };
    res.json({
      ...(await store.get(ref)),
      ...withoutFns(repoUrls(baseUrl, ref)),
    });
  });

  router.get('/:org/:repo/info/refs', async (req, res) => {
    const service = req.query.service;
    if (service === 'git-receive-pack') {
      throw new NotAllowedError(
        'This git host is read-only: repositories are created and published by the portal\u2019s golden paths',
      );
    }
    if (service !== 'git-upload-pack') {
      throw new InputError(
        'Only the smart HTTP protocol is supported (service=git-upload-pack)',
      );
    }
    const ref = { org: req.params.org, name: stripGit(req.params.repo) };
    await advertiseRefs(req, res, store, ref); // NotFoundError (404) for an unknown repository
  });

  router.post('/:org/:repo/git-upload-pack', async (req, res) => {
    const ref = { org: req.params.org, name: stripGit(req.params.repo) };
    await store.get(ref); // 404 before reading a body for a repository that is not there
    await serveUploadPack(req, res, store, ref, limits);
  });

  router.post('/:org/:repo/git-receive-pack', async () => {
    throw new NotAllowedError('This git host is read-only');
  });

  router.get(
    /^\/([^/]+)\/([^/]+)\/(raw|blob)\/([^/]+)\/(.+)$/,
    async (req, res) => {
      const [org, name, , rev, filePath] = Object.values(
        req.params,
      ) as string[];
      const { content, commit } = await store.readFile(
        { org, name },
        rev,
        filePath,
      );
      res.setHeader('ETag', `"${commit}"`);
      res.type('text/plain; charset=utf-8').send(content);
    },
  );

  router.get('/:org/:name', async (req, res) => {
    const ref = { org: req.params.org, name: stripGit(req.params.name) };
    const summary = await store.get(ref);
    const files = summary.head
      ? await store.listFiles(ref, summary.defaultBranch)
      : [];
    const urls = repoUrls(baseUrl, ref, summary.defaultBranch);
    const body = {
      ...summary,
      ...withoutFns(urls),
      files: files.map(f => ({ path: f, url: urls.rawUrl(f) })),
    };
    // A browser gets a page, API clients JSON.
    if (req.accepts(['json', 'html']) === 'html') {
      res
        .type('html')
        .send(renderRepoPage({ ...body, cloneUrl: urls.cloneUrl }));
      return;
    }
    res.json(body);
  });

  return router;
}

function withoutFns<T extends Record<string, unknown>>(o: T) {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => typeof v !== 'function'),
  );
}
