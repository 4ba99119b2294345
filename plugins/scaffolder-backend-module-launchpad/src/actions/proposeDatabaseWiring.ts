import type {
  AuthService,
  DiscoveryService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertRepoName,
  gitBaseUrl,
  type GitRepositoryStore,
  parseGitFileUrl,
  type RepoRef,
} from '@internal/plugin-git-hosting-node';
import { isMap, isScalar, parseDocument, YAMLMap } from 'yaml';
import type { OwnerGuard } from '../services/ownerGuard';
import { readGoldenPathSettings } from './render';
import { authorisedTeam } from './teamOfOwner';

/** The env entry a service standard chart gets for a CloudNativePG database: its app Secret's uri. */
export function databaseUrlEntry(database: string) {
  return {
    valueFrom: { secretKeyRef: { name: `${database}-app`, key: 'uri' } },
  };
}

/**
 * A service standard values file with `env.DATABASE_URL` from the database's
 * Secret, everything else (comments, order, the service's own variables)
 * kept. A DATABASE_URL that is there already is a ConflictError unless it is
 * exactly this one (then `undefined`: nothing to change).
 */
export function withDatabaseUrl(
  text: string,
  database: string,
  file: string,
): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length)
    throw new InputError(
      `${file} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`,
    );
  if (doc.contents !== null && !isMap(doc.contents))
    throw new InputError(`${file} is not a YAML map of Helm values`);
  const wanted = databaseUrlEntry(database);
  const env = doc.get('env', true);
  const empty =
    env === undefined || env === null || (isScalar(env) && env.value === null);
  if (!empty && !isMap(env)) {
    throw new InputError(
      `${file}: env is not a map; the service standard's env maps variable names to values`,
    );
  }
  const current = isMap(env)
    ? (env as YAMLMap).get('DATABASE_URL', true)
    : undefined;
  if (current !== undefined) {
    const value = doc.getIn(['env', 'DATABASE_URL']);
    const plain =
      value && typeof value === 'object' && 'toJSON' in value
        ? (value as { toJSON(): unknown }).toJSON()
        : value;
    if (JSON.stringify(plain) === JSON.stringify(wanted)) return undefined;
    throw new ConflictError(
      `${file} sets DATABASE_URL already (to something else): the service uses another database; wire it by hand`,
    );
  }
  if (!isMap(env)) doc.set('env', doc.createNode({}));
  const map = doc.get('env', true) as YAMLMap;
  map.flow = false;
  const node = doc.createNode(wanted);
  map.set(doc.createNode('DATABASE_URL'), node);
  const pair = map.items[map.items.length - 1];
  (
    pair.key as { commentBefore?: string }
  ).commentBefore = ` The ${database} database (CloudNativePG): ${database}-app is its application\n role's Secret; its key uri is a full connection string to ${database}-rw.`;
  return doc.toString();
}

/** The repository on the portal's git host an entity was registered from, if any. */
export function hostedRepository(
  entity: Entity,
  base: string,
): RepoRef | undefined {
  const location =
    entity.metadata.annotations?.['backstage.io/managed-by-location'];
  if (!location?.startsWith('url:')) return undefined;
  try {
    const url = parseGitFileUrl(base, location.slice('url:'.length));
    return { org: url.org, name: url.name };
  } catch {
    return undefined;
  }
}

/**
 * launchpad:database:propose-wiring proposes, on the consumer service's
 * repository, the change that gives it the database: env.DATABASE_URL from
 * the database's `<name>-app` Secret in each charts/<service>/values-<env>.yaml,
 * as a change proposal (branch launchpad/wire-<database>) for the service's
 * owners to merge. The consumer must be a Component in the catalog owned by
 * the database's team (its pods must run in the namespaces where the Secret
 * is), which the owner guard lets the task's user create for. With
 * `checkOnly` (a step before anything is written) it only checks.
 */
