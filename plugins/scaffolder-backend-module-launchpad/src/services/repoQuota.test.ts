import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { DatabaseRepoQuota, readReposPerTeamPerHour } from './repoQuota';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_18'] });

describe('DatabaseRepoQuota (real Postgres)', () => {
  async function quotas(perHour: number, clock: { now: Date }) {
    const knex = await databases.init('POSTGRES_18');
    const database = { getClient: async () => knex };
    const config = mockServices.rootConfig({
      data: {
        launchpad: { goldenPaths: { quota: { reposPerTeamPerHour: perHour } } },
      },
    });
    // Two instances on one database: what one backend (or a restarted one) counted, the other sees.
    const a = await DatabaseRepoQuota.create({
      database,
      config,
      now: () => clock.now,
    });
    const b = await DatabaseRepoQuota.create({
      database,
      config,
      now: () => clock.now,
    });
    return { a, b };
  }

  it('counts per team across instances, refuses with the quota and when it frees up, and frees after an hour', async () => {
    const clock = { now: new Date('2026-12-01T12:00:00Z') };
    const { a, b } = await quotas(3, clock);
    await a.reserve({
      ownerRef: 'group:default/checkout',
      repository: 'checkout/one',
    });
    clock.now = new Date('2026-12-01T12:10:00Z');
    await b.reserve({
      ownerRef: 'group:default/checkout',
      repository: 'checkout/two',
    });
    clock.now = new Date('2026-12-01T12:20:00Z');
    await a.reserve({
      ownerRef: 'group:default/checkout',
      repository: 'checkout/three',
    });
    // Another team has its own count.
    await b.reserve({
      ownerRef: 'group:default/payments',
      repository: 'payments/one',
    });

    clock.now = new Date('2026-12-01T12:30:00Z');
    const refused = b.reserve({
      ownerRef: 'group:default/checkout',
      repository: 'checkout/four',
    });
    await expect(refused).rejects.toThrow(NotAllowedError);
    await expect(refused).rejects.toThrow(
      'group:default/checkout has created 3 golden-path repositories in the last hour, the quota ' +
        '(launchpad.goldenPaths.quota.reposPerTeamPerHour: 3); the next one can be created at 13:00 UTC (in 30 min)',
    );

    // One hour after the first, its slot is free again.
    clock.now = new Date('2026-12-01T13:00:01Z');
    await expect(
      a.reserve({
        ownerRef: 'group:default/checkout',
        repository: 'checkout/four',
      }),
    ).resolves.toBeDefined();
    await expect(
      a.reserve({
        ownerRef: 'group:default/checkout',
        repository: 'checkout/five',
      }),
    ).rejects.toThrow(/next one can be created at 13:10 UTC/);
  });

  it('gives a slot back when the repository was not created after all', async () => {
    const clock = { now: new Date('2026-12-01T12:00:00Z') };
    const { a } = await quotas(1, clock);
    const failed = await a.reserve({
      ownerRef: 'group:default/checkout',
      repository: 'checkout/broken',
    });
    await failed.release();
    await expect(
      a.reserve({
        ownerRef: 'group:default/checkout',
        repository: 'checkout/works',
      }),
    ).resolves.toBeDefined();
    await expect(
      a.reserve({
        ownerRef: 'group:default/checkout',
        repository: 'checkout/more',
      }),
    ).rejects.toThrow(/quota/);
  });

  it('lets exactly the quota through when tasks race for the last slots', async () => {
    const clock = { now: new Date('2026-12-01T12:00:00Z') };
    const { a, b } = await quotas(3, clock);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).reserve({
          ownerRef: 'group:default/checkout',
          repository: `checkout/r${i}`,
        }),
      ),
    );
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(3);
    expect(
      results
        .filter(r => r.status === 'rejected')
        .map(r => (r as PromiseRejectedResult).reason.name),
    ).toEqual(Array(9).fill('NotAllowedError'));
  });

  it('with a quota of 0 creates nothing', async () => {
    const { a } = await quotas(0, { now: new Date() });
    await expect(
      a.reserve({
        ownerRef: 'group:default/checkout',
        repository: 'checkout/x',
      }),
    ).rejects.toThrow(/reposPerTeamPerHour: 0/);
  });

  it.each([-1, 1.5])(
    'refuses %p as reposPerTeamPerHour, naming the key',
    value => {
      expect(() =>
        readReposPerTeamPerHour(
          mockServices.rootConfig({
            data: {
              launchpad: {
                goldenPaths: { quota: { reposPerTeamPerHour: value } },
              },
            },
          }),
        ),
      ).toThrow(
        /launchpad.goldenPaths.quota.reposPerTeamPerHour must be a whole number/,
      );
    },
  );

  it('defaults to 20 per team per hour', () => {
    expect(readReposPerTeamPerHour(mockServices.rootConfig())).toBe(20);
  });
});
