import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRepoRef,
  gitBaseUrl,
  GitRepositoryStore,
  repoUrls,
} from '@internal/plugin-git-hosting-node';

/**
 * launchpad:publish creates a repository on the portal's git host (local
 * mode) and pushes the workspace as its first commit, with real git. Name
 * clashes (repository or catalog entity) fail before anything is written;
 * a push that fails removes the repository again.
 */
export function createPublishAction(options: {
  store: GitRepositoryStore;
  catalog: CatalogService;
  config: RootConfigService;
}) {
  const { store, catalog, config } = options;
  const base = gitBaseUrl(config.getString('backend.baseUrl'));
  const author = {
    name: config.getOptionalString('launchpad.goldenPaths.commitAuthor.name') ?? 'Launchpad',
    email: config.getOptionalString('launchpad.goldenPaths.commitAuthor.email') ?? 'launchpad@northwind.example',
  };

  return createTemplateAction({
    id: 'launchpad:publish',
    description: "Creates a repository on the portal's git host and pushes the workspace to it",
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
        catalogInfoUrl: z => z.string().describe('URL of /catalog-info.yaml, for catalog:register'),
        commitHash: z => z.string().optional().describe('The first commit'),
      },
    },
    async handler(ctx) {
      const org = parseEntityRef(ctx.input.owner, { defaultKind: 'group', defaultNamespace: 'default' }).name;
      const ref = { org, name: ctx.input.name };
      assertRepoRef(ref);
      const urls = repoUrls(base, ref);

      if (await store.exists(ref)) {
        throw new ConflictError(`Repository ${org}/${ref.name} already exists: choose another name`);
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

      ctx.output('remoteUrl', urls.webUrl);
      ctx.output('cloneUrl', urls.cloneUrl);
      ctx.output('repoContentsUrl', urls.treeUrl);
      ctx.output('catalogInfoUrl', urls.rawUrl('catalog-info.yaml'));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would create ${urls.cloneUrl}`);
        return;
      }

      await store.create({ ...ref, description: ctx.input.description });
      try {
        const dir = ctx.input.sourcePath
          ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath)
          : ctx.workspacePath;
        const commit = await store.pushDirectory(ref, dir, {
          authorName: author.name,
          authorEmail: author.email,
          message: `Create ${ref.name} from the ${ctx.templateInfo?.entity?.metadata.name ?? 'golden path'} template`,
        });
        ctx.output('commitHash', commit);
        ctx.logger.info(`Published ${urls.cloneUrl} at ${commit}`);
      } catch (error) {
        await store.remove(ref);
        throw error;
      }
    },
  });
}
