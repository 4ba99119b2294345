import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import {
  assertRepoRef,
  type RepoRef,
  gitBaseUrl,
  GitRepositoryStore,
  repoUrls,
} from '@internal/plugin-git-hosting-node';
import type { OwnerGuard } from '../services/ownerGuard';
import type { RepoQuota } from '../services/repoQuota';
import { readCommitAuthor, readPublishTarget } from './render';
import { authorisedTeam } from './teamOfOwner';

/** What the local publish steps use of the action context. */
interface PublishContext {
  input: { sourcePath?: string };
  workspacePath: string;
  logger: LoggerService;
  templateInfo?: { entity?: { metadata: { name: string } } };
  output(
    name:
      | 'remoteUrl'
      | 'cloneUrl'
      | 'repoContentsUrl'
      | 'catalogInfoUrl'
      | 'commitHash',
    value: string,
  ): void;
}

/** Backstage's own publishers, used when launchpad.goldenPaths.publish says so. */
export type RemotePublishers = Partial<
  Record<'github' | 'gitlab', TemplateAction<any, any, any>>
>;

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
  const author = readCommitAuthor(config);

  return createTemplateAction({
    id: 'launchpad:publish',
    description:
      "Creates the golden path's repository (the portal's git host, or GitHub/GitLab by config) and pushes the workspace",
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Repository name (the service name)'),
        owner: z =>
          z
            .string()
            .describe(
              'Owning group ref; its name is the repository organisation',
            ),
        description: z =>
          z.string().optional().describe('Repository description'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Sub-folder of the workspace to publish (default: all of it)',
            ),
        requiredStatusChecks: z =>
          z
            .array(z.string().min(1).max(200))
            .max(30)
            .optional()
            .describe(
              'GitHub: the CI checks branch protection requires on the default branch (with code-owner review)',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe('Web URL of the repository'),
        cloneUrl: z => z.string().describe('git clone URL'),
        repoContentsUrl: z =>
          z
            .string()
            .describe('URL of the repository files at the default branch'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('URL of /catalog-info.yaml, for launchpad:register'),
        commitHash: z => z.string().optional().describe('The first commit'),
      },
    },
    async handler(ctx) {
      const team = await authorisedTeam(ctx, options.ownerGuard);
      const ref = { org: team, name: ctx.input.name };
      assertRepoRef(ref);

      const urls = repoUrls(base, ref);
      // A repository this very task created: an earlier run of it stopped
      // (its instance died) after creating it, and the task was recovered.
      if (
        target.type === 'local' &&
        !ctx.isDryRun &&
        (await store.exists(ref))
      ) {
        const createdBy = await store.createdBy(ref);
        if (!ctx.task?.id || createdBy !== ctx.task.id) {
          throw new ConflictError(
            `Repository ${team}/${ref.name} already exists (${
              createdBy
                ? 'created by another golden-path run'
                : 'not created by a golden path'
            }): choose another name`,
          );
        }
        await resumePublish(ctx, ref, urls);
        return;
      }
      if (
        target.type === 'local' &&
        ctx.isDryRun &&
        (await store.exists(ref))
      ) {
        throw new ConflictError(
          `Repository ${team}/${ref.name} already exists: choose another name`,
        );
      }
      const { items } = await catalog.getEntities(
        {
          filter: {
            'metadata.name': ref.name,
            'metadata.namespace': 'default',
          },
          fields: ['kind', 'metadata.name'],
        },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      if (items.length) {
        throw new ConflictError(
          `The catalog already has ${items
            .map(
              e =>
                `${e.kind.toLocaleLowerCase('en-US')}:default/${
                  e.metadata.name
                }`,
            )
            .join(', ')}: choose another name`,
        );
      }

      // Counted once every other check has passed (not for dry runs); given back if nothing was created.
      const reservation = ctx.isDryRun
        ? undefined
        : await options.quota?.reserve({
            ownerRef: stringifyEntityRef({
              kind: 'group',
              namespace: 'default',
              name: team,
            }).toLocaleLowerCase('en-US'),
            repository: `${team}/${ref.name}`,
          });
      const giveBack = async (error: unknown): Promise<never> => {
        await reservation?.release();
        throw error;
      };

      if (target.type !== 'local') {
        const delegate = options.remotePublishers?.[target.type];
        if (!delegate)
          await giveBack(
            new InputError(
              `launchpad.goldenPaths.publish is ${target.type}, but no ${target.type} publisher is installed`,
            ),
          );
        const owner = target.organization ?? team;
        const outputs: Record<string, any> = {};
        ctx.logger.info(
          `Publishing to ${target.type} ${target.host}/${owner}/${ref.name}`,
        );
        await delegate!
          .handler({
            ...ctx,
            input: {
              repoUrl: `${target.host}?owner=${encodeURIComponent(
                owner,
              )}&repo=${encodeURIComponent(ref.name)}`,
              description: ctx.input.description,
              defaultBranch: 'main',
              repoVisibility: 'private',
              sourcePath: ctx.input.sourcePath,
              gitAuthorName: author.name,
              gitAuthorEmail: author.email,
              // The default branch takes changes only by reviewed pull
              // requests whose CI passed: code owners (the platform team for
              // workflows and deploy files) review, admins included.
              ...(target.type === 'github'
                ? {
                    protectDefaultBranch: true,
                    protectEnforceAdmins: true,
                    requiredStatusCheckContexts:
                      ctx.input.requiredStatusChecks ?? [],
                    requireBranchesToBeUpToDate: true,
                    requireCodeOwnerReviews: true,
                    dismissStaleReviews: true,
                    requiredConversationResolution: true,
                  }
                : {}),
            },
            output: (key: string, value: unknown) => {
              outputs[key] = value;
            },
          } as any)
          .catch(giveBack);
        ctx.output('remoteUrl', outputs.remoteUrl);
        ctx.output(
          'cloneUrl',
          `${String(outputs.remoteUrl).replace(/\/$/, '')}.git`,
        );
        ctx.output('repoContentsUrl', outputs.repoContentsUrl);
        // As catalog:register does: a path from the repository root.
        ctx.output(
          'catalogInfoUrl',
          integrations.resolveUrl({
            base: outputs.repoContentsUrl,
            url: '/catalog-info.yaml',
          }),
        );
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

      const dir = await sourceDir(ctx).catch(giveBack);
      await store
        .create({
          ...ref,
          description: ctx.input.description,
          createdBy: ctx.task?.id,
        })
        .catch(giveBack);
      await push(ctx, ref, urls, dir).catch(giveBack);
    },
  });

  /** The folder to publish; a clear error when it holds nothing. */
  async function sourceDir(ctx: PublishContext): Promise<string> {
    const dir = ctx.input.sourcePath
      ? resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath)
      : ctx.workspacePath;
    const entries = await fs.readdir(dir).catch(() => [] as string[]);
    if (entries.length === 0) {
      throw new Error(
        `Nothing to publish: ${
          ctx.input.sourcePath ? `${ctx.input.sourcePath} in ` : ''
        }the workspace is empty. ` +
          'If this task was recovered after its instance stopped, the files an earlier step rendered stayed there; run the golden path again.',
      );
    }
    return dir;
  }

  /** Pushes the workspace as the first commit; the repository is removed again if that fails. */
  async function push(
    ctx: PublishContext,
    ref: RepoRef,
    urls: ReturnType<typeof repoUrls>,
    dir: string,
  ) {
    try {
      const commit = await store.pushDirectory(ref, dir, {
        authorName: author.name,
        authorEmail: author.email,
        message: `Create ${ref.name} from the ${
          ctx.templateInfo?.entity?.metadata.name ?? 'golden path'
        } template`,
      });
      ctx.output('commitHash', commit);
      ctx.logger.info(`Published ${urls.cloneUrl} at ${commit}`);
    } catch (error) {
      await store.remove(ref);
      throw error;
    }
  }

  /**
   * The repository was created by an earlier run of this task: pushed
   * already, it is reused as it is; still empty, the workspace is pushed
   * (or, with no workspace left, the empty repository is removed and the
   * task fails). Nothing is counted against the quota twice.
   */
  async function resumePublish(
    ctx: PublishContext,
    ref: RepoRef,
    urls: ReturnType<typeof repoUrls>,
  ) {
    ctx.output('remoteUrl', urls.webUrl);
    ctx.output('cloneUrl', urls.cloneUrl);
    ctx.output('repoContentsUrl', urls.treeUrl);
    ctx.output('catalogInfoUrl', urls.rawUrl('catalog-info.yaml'));
    const { head } = await store.get(ref);
    if (head) {
      ctx.output('commitHash', head);
      ctx.logger.info(
        `Reusing ${urls.cloneUrl} at ${head}: an earlier run of this task created and pushed it`,
      );
      return;
    }
    ctx.logger.info(
      `${urls.cloneUrl} was created by an earlier run of this task but is empty: pushing the workspace`,
    );
    let dir: string;
    try {
      dir = await sourceDir(ctx);
    } catch (error) {
      await store.remove(ref);
      throw error;
    }
    await push(ctx, ref, urls, dir);
  }
}
