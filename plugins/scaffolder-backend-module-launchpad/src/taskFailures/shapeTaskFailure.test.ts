import { mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatShapedFailure,
  MAX_REASON_LENGTH,
  redactServerDetails,
  shapeTaskFailure,
  ShapedTaskError,
  withShapedFailures,
} from './shapeTaskFailure';

/** What must never reach the user: server paths, stack frames, terminal codes. */
function expectClean(line: string) {
  expect(line).not.toMatch(/\n|\r/);
  expect(line).not.toMatch(
    /(^|[\s'"(=:])\/(work|tmp|root|home|usr|var|opt|srv|app|data|etc|proc)\b/,
  );
  expect(line).not.toMatch(/\bat \S+ \(|:\d+:\d+\)?(\s|$)/);
  expect(line).not.toMatch(/node_modules|file:\/\/|[A-Z]:\\/);
  expect(line).not.toMatch(/\p{Cc}/u);
  expect(line).toContain('What to do: ');
  expect(line.length).toBeLessThan(MAX_REASON_LENGTH + 250);
}

const withStack = (error: Error, frames: string[]) => {
  error.stack = `${error.name}: ${error.message}\n${frames
    .map(f => `    at ${f}`)
    .join('\n')}`;
  return error;
};

describe('shapeTaskFailure', () => {
  // Errors as our actions throw them: the message is for the user, the class says what to do.
  it.each([
    [
      'publish: name taken on the git host',
      new ConflictError(
        'Repository checkout/loyalty-service already exists (created by another golden-path run): choose another name',
      ),
      'Repository checkout/loyalty-service already exists (created by another golden-path run): choose another name.',
      /Choose another name/,
    ],
    [
      'publish: name taken in the catalog',
      new ConflictError(
        'The catalog already has component:default/payments-service: choose another name',
      ),
      'The catalog already has component:default/payments-service: choose another name.',
      /Choose another name/,
    ],
    [
      'owner guard',
      new NotAllowedError(
        "You can create services only for your own teams (checkout); ask group:default/payments's members to create it for payments, or a platform admin",
      ),
      "You can create services only for your own teams (checkout); ask group:default/payments's members to create it for payments, or a platform admin.",
      /one of your own teams/,
    ],
    [
      'repository quota',
      new NotAllowedError(
        'group:default/checkout has created 10 golden-path repositories in the last hour, the quota (launchpad.goldenPaths.quota.reposPerTeamPerHour: 10); the next one can be created at 14:05 UTC (in 12 min)',
      ),
      'group:default/checkout has created 10 golden-path repositories in the last hour, the quota (launchpad.goldenPaths.quota.reposPerTeamPerHour: 10); the next one can be created at 14:05 UTC (in 12 min).',
      /platform admin/,
    ],
    [
      'teamOfOwner',
      new InputError(
        'owner is not a group reference: expected a group, got a user',
      ),
      'owner is not a group reference: expected a group, got a user.',
      /Correct that value/,
    ],
    [
      'gitops-register: already registered',
      new ConflictError(
        'apps/checkout/loyalty-service.yaml is already registered in platform/gitops with other content: loyalty-service of checkout exists already (or was removed without unregistering)',
      ),
      'apps/checkout/loyalty-service.yaml is already registered in platform/gitops with other content: loyalty-service of checkout exists already (or was removed without unregistering).',
      /Choose another name/,
    ],
    [
      'database wiring: consumer not found',
      new NotFoundError(
        'Could not propose the wiring to checkout/cart-service: repository not found',
      ),
      'Could not propose the wiring to checkout/cart-service: repository not found.',
      /Check that what it names exists/,
    ],
    [
      'register: plain Error of our own',
      new Error(
        'component:default/loyalty-service was registered but did not appear in the catalog within 60 s',
      ),
      'component:default/loyalty-service was registered but did not appear in the catalog within 60 s.',
      /Run the golden path again/,
    ],
  ])('%s', (_what, error, reason, whatToDo) => {
    const shaped = shapeTaskFailure(
      withStack(error, [
        'publish (/work/main/plugins/scaffolder-backend-module-launchpad/src/actions/publish.ts:134:17)',
        'processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ]),
    );
    expect(shaped.reason).toBe(reason);
    expect(shaped.whatToDo).toMatch(whatToDo);
    expectClean(formatShapedFailure(shaped));
  });

  // The class: whatever else is thrown never shows internals.
  it.each([
    [
      'a TypeError with a stack',
      withStack(
        new TypeError("Cannot read properties of undefined (reading 'spec')"),
        ['Object.handler (/work/main/plugins/x/src/a.ts:1:2)'],
      ),
    ],
    ['a ReferenceError', new ReferenceError('team is not defined')],
    ['a RangeError', new RangeError('Maximum call stack size exceeded')],
    [
      'a SyntaxError from JSON.parse',
      new SyntaxError('Unexpected token < in JSON at position 0'),
    ],
    ['a thrown string', '/work/main/data/git/checkout/x.git: broken'],
    ['a thrown undefined', undefined],
    ['a thrown null', null],
    ['a thrown number', 42],
    ['an object without a message', { code: 'EPIPE', path: '/tmp/x' }],
    ['an Error with an empty message', new Error('')],
    ['an Error of only a path', new Error('/work/main/data/git/checkout')],
  ])('%s says the portal failed, not why inside', (_what, thrown) => {
    const shaped = shapeTaskFailure(thrown, {
      taskId: 'b9b1b2c4-1',
      stepName: 'Create the repository',
    });
    const line = formatShapedFailure(shaped);
    expectClean(line);
    expect(shaped.reason).toBe(
      'The portal hit an unexpected error in "Create the repository"; your input was not the problem.',
    );
    expect(shaped.whatToDo).toBe(
      'Run the golden path again; if it fails the same way, ask the platform team and quote task b9b1b2c4-1.',
    );
  });

  it.each([
    [
      'git push into the workspace path',
      "Command failed: git -C /work/main/data/git/checkout/loyalty-service.git push origin main\nfatal: '/work/main/data/git/checkout/loyalty-service.git' does not appear to be a git repository\nfatal: Could not read from remote repository.",
      /^Command failed: git -C <server path> push origin main fatal: '<server path>' does not appear to be a git repository/,
    ],
    [
      'git with a temporary workspace',
      'git commit failed in /tmp/backstage-scaffolder-1a2b/workspace: nothing to commit, working tree clean',
      /^git commit failed in <server path>: nothing to commit/,
    ],
    [
      'a file URL',
      'Could not read file:///work/main/templates/node-service/skeleton/package.json',
      /^Could not read <server path>/,
    ],
    [
      'home and npm cache paths',
      'ENOENT: no such file or directory, open /root/.npm/_cacache/index-v5/aa/bb',
      /^ENOENT: no such file or directory, open <server path>/,
    ],
    [
      'a Windows path',
      'EPERM: operation not permitted, C:\\Users\\svc\\AppData\\Local\\Temp\\ws',
      /^EPERM: operation not permitted, <server path>/,
    ],
    [
      'terminal colours and control characters',
      '\u001b[31mfatal:\u001b[0m remote rejected\u0007 /work/x',
      /^fatal: remote rejected <server path>/,
    ],
    [
      'a stack inside the message',
      'boom\n    at Object.<anonymous> (/work/main/node_modules/isomorphic-git/index.cjs:12:5)\n    at next (node:internal/x:1:1)',
      /^boom\.$/,
    ],
    [
      'a very long git output',
      `error: ${'x'.repeat(5000)} /work/main/data`,
      /…$/,
    ],
  ])(
    'a command failure (%s) keeps its reason without server paths',
    (_what, message, reason) => {
      const shaped = shapeTaskFailure(new Error(message), { taskId: 't-1' });
      expect(shaped.reason).toMatch(reason);
      expect(shaped.reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH + 1);
      expectClean(formatShapedFailure(shaped));
    },
  );
});

describe('redactServerDetails', () => {
  it.each([
    [
      'http://localhost:7007/api/git/checkout/loyalty-service',
      'http://localhost:7007/api/git/checkout/loyalty-service',
    ],
    [
      'https://git.example.com/team/repo/blob/main/catalog-info.yaml',
      'https://git.example.com/team/repo/blob/main/catalog-info.yaml',
    ],
    ['checkout/loyalty-service', 'checkout/loyalty-service'],
    [
      'apps/checkout/x.yaml and charts/x/values-prod.yaml',
      'apps/checkout/x.yaml and charts/x/values-prod.yaml',
    ],
    [
      'group:default/checkout and component:default/x',
      'group:default/checkout and component:default/x',
    ],
    ['10 / 20 done', '10 / 20 done'],
    ['at /work/main/data/git', 'at <server path>'],
    ['(/tmp/ws/a.txt)', '(<server path>)'],
    ["'/srv/app/x'", "'<server path>'"],
  ])('%j → %j', (input, output) => {
    expect(redactServerDetails(input)).toBe(output);
  });
});

describe('withShapedFailures', () => {
  const failing = (error: unknown) =>
    createTemplateAction({
      id: 'launchpad:test-failure',
      schema: { input: { name: z => z.string() } },
      async handler() {
        throw error;
      },
    });

  function ctx() {
    return {
      input: { name: 'x' },
      task: { id: 'task-7' },
      step: { id: 'publish', name: 'Create the repository' },
      logger: mockServices.logger.mock(),
      output: jest.fn(),
      workspacePath: '/tmp/ws',
      checkpoint: jest.fn(),
      getInitiatorCredentials: jest.fn(),
      createTemporaryDirectory: jest.fn(),
    } as any;
  }

  it.each([
    [
      new ConflictError(
        'Repository checkout/x already exists: choose another name',
      ),
      'ConflictError',
    ],
    [new InputError('owner is not a group reference'), 'InputError'],
    [
      withStack(new TypeError('x is undefined'), ['f (/work/main/a.ts:1:1)']),
      'Error',
    ],
    [
      new Error("fatal: '/work/main/data/git/a/b.git' is not a repository"),
      'Error',
    ],
  ])(
    'throws a clean one-line error for %s and logs the original',
    async (error, name) => {
      const logger = mockServices.logger.mock();
      const action = withShapedFailures(failing(error), logger);
      expect(action.id).toBe('launchpad:test-failure');
      const thrown = await action.handler(ctx()).catch(e => e);
      expect(thrown).toBeInstanceOf(ShapedTaskError);
      expect(thrown.name).toBe(name);
      // Backstage's runner writes error.stack to the task log
      expect(thrown.stack).toBe(thrown.message);
      expectClean(String(thrown.stack));
      expect(logger.error).toHaveBeenCalledWith(
        'Golden path task task-7 failed in launchpad:test-failure (step "Create the repository")',
        error,
      );
    },
  );

  it('passes a successful step through untouched', async () => {
    const output = jest.fn();
    const action = withShapedFailures(
      createTemplateAction({
        id: 'launchpad:test-ok',
        async handler(c) {
          c.output('done', true);
        },
      }),
      mockServices.logger.mock(),
    );
    await action.handler({ ...ctx(), output });
    expect(output).toHaveBeenCalledWith('done', true);
  });
});
