import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction, TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRepoRef,
  gitBaseUrl,
  GitRepositoryStore,
  repoUrls,
} from '@internal/plugin-git-hosting-node';
import type { OwnerGuard } from '../services/ownerGuard';
import type { RepoQuota } from '../services/repoQuota';
import { readPublishTarget } from './render';

/** Backstage's own publishers, used when launchpad.goldenPaths.publish says so. */
export type RemotePublishers = Partial<Record<'github' | 'gitlab', TemplateAction<any, any, any>>>;

/**
 * launchpad:publish creates the repository of a golden path. By default on
 * the portal's git host (local mode, real git); with
 * launchpad.goldenPaths.publish set to github or gitlab, through Backstage's
 * publish:github / publish:gitlab. Either way a name the catalog already has
 * fails before anything is written; locally a taken repository name too, and
 * a push that fails removes the repository again.
 */
export function createPublishAction(options: {
  store: GitRepositoryStore;
  catalog: CatalogService;
  config: RootConfigService;
  integrations: ScmIntegrationRegistry;
  remotePublishers?: RemotePublishers;
  /** The owner must be one of the user's teams (admins: any). */
  ownerGuard?: OwnerGuard;
  /** Repositories per team per hour. */
  quota?: RepoQuota;
}) {
  const { store, catalog, config, integrations } = options;
  const target = readPublishTarget(config);
  const base = gitBaseUrl(config.getString('backend.baseUrl'));
  const author = {
    name: config.getOptionalString('launchpad.goldenPaths.commitAuthor.name') ?? 'Launchpad',
    email: config.getOptionalString('launchpad.goldenPaths.commitAuthor.email') ?? 'launchpad@northwind.example',
  };

  return createTemplateAction({
    id: 'launchpad:publish',
    description: "Creates the golden path's repository (the portal's git host, or GitHub/GitLab by config) and pushes the workspace",
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Repository name (the service name)'),
        owner: z => z.string().describe('Owning group ref; its name is the repository organisation'),
        description: z => z.string().optional().describe('Repository description'),
        sourcePath: z => z.string().optional().describe('Sub-folder of the workspace to publish (default: all of it)'),
      },
      output: {
        remoteUrl: z => z.string().describe('Web URL of the repository'),
        cloneUrl: z => z.string().describe('git clone URL'),
        repoContentsUrl: z => z.string().describe('URL of the repository files at the default branch'),
        catalogInfoUrl: z => z.string().describe('URL of /catalog-info.yaml, for launchpad:register'),
        commitHash: z => z.string().optional().describe('The first commit'),
      },
    },
    async handler(ctx) {
      await options.ownerGuard?.assertMayOwn({
        owner: ctx.input.owner,
        user: ctx.user,
        credentials: await ctx.getInitiatorCredentials(),
      });
      const ownerEntity = parseEntityRef(ctx.input.owner, { defaultKind: 'group', defaultNamespace: 'default' });
      const team = ownerEntity.name;
      const ref = { org: team, name: ctx.input.name };
      assertRepoRef(ref);

      const urls = repoUrls(base, ref);
      if (target.type === 'local' && (await store.exists(ref))) {
        throw new ConflictError(`Repository ${team}/${ref.name} already exists: choose another name`);
      }
      const { items } = await catalog.getEntities(
        { filter: { 'metadata.name': ref.name, 'metadata.namespace': 'default' }, fields: ['kind', 'metadata.name'] },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      if (items.length) {
        throw new ConflictError(
          `The catalog already has ${items.map(e => `${e.kind.toLocaleLowerCase('en-US')}:default/${e.metadata.name}`).join(', ')}: choose another name`,
        );
      }

      // Counted once every other check has passed (not for dry runs); given back if nothing was created.
      const reservation = ctx.isDryRun
        ? undefined
        : await options.quota?.reserve({ ownerRef: stringifyEntityRef(ownerEntity).toLocaleLowerCase('en-US'), repository: `${team}/${ref.name}` });
      const giveBack = async (error: unknown): Promise<never> => {
        await reservation?.release();
        throw error;
      };

      if (target.type !== 'local') {
        const delegate = options.remotePublishers?.[target.type];
        if (!delegate) await giveBack(new InputError(`launchpad.goldenPaths.publish is ${target.type}, but no ${target.type} publisher is installed`));
        const owner = target.organization ?? team;
        const outputs: Record<string, any> = {};
        ctx.logger.info(`Publishing to ${target.type} ${target.host}/${owner}/${ref.name}`);
        await delegate!.handler({
          ...ctx,
          input: {
            repoUrl: `${target.host}?owner=${encodeURIComponent(owner)}&repo=${encodeURIComponent(ref.name)}`,
            description: ctx.input.description,
            defaultBranch: 'main',
            repoVisibility: 'private',
            sourcePath: ctx.input.sourcePath,
            gitAuthorName: author.name,
            gitAuthorEmail: author.email,
          },
          output: (key: string, value: unknown) => {
            outputs[key] = value;
          },
        } as any).catch(giveBack);
        ctx.output('remoteUrl', outputs.remoteUrl);
        ctx.output('cloneUrl', `${String(outputs.remoteUrl).replace(/\/$/, '')}.git`);
        ctx.output('repoContentsUrl', outputs.repoContentsUrl);
        // As catalog:register does: a path from the repository root.
        ctx.output('catalogInfoUrl', integrations.resolveUrl({ base: outputs.repoContentsUrl, url: '/catalog-info.yaml' }));
        if (outputs.commitHash) ctx.output('commitHash', outputs.commitHash);
        return;
      }

      ctx.output('remoteUrl', urls.webUrl);
      ctx.output('cloneUrl', urls.cloneUrl);
      ctx.output('repoContentsUrl', urls.treeUrl);
      ctx.output('catalogInfoUrl', urls.rawUrl('catalog-info.yaml'));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would create ${urls.cloneUrl}`);
        return;
      }

      await store.create({ ...ref, description: ctx.input.description }).catch(giveBack);
      try {
        const dir = ctx.input.sourcePath ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath) : ctx.workspacePath;
        const commit = await store.pushDirectory(ref, dir, {
          authorName: author.name,
          authorEmail: author.email,
          message: `Create ${ref.name} from the ${ctx.templateInfo?.entity?.metadata.name ?? 'golden path'} template`,
        });
        ctx.output('commitHash', commit);
        ctx.logger.info(`Published ${urls.cloneUrl} at ${commit}`);
      } catch (error) {
        await store.remove(ref);
        await giveBack(error);
      }
    },
  });
}