export function createProposeDatabaseWiringAction(options: {
  store: GitRepositoryStore;
  catalog: CatalogService;
  config: RootConfigService;
  discovery: DiscoveryService;
  auth: AuthService;
  ownerGuard?: OwnerGuard;
  fetch?: typeof fetch;
}) {
  const { store, catalog, config, discovery, auth } = options;
  const settings = readGoldenPathSettings(config);
  const base = gitBaseUrl(settings.backendBaseUrl);
  const doFetch = options.fetch ?? fetch;

  return createTemplateAction({
    id: 'launchpad:database:propose-wiring',
    description:
      "Proposes the database's connection (env.DATABASE_URL from its Secret) to the consumer service's repository, as a change proposal its owners merge",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Check the consumer before anything is created, then propose once the database exists',
        example: [
          'steps:',
          '  - id: consumerCheck',
          '    if: ${{ parameters.consumer }}',
          '    action: launchpad:database:propose-wiring',
          '    input:',
          '      database: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
          '      consumer: ${{ parameters.consumer }}',
          '      checkOnly: true',
          '  # ... render, publish, gitops, register',
          '  - id: wire',
          '    if: ${{ parameters.consumer }}',
          '    action: launchpad:database:propose-wiring',
          '    input:',
          '      database: ${{ parameters.name }}',
          '      owner: ${{ parameters.owner }}',
          '      consumer: ${{ parameters.consumer }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        database: z =>
          z.string().describe('The database (CloudNativePG cluster) name'),
        owner: z => z.string().describe("The database's owning group ref"),
        consumer: z =>
          z
            .string()
            .describe('The service that uses it: a Component entity ref'),
        checkOnly: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Only check the consumer and its values files; propose nothing',
            ),
      },
      output: {
        proposalId: z =>
          z
            .string()
            .optional()
            .describe('The change proposal on the consumer repository'),
        proposalUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Its URL on the git host (GET: the proposal and its diff)',
            ),
        branch: z => z.string().optional().describe('Its branch'),
        consumerRepository: z =>
          z
            .string()
            .optional()
            .describe('The consumer repository, <org>/<name>'),
      },
    },
    async handler(ctx) {
      const team = await authorisedTeam(ctx, options.ownerGuard);
      const database = ctx.input.database;
      assertRepoName('database', database);
      const credentials = await ctx.getInitiatorCredentials();
      let consumerRef: string;
      try {
        consumerRef = stringifyEntityRef(
          parseEntityRef(ctx.input.consumer, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (error) {
        throw new InputError(
          `consumer is not an entity reference: ${(error as Error).message}`,
        );
      }
      if (!consumerRef.startsWith('component:'))
        throw new InputError(
          `consumer must be a Component, got ${consumerRef}`,
        );
      const consumer = await catalog.getEntityByRef(consumerRef, {
        credentials,
      });
      if (!consumer)
        throw new InputError(`consumer ${consumerRef} is not in the catalog`);
      const consumerOwner = String(
        (consumer.spec as { owner?: unknown })?.owner ?? '',
      );
      // the user may create for the consumer's team (one of theirs; admins any) ...
      await options.ownerGuard?.assertMayOwn({
        owner: consumerOwner,
        user: ctx.user,
        credentials,
      });
      // ... and it is the database's team: the Secret is only readable in that team's namespaces
      const ownerName = (() => {
        try {
          return parseEntityRef(consumerOwner, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          });
        } catch {
          return undefined;
        }
      })();
      if (
        !ownerName ||
        ownerName.kind.toLocaleLowerCase('en-US') !== 'group' ||
        ownerName.namespace !== 'default' ||
        ownerName.name !== team
      ) {
        throw new InputError(
          `${consumerRef} is owned by ${
            consumerOwner || 'nobody'
          }, not by ${team}: the database's Secret is only readable in ${team}'s namespaces, so its consumer must be one of ${team}'s services`,
        );
      }
      const repo = hostedRepository(consumer, base);
      if (!repo) {
        ctx.logger.info(
          `${consumerRef} was not registered from a repository on the portal's git host: nothing is proposed; add env.DATABASE_URL from the ${database}-app Secret to its values files by hand (README.md, "Connect the service")`,
        );
        return;
      }
      const files = await wiringFiles(repo, consumer.metadata.name, database);
      if (!Object.keys(files).length) {
        ctx.logger.info(
          `${repo.org}/${repo.name} reads DATABASE_URL from ${database}-app already: nothing to propose`,
        );
        return;
      }
      ctx.output('consumerRepository', `${repo.org}/${repo.name}`);
      if (ctx.input.checkOnly || ctx.isDryRun) {
        ctx.logger.info(
          `${consumerRef} can be wired: ${Object.keys(files).join(', ')} in ${
            repo.org
          }/${repo.name}`,
        );
        return;
      }
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'git',
      });
      const gitApi = await discovery.getBaseUrl('git');
      const res = await doFetch(
        `${gitApi}/repos/${repo.org}/${repo.name}/changes`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            slug: `wire-${database}`,
            title: `Use the ${database} database`,
            description:
              `DATABASE_URL from the ${database}-app Secret (CloudNativePG) in every environment, proposed by the postgres-database golden path.\n` +
              `Merge it once ${database} runs in ${team}'s namespaces.`,
            files,
            ...(ctx.task?.id ? { createdByTask: ctx.task.id } : {}),
          }),
        },
      );
      const body = (await res.json().catch(() => ({}))) as {
        id?: string;
        branch?: string;
        error?: { message?: string };
      };
      if (!res.ok || !body.id) {
        const message =
          body.error?.message ?? `${res.status} ${res.statusText}`;
        if (res.status === 409)
          throw new ConflictError(
            `Could not propose the wiring to ${repo.org}/${repo.name}: ${message}`,
          );
        if (res.status === 404)
          throw new NotFoundError(
            `Could not propose the wiring to ${repo.org}/${repo.name}: ${message}`,
          );
        throw new InputError(
          `Could not propose the wiring to ${repo.org}/${repo.name}: ${message}`,
        );
      }
      ctx.output('proposalId', body.id);
      ctx.output('branch', body.branch);
      ctx.output('proposalUrl', `${base}/changes/${body.id}`);
      ctx.logger.info(
        `Proposed the wiring of ${database} to ${repo.org}/${repo.name} on ${body.branch} (change ${body.id})`,
      );
    },
  });

  /** charts/<service>/values-<env>.yaml of every environment, with DATABASE_URL; unchanged ones left out. */
  async function wiringFiles(
    repo: RepoRef,
    service: string,
    database: string,
  ): Promise<Record<string, string>> {
    const { head } = await store.get(repo);
    if (!head)
      throw new InputError(
        `${repo.org}/${repo.name} is empty: nothing to wire`,
      );
    const files: Record<string, string> = {};
    for (const env of settings.environments) {
      const file = `charts/${service}/values-${env.name}.yaml`;
      const { content } = await store
        .readFile(repo, head, file)
        .catch(error => {
          if (error?.name === 'NotFoundError')
            throw new InputError(
              `${repo.org}/${repo.name} has no ${file}: it is not a service of the Launchpad standard, wire it by hand`,
            );
          throw error;
        });
      const next = withDatabaseUrl(content.toString('utf-8'), database, file);
      if (next !== undefined) files[file] = next;
    }
    return files;
  }
}
