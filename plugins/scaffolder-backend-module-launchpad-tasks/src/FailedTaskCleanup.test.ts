import { mockServices } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FailedTaskCleanup, SCAFFOLDER_TASK_TOPIC } from './FailedTaskCleanup';

jest.setTimeout(60_000); // real git processes on a busy machine

/**
 * A failed or cancelled golden path leaves no repository behind, and nothing
 * else is touched. Real git repositories on a real GitRepositoryStore; the
 * events come through Backstage's own in-process EventsService with the
 * payload the scaffolder's DatabaseTaskStore publishes on `scaffolder.task`.
 */
describe('FailedTaskCleanup', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-cleanup-'));
  const store = new GitRepositoryStore(path.join(root, 'git'));
  const logger = mockServices.logger.mock();
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function setUp() {
    const events = DefaultEventsService.create({
      logger: mockServices.logger.mock(),
      useEventBus: 'never',
    });
    await new FailedTaskCleanup(store, logger).subscribe(events);
    return events;
  }

  let n = 0;
  /** A repository with one commit, created by `createdBy` (a task id) or unmarked. */
  async function repo(createdBy?: string) {
    const ref = { org: 'team-a', name: `svc-${++n}` };
    await store.create({ ...ref, createdBy });
    const work = fs.mkdtempSync(path.join(root, 'work-'));
    fs.writeFileSync(path.join(work, 'README.md'), '# svc\n');
    await store.pushDirectory(ref, work, {
      authorName: 'Launchpad',
      authorEmail: 'launchpad@example.com',
      message: 'First commit',
    });
    return ref;
  }
  const exists = (ref: { org: string; name: string }) => store.exists(ref);
  const publish = (events: DefaultEventsService, eventPayload: unknown) =>
    events.publish({ topic: SCAFFOLDER_TASK_TOPIC, eventPayload });

  it.each([
    ['failed', false],
    ['cancelled', false],
    ['completed', true],
    // a recovered task goes back to open and runs again: its repository is reused
    ['open', true],
    ['processing', true],
  ])(
    'a task that ends %s: its repository kept = %s; others untouched',
    async (status, kept) => {
      const events = await setUp();
      const taskId = `task-${status}-${n}`;
      const own = await repo(taskId);
      const otherTasks = await repo(`another-${taskId}`);
      const unmarked = await repo();
      await publish(events, {
        id: taskId,
        status,
        createdAt: new Date().toISOString(),
        createdBy: 'user:default/guest',
      });
      expect({
        own: await exists(own),
        otherTasks: await exists(otherTasks),
        unmarked: await exists(unmarked),
      }).toEqual({ own: kept, otherTasks: true, unmarked: true });
    },
  );

  it('ignores hostile or malformed payloads: nothing removed, no throw', async () => {
    const events = await setUp();
    const marked = await repo('task-hostile');
    const unmarked = await repo();
    const payloads: unknown[] = [
      undefined,
      null,
      'failed',
      42,
      [],
      {},
      { status: 'failed' },
      { id: 42, status: 'failed' },
      { id: ['task-hostile'], status: 'failed' },
      { id: 'task-hostile', status: ['failed'] },
      { id: 'task-hostile', status: 'FAILED' },
      { id: 'task-hostile' },
      { id: '', status: 'failed' },
      { id: '../team-a/svc', status: 'failed' },
      { id: 'task-hostile\n', status: 'failed' },
      { id: 'task-hostile', status: 'failed ' },
    ];
    for (const payload of payloads) await publish(events, payload);
    expect([await exists(marked), await exists(unmarked)]).toEqual([
      true,
      true,
    ]);
    // and the real event still works afterwards
    await publish(events, { id: 'task-hostile', status: 'failed' });
    expect(await exists(marked)).toBe(false);
  });

  it('removes every repository of the task and reports them', async () => {
    const a = await repo('task-two-repos');
    const b = await repo('task-two-repos');
    const cleanup = new FailedTaskCleanup(store, logger);
    expect(
      (await cleanup.removeRepositoriesOf('task-two-repos')).sort(),
    ).toEqual([`${a.org}/${a.name}`, `${b.org}/${b.name}`].sort());
    expect(await cleanup.removeRepositoriesOf('task-two-repos')).toEqual([]);
  });

  it('a store failure is logged, never thrown into the event delivery', async () => {
    const warn = jest.fn();
    const broken = new FailedTaskCleanup(
      {
        list: async () => {
          throw new Error('disk on fire');
        },
        createdBy: async () => undefined,
        remove: async () => {},
      },
      { ...mockServices.logger.mock(), warn },
    );
    await expect(
      broken.onEvent({
        topic: SCAFFOLDER_TASK_TOPIC,
        eventPayload: { id: 't', status: 'failed' },
      }),
    ).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('disk on fire'));
  });
});
