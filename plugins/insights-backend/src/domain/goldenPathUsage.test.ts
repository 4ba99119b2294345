import { goldenPathUsage, servicesCreated } from './goldenPathUsage';
import type { InsightEvent } from './types';

const task = (
  template: string,
  outcome: string,
  durationMs?: number,
): InsightEvent => ({
  key: `task:${Math.random()}`,
  type: 'task',
  service: 's',
  template,
  outcome,
  occurredAt: 0,
  ...(durationMs !== undefined ? { durationMs } : {}),
});

describe('goldenPathUsage', () => {
  it.each([
    {
      name: 'runs, success rate over finished runs, median duration',
      tasks: [
        task('node', 'completed', 10),
        task('node', 'completed', 30),
        task('node', 'failed', 20),
        task('node', 'cancelled', 5),
      ],
      expected: {
        template: 'node',
        runs: 4,
        completed: 2,
        failed: 1,
        successRate: 0.5,
        medianDurationMs: 15,
      },
    },
    {
      name: 'no finished runs: no rate, no duration',
      tasks: [task('go', 'open'), task('go', 'processing')],
      expected: {
        template: 'go',
        runs: 2,
        completed: 0,
        failed: 0,
        successRate: undefined,
        medianDurationMs: undefined,
      },
    },
  ])('$name', ({ tasks, expected }) => {
    expect(goldenPathUsage(tasks)).toEqual([expected]);
  });

  it('orders golden paths by runs', () => {
    const rows = goldenPathUsage([
      task('a', 'completed', 1),
      task('b', 'completed', 1),
      task('b', 'failed', 1),
    ]);
    expect(rows.map(r => r.template)).toEqual(['b', 'a']);
  });
});

describe('servicesCreated', () => {
  it('counts repositories per team and UTC month, newest month first', () => {
    const repo = (team: string, at: string): InsightEvent => ({
      key: `repository:${at}${team}`,
      type: 'repository',
      service: 's',
      team,
      outcome: 'created',
      occurredAt: Date.parse(at),
    });
    expect(
      servicesCreated([
        repo('group:default/a', '2026-10-31T23:59:59Z'),
        repo('group:default/a', '2026-11-01T00:00:00Z'),
        repo('group:default/b', '2026-11-15T00:00:00Z'),
        repo('group:default/a', '2026-11-30T12:00:00Z'),
        task('x', 'completed'),
      ]),
    ).toEqual([
      { team: 'group:default/a', month: '2026-11', count: 2 },
      { team: 'group:default/b', month: '2026-11', count: 1 },
      { team: 'group:default/a', month: '2026-10', count: 1 },
    ]);
  });
});
