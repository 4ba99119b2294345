import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FolderInitiativesService } from './FolderInitiativesService';

const initiative = (id: string, dueDate = '2027-03-31') => `kind: Initiative
id: ${id}
title: ${id}
scorecard: service-maturity
targetLevel: silver
dueDate: ${dueDate}
`;

describe('FolderInitiativesService', () => {
  let dir: string;
  let service: FolderInitiativesService;
  const write = (name: string, content: string) =>
    fs.writeFileSync(path.join(dir, name), content);

  beforeEach(() => {
    dir = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'initiatives-')),
      'scorecards',
    );
    fs.mkdirSync(dir);
    service = new FolderInitiativesService({
      dir,
      logger: mockServices.logger.mock(),
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('reads the initiatives of every file and ignores scorecards', async () => {
    write('initiatives.yaml', `${initiative('a')}---\n${initiative('b')}`);
    write('services.yaml', 'id: services\ntitle: Services\nchecks: []\n');
    const live = await service.list();
    expect(live.map(l => [l.initiative.id, l.file])).toEqual([
      ['a', 'scorecards/initiatives.yaml'],
      ['b', 'scorecards/initiatives.yaml'],
    ]);
    expect(service.errors()).toEqual([]);
  });

  it('keeps the last good version of a file that turns bad, and reports it', async () => {
    write('initiatives.yaml', initiative('a'));
    await service.list();
    write('initiatives.yaml', initiative('a', 'soon'));
    const live = await service.list();
    expect(live.map(l => l.initiative.dueDate)).toEqual(['2027-03-31']);
    expect(service.errors()).toEqual([
      {
        file: 'scorecards/initiatives.yaml',
        message:
          'scorecards/initiatives.yaml: initiative "a": dueDate must be a date (YYYY-MM-DD)',
        since: '2026-01-01T00:00:00.000Z',
        keptLastGood: true,
      },
    ]);

    write('initiatives.yaml', initiative('a', '2028-01-01'));
    expect((await service.list())[0].initiative.dueDate).toBe('2028-01-01');
    expect(service.errors()).toEqual([]);
  });

  it('rejects an id used by an earlier file, and drops removed files', async () => {
    write('initiatives-a.yaml', initiative('same'));
    write('initiatives-b.yaml', initiative('same'));
    expect((await service.list()).map(l => l.file)).toEqual([
      'scorecards/initiatives-a.yaml',
    ]);
    expect(service.errors()[0].message).toBe(
      'scorecards/initiatives-b.yaml: initiative "same": id is already used by scorecards/initiatives-a.yaml; this one is ignored',
    );
    fs.rmSync(path.join(dir, 'initiatives-a.yaml'));
    expect((await service.list()).map(l => l.file)).toEqual([
      'scorecards/initiatives-b.yaml',
    ]);
  });
});
