import type {
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import path from 'node:path';
import {
  DEFAULT_ENVIRONMENTS,
  GoldenPathSettings,
  PublishTarget,
  TEMPLATE_VERSION_ANNOTATION,
} from '../goldenPathValues';
import { DEFAULT_SOURCE_REPOSITORY } from '../lineage';
import { renderGoldenPath } from '../renderGoldenPath';

/** Reads the golden path settings from app-config. */
export function readGoldenPathSettings(
  config: RootConfigService,
): GoldenPathSettings & { sharedDir: string; sourceRepository: string } {
  const envs = config.getOptionalConfigArray('launchpad.environments');
  return {
    backendBaseUrl: config.getString('backend.baseUrl'),
    imageRegistry:
      config.getOptionalString('launchpad.goldenPaths.imageRegistry') ??
      'registry.northwind.example',
    sharedDir: path.resolve(
      config.getOptionalString('launchpad.goldenPaths.sharedDir') ??
        '../../templates/_shared',
    ),
    environments: envs
      ? envs.map(e => ({
          name: e.getString('name'),
          cluster: e.getString('cluster'),
          autoSync: e.getBoolean('autoSync'),
        }))
      : DEFAULT_ENVIRONMENTS,
    publish: readPublishTarget(config),
    sourceRepository:
      config.getOptionalString('launchpad.goldenPaths.sourceRepository') ??
      DEFAULT_SOURCE_REPOSITORY,
  };
}

/**
 * launchpad.goldenPaths.publish: where repositories are created. Default:
 * the portal's git host. `{ type: github | gitlab, host, organization? }`
 * uses Backstage's publishers and that host's integration (token) config.
 */
/** Who golden paths' commits are by (`launchpad.goldenPaths.commitAuthor`). */
export function readCommitAuthor(config: RootConfigService): {
  name: string;
  email: string;
} {
  return {
    name:
      config.getOptionalString('launchpad.goldenPaths.commitAuthor.name') ??
      'Launchpad',
    email:
      config.getOptionalString('launchpad.goldenPaths.commitAuthor.email') ??
      'launchpad@northwind.example',
  };
}

export function readPublishTarget(config: RootConfigService): PublishTarget {
  const target = config.getOptionalConfig('launchpad.goldenPaths.publish');
  const type = target?.getOptionalString('type') ?? 'local';
  if (type === 'local') return { type };
  if (type !== 'github' && type !== 'gitlab') {
    throw new Error(
      `launchpad.goldenPaths.publish.type must be local, github or gitlab, not ${type}`,
    );
  }
  return {
    type,
    host:
      target!.getOptionalString('host') ??
      (type === 'github' ? 'github.com' : 'gitlab.com'),
    organization: target!.getOptionalString('organization'),
  };
}

/**
 * launchpad:render renders a golden path into the workspace: the template's
 * own skeleton and, for services, the shared standard (Dockerfile, CI,
 * Helm chart, Argo CD, RBAC, catalog-info) with ONE set of values, through
 * the scaffolder's own fetch:template engine.
 */
export function createRenderAction(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  config: RootConfigService;
}) {
  const fetchTemplate = createFetchTemplateAction({
    reader: options.reader,
    integrations: options.integrations,
  });
  const settings = readGoldenPathSettings(options.config);

  return createTemplateAction({
    id: 'launchpad:render',
    description:
      'Renders a golden path: the template skeleton plus the shared standard, with one set of values computed from the form',
    supportsDryRun: true,
    examples: [
      {
        description: 'A Node service on the service standard',
        example: [
          'steps:',
          '  - id: render',
          '    action: launchpad:render',
          '    input:',
          '      skeleton: ./skeleton',
          '      standard: service',
          '      language: node',
          '      parameters: ${{ parameters }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        skeleton: z =>
          z
            .string()
            .describe(
              'Folder of the template\u2019s own skeleton, relative to template.yaml',
            ),
        standard: z =>
          z
            .enum(['service', 'none'])
            .default('none')
            .describe(
              'The shared standard to render as well (templates/_shared)',
            ),
        language: z =>
          z
            .enum(['node', 'go'])
            .optional()
            .describe('Language profile of a service standard'),
        parameters: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The form values, as ${{ parameters }}'),
      },
      output: {
        name: z => z.string().describe('The service or resource name'),
        ownerName: z =>
          z.string().describe('The owning team (the repository organisation)'),
      },
    },
    async handler(ctx) {
      const { skeleton, standard, language, parameters } = ctx.input;
      const entity = ctx.templateInfo?.entity;
      const values = await renderGoldenPath({
        fetchTemplate,
        templateBaseUrl: ctx.templateInfo?.baseUrl,
        sharedDir: settings.sharedDir,
        skeleton,
        standard,
        language,
        parameters,
        template: {
          name: entity?.metadata.name ?? 'unknown',
          namespace: entity?.metadata.namespace,
          version:
            entity?.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] ??
            '0.0.0',
        },
        settings,
        workspacePath: ctx.workspacePath,
        logger: ctx.logger,
        context: ctx as unknown as Record<string, unknown>,
      });
      ctx.output('name', values.name);
      ctx.output('ownerName', values.ownerName);
    },
  });
}
