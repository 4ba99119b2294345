import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FolderDefinitionsService } from './FolderDefinitionsService';

const good = (id: string, extra = '') => `id: ${id}
title: ${id}
checks:
  - id: has-description
    title: Has a description
    level: bronze
    fact: catalog.hasDescription
    operator: equals
    value: true
${extra}`;

describe('FolderDefinitionsService', () => {
  let dir: string;
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecards-defs-'));
    fs.mkdirSync(path.join(dir, 'scorecards'));
    dir = path.join(dir, 'scorecards');
  });

  const ids = (service: FolderDefinitionsService) =>
    service.list().map(l => l.definition.id);

  it('loads every YAML file of the folder, in name order, and ignores other files', async () => {
    fs.writeFileSync(path.join(dir, 'b.yaml'), good('second'));
    fs.writeFileSync(path.join(dir, 'a.yml'), good('first'));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a definition');
    const service = await FolderDefinitionsService.create({ dir, logger });
    expect(ids(service)).toEqual(['first', 'second']);
    expect(service.list()[0].file).toBe('scorecards/a.yml');
    expect(service.errors()).toEqual([]);
  });

  it('keeps the last good definitions of a file that turns bad, reports it, and recovers', async () => {
    const file = path.join(dir, 'services.yaml');
    fs.writeFileSync(file, good('services'));
    const service = await FolderDefinitionsService.create({ dir, logger });
    const hash = service.list()[0].hash;

    fs.writeFileSync(
      file,
      good('services').replace('operator: equals', 'operator: is'),
    );
    await service.reload();
    expect(ids(service)).toEqual(['services']);
    expect(service.list()[0].hash).toBe(hash);
    const [error] = service.errors();
    expect(error).toMatchObject({
      file: 'scorecards/services.yaml',
      keptLastGood: true,
    });
    expect(error.message).toMatch(
      /^scorecards\/services\.yaml: check "has-description": operator must be one of equals/,
    );

    fs.writeFileSync(
      file,
      good('services').replace('value: true', 'value: false'),
    );
    await service.reload();
    expect(service.errors()).toEqual([]);
    expect(service.list()[0].hash).not.toBe(hash);
  });

  it('reports a file that was never good without making up definitions', async () => {
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'id: [');
    const service = await FolderDefinitionsService.create({ dir, logger });
    expect(service.list()).toEqual([]);
    expect(service.errors()).toEqual([
      expect.objectContaining({
        file: 'scorecards/broken.yaml',
        keptLastGood: false,
      }),
    ]);
  });

  it('drops the definitions of a removed file', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), good('first'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), good('second'));
    const service = await FolderDefinitionsService.create({ dir, logger });
    fs.rmSync(path.join(dir, 'b.yaml'));
    await service.reload();
    expect(ids(service)).toEqual(['first']);
  });

  it('rejects a scorecard id already defined by another file', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), good('services'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), good('services'));
    const service = await FolderDefinitionsService.create({ dir, logger });
    expect(service.list().map(l => l.file)).toEqual(['scorecards/a.yaml']);
    expect(service.errors().map(e => e.message)).toEqual([
      'scorecards/b.yaml: scorecard "services": id is already used by scorecards/a.yaml; this one is ignored',
    ]);
  });

  it('reports a missing folder and keeps what was live', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), good('first'));
    const service = await FolderDefinitionsService.create({ dir, logger });
    fs.rmSync(dir, { recursive: true });
    await service.reload();
    expect(ids(service)).toEqual(['first']);
    expect(service.errors()[0].message).toMatch(
      /cannot read the scorecard definitions folder/,
    );
  });

  it('follows changes through the folder watch', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), good('first'));
    const service = await FolderDefinitionsService.create({ dir, logger });
    service.watch();
    try {
      fs.writeFileSync(path.join(dir, 'b.yaml'), good('second'));
      const deadline = Date.now() + 10_000;
      while (ids(service).length < 2 && Date.now() < deadline)
        await new Promise(r => setTimeout(r, 50));
      expect(ids(service)).toEqual(['first', 'second']);
    } finally {
      service.close();
    }
  });
});
