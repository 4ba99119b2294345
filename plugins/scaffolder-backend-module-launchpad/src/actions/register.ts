import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { locationSpecToMetadataName } from '@backstage/plugin-catalog-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * launchpad:register registers a new catalog-info.yaml and waits until the
 * catalog serves its entity, so the task's "Open in catalog" link works the
 * moment the task finishes (instead of after the refresh loop).
 */
export function createRegisterAction(options: {
  catalog: CatalogService;
  timeoutMs?: number;
}) {
  const { catalog } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;

  return createTemplateAction({
    id: 'launchpad:register',
    description:
      'Registers a catalog-info.yaml and waits until its entity is in the catalog',
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoUrl: z =>
          z.string().url().describe('URL of the catalog-info.yaml to register'),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The main entity of the file (its Component, else the first one)',
            ),
        catalogInfoUrl: z => z.string().describe('The registered URL'),
      },
    },
    async handler(ctx) {
      const { catalogInfoUrl } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      if (ctx.isDryRun) return;

      ctx.logger.info(`Registering ${catalogInfoUrl} in the catalog`);
      const entities = await catalog
        .addLocation(
          { type: 'url', target: catalogInfoUrl, dryRun: true },
          { credentials },
        )
        .then(preview => preview.entities)
        .catch(async error => {
          // An earlier run of this task (its instance died, the task was
          // recovered) registered the URL already: the dry run refuses it,
          // and the entities are the ones that location brought in.
          const existing = await catalog.getEntities(
            {
              filter: {
                'metadata.annotations.backstage.io/managed-by-origin-location': `url:${catalogInfoUrl}`,
              },
            },
            { credentials },
          );
          if (existing.items.length === 0) throw error;
          ctx.logger.info(
            `${catalogInfoUrl} is registered already (an earlier run of this task)`,
          );
          return existing.items;
        })
        .then(found => found.filter(e => e.kind !== 'Location'));
      const main = entities.find(e => e.kind === 'Component') ?? entities[0];
      if (!main) throw new Error(`${catalogInfoUrl} declares no entity`);
      const entityRef = stringifyEntityRef(main);

      await catalog
        .addLocation({ type: 'url', target: catalogInfoUrl }, { credentials })
        .catch(error => {
          // Registered by an earlier run of this task (its instance stopped
          // before the step was recorded, and the task was recovered): the URL
          // is the repository this task published, so the location is its own.
          if (
            !(error instanceof ConflictError || error?.name === 'ConflictError')
          )
            throw error;
          ctx.logger.info(
            `${catalogInfoUrl} is registered already (an earlier run of this task)`,
          );
        });
      const locationRef = `location:default/${locationSpecToMetadataName({
        type: 'url',
        target: catalogInfoUrl,
      })}`;
      const started = Date.now();
      for (;;) {
        if (await catalog.getEntityByRef(entityRef, { credentials })) break;
        if (Date.now() - started > timeoutMs) {
          throw new Error(
            `${entityRef} was registered but did not appear in the catalog within ${
              timeoutMs / 1000
            } s`,
          );
        }
        await catalog
          .refreshEntity(locationRef, { credentials })
          .catch(() => undefined);
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      ctx.logger.info(
        `${entityRef} is in the catalog after ${Date.now() - started} ms`,
      );
      ctx.output('entityRef', entityRef);
    },
  });
}
