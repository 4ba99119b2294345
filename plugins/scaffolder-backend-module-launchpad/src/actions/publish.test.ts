import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockActionContext } from '../__testUtils__/actionContext';
import { createPublishAction } from './publish';

function context(input: JsonObject, workspacePath: string) {
  return mockActionContext({
    input,
    workspacePath,
    taskId: null,
    templateName: 'node-service',
  });
}

/** A stand-in for publish:github that records what it was asked to do. */
function recordingPublisher(outputs: Record<string, string>) {
  const calls: any[] = [];
  const action = createTemplateAction({
    id: 'publish:github',
    schema: { input: { repoUrl: z => z.string() } },
    async handler(ctx) {
      calls.push(ctx.input);
      for (const [k, v] of Object.entries(outputs))
        ctx.output(k as any, v as any);
    },
  });
  return { action, calls };
}

describe('launchpad:publish with a GitHub target', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-publish-'));
  const store = new GitRepositoryStore(path.join(root, 'git'));
  const config = mockServices.rootConfig({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      launchpad: {
        goldenPaths: {
          publish: {
            type: 'github',
            host: 'github.com',
            organization: 'northwind',
          },
        },
      },
      integrations: { github: [{ host: 'github.com' }] },
    },
  });
  const integrations = ScmIntegrations.fromConfig(config);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('hands the repository to publish:github and points the catalog at its catalog-info.yaml', async () => {
    const github = recordingPublisher({
      remoteUrl: 'https://github.com/northwind/loyalty-service',
      repoContentsUrl: 'https://github.com/northwind/loyalty-service/blob/main',
      commitHash: 'abc123',
    });
    const catalog = catalogServiceMock({ entities: [] });
    const action = createPublishAction({
      store,
      catalog,
      config,
      integrations,
      remotePublishers: { github: github.action },
    });
    const { ctx, outputs } = context(
      {
        name: 'loyalty-service',
        owner: 'group:default/checkout',
        description: 'Loyalty points',
        requiredStatusChecks: [
          'Lint, test, build',
          'Container image (build once, scan, push)',
        ],
      },
      root,
    );
    await action.handler(ctx);

    expect(github.calls).toEqual([
      expect.objectContaining({
        repoUrl: 'github.com?owner=northwind&repo=loyalty-service',
        description: 'Loyalty points',
        defaultBranch: 'main',
        // branch protection: reviewed, green pull requests only, admins included
        protectDefaultBranch: true,
        protectEnforceAdmins: true,
        requiredStatusCheckContexts: [
          'Lint, test, build',
          'Container image (build once, scan, push)',
        ],
        requireBranchesToBeUpToDate: true,
        requireCodeOwnerReviews: true,
        dismissStaleReviews: true,
        requiredConversationResolution: true,
      }),
    ]);
    expect(outputs).toEqual({
      remoteUrl: 'https://github.com/northwind/loyalty-service',
      cloneUrl: 'https://github.com/northwind/loyalty-service.git',
      repoContentsUrl: 'https://github.com/northwind/loyalty-service/blob/main',
      // The URL upstream's catalog:register derives from the same repoContentsUrl
      // (GitHub's reader reads files by path and ref, blob or tree alike).
      catalogInfoUrl:
        'https://github.com/northwind/loyalty-service/tree/main/catalog-info.yaml',
      commitHash: 'abc123',
    });
    expect(await store.list()).toEqual([]); // nothing on the local git host
  });

  it('still refuses a name the catalog already has, before publishing', async () => {
    const github = recordingPublisher({});
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'taken', namespace: 'default' },
          spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
        },
      ],
    });
    const action = createPublishAction({
      store,
      catalog,
      config,
      integrations,
      remotePublishers: { github: github.action },
    });
    const { ctx } = context(
      { name: 'taken', owner: 'group:default/checkout' },
      root,
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'The catalog already has component:default/taken',
    );
    expect(github.calls).toEqual([]);
  });

  it('says so when the configured publisher is not installed', async () => {
    const catalog = catalogServiceMock({ entities: [] });
    const action = createPublishAction({
      store,
      catalog,
      config,
      integrations,
    });
    const { ctx } = context(
      { name: 'lonely', owner: 'group:default/checkout' },
      root,
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'no github publisher is installed',
    );
  });
});
