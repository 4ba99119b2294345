import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchTemplateLogger } from './fetchTemplateLogger';

describe('fetchTemplateLogger', () => {
  function recording() {
    const lines: Array<[string, string]> = [];
    const logger = {
      error: (m: string) => void lines.push(['error', m]),
      warn: (m: string) => void lines.push(['warn', m]),
      info: (m: string) => void lines.push(['info', m]),
      debug: (m: string) => void lines.push(['debug', m]),
      child: () => logger,
    };
    return { logger, lines };
  }

  it("drops fetch:template's per-file lines (the exact texts of the installed scaffolder) and counts the files", () => {
    const { logger, lines } = recording();
    const quiet = fetchTemplateLogger(logger);
    for (const message of [
      'Listing files and directories in template',
      'Processing 97 template files/directories with input values',
      'Writing file src/app.ts to template output path with mode 33188.',
      'Writing file charts/${{ values.name }}/values.yaml to template output path with mode 33188.',
      'Writing directory src to template output path.',
      'Copying file binary or symbolic link at logo.png, to template output path.',
      'Copying file/directory vendor without processing.',
      'Template result written to /tmp/223203f2-f241-493c-9e44-2c12ecb98b33',
    ])
      quiet.child({ step: 'render' }).info(message);
    expect(lines).toEqual([]);
    expect(quiet.summary()).toBe('4 files rendered');
  });

  it('passes everything else through, at its level', () => {
    const { logger, lines } = recording();
    const quiet = fetchTemplateLogger(logger);
    quiet.info(
      'Rendering ./skeleton for orders (owner group:default/checkout)',
    );
    quiet.info('Writing files is what this sentence talks about');
    quiet.warn('Writing file x failed');
    quiet.error('Template result written to /tmp/x');
    quiet.debug('Processing 3 template files/directories with input values');
    expect(lines).toEqual([
      [
        'info',
        'Rendering ./skeleton for orders (owner group:default/checkout)',
      ],
      ['info', 'Writing files is what this sentence talks about'],
      ['warn', 'Writing file x failed'],
      ['error', 'Template result written to /tmp/x'],
      ['debug', 'Processing 3 template files/directories with input values'],
    ]);
    expect(quiet.summary()).toBe('0 files rendered');
  });

  it("quiets the installed scaffolder's own fetch:template (its texts, not copies of them)", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-fetchlog-'));
    try {
      const skeleton = path.join(root, 'template', 'skeleton');
      fs.mkdirSync(path.join(skeleton, 'src'), { recursive: true });
      fs.writeFileSync(
        path.join(skeleton, 'README.md'),
        '# ${{ values.name }}\n',
      );
      fs.writeFileSync(path.join(skeleton, 'src', 'index.ts'), 'export {};\n');
      fs.writeFileSync(
        path.join(skeleton, 'logo.bin'),
        Buffer.from([0, 1, 2, 0]),
      );
      const workspacePath = path.join(root, 'workspace');
      fs.mkdirSync(workspacePath);
      const { logger, lines } = recording();
      const quiet = fetchTemplateLogger(logger);
      const action = createFetchTemplateAction({
        reader: mockServices.urlReader.mock(),
        integrations: ScmIntegrations.fromConfig(mockServices.rootConfig()),
      });
      await action.handler(
        createMockActionContext({
          input: {
            url: './skeleton',
            values: { name: 'orders' },
            targetPath: './',
          },
          templateInfo: {
            entityRef: 'template:default/t',
            baseUrl: pathToFileURL(path.join(root, 'template', 'template.yaml'))
              .href,
          },
          workspacePath,
          logger: quiet,
        }) as any,
      );
      expect(
        fs.readFileSync(path.join(workspacePath, 'README.md'), 'utf-8'),
      ).toBe('# orders\n');
      expect(lines).toEqual([]);
      expect(quiet.summary()).toBe('3 files rendered');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
