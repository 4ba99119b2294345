import {
  ANSWERS_PATH,
  parseLineage,
} from '@internal/plugin-scaffolder-backend-module-launchpad';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  FleetResult,
  NEW_TEMPLATE_FILES,
  runFleet,
  upgradedDir,
} from './__testUtils__/fleet';

jest.setTimeout(15 * 60_000);

const run = promisify(execFile);
let root: string;
let results: FleetResult[];
let fixture: Awaited<ReturnType<typeof runFleet>>['fixture'];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'template-fleet-'));
  ({ results, fixture } = await runFleet({ root, perTemplate: 10 }));
});

afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

const text = (r: FleetResult, file: string) =>
  r.after.get(file)?.toString('utf-8');

describe('a fleet of 30 repositories upgraded to a newer template version', () => {
  it('has 10 repositories of each golden path', () => {
    expect(results).toHaveLength(30);
    const count = (t: string) =>
      results.filter(r => r.repo.template === t).length;
    expect([
      count('node-service'),
      count('go-service'),
      count('postgres-database'),
    ]).toEqual([10, 10, 10]);
  });

  it('keeps every team edit', () => {
    for (const r of results) {
      for (const [key, line] of Object.entries(r.repo.edits)) {
        const file = key.split('#')[0];
        expect({
          repo: r.repo.name,
          file,
          has: text(r, file)?.includes(line),
        }).toEqual({ repo: r.repo.name, file, has: true });
      }
    }
  });

  it('touches no file outside the template\u2019s set, and none of the team\u2019s own', () => {
    for (const r of results) {
      const outside = r.changed.filter(
        f => !r.repo.created.has(f) && !NEW_TEMPLATE_FILES.has(f),
      );
      expect({ repo: r.repo.name, outside }).toEqual({
        repo: r.repo.name,
        outside: [],
      });
      for (const [file, content] of Object.entries(r.repo.own)) {
        expect(r.changed).not.toContain(file);
        expect(text(r, file)).toBe(content);
      }
    }
  });

  it('keeps the team\u2019s deletions', () => {
    for (const r of results) {
      for (const file of r.repo.deleted) {
        expect({ repo: r.repo.name, file, present: r.after.has(file) }).toEqual(
          { repo: r.repo.name, file, present: false },
        );
      }
      expect(r.plan.keptDeleted).toEqual(
        expect.arrayContaining(r.repo.deleted),
      );
    }
  });

  it('marks and reports conflicts, and only where the team changed what the template changed', () => {
    for (const r of results) {
      const expected = r.repo.expectConflict ? [r.repo.expectConflict] : [];
      expect({ repo: r.repo.name, conflicts: r.plan.conflicts }).toEqual({
        repo: r.repo.name,
        conflicts: expected,
      });
      for (const file of r.plan.conflicts) {
        expect(text(r, file)).toMatch(
          /^<<<<<<< your repository$[\s\S]*^=======$[\s\S]*^>>>>>>> /m,
        );
      }
    }
    expect(results.filter(r => r.plan.conflicts.length)).toHaveLength(2);
  });

  it('applies the template\u2019s changes and its migration, and records the new lineage', () => {
    for (const r of results) {
      const lineage = parseLineage(text(r, ANSWERS_PATH)!);
      expect(lineage.version).toBe(fixture.versions[r.repo.template].new);
    }
    for (const r of results.filter(
      x => x.repo.template === 'postgres-database',
    )) {
      expect(text(r, 'README.md')).toContain(
        'Upgrades: the portal proposes template upgrades',
      );
      expect(text(r, `charts/${r.repo.name}/values.yaml`)).toContain(
        'two or more instances keep the database up while a node is drained',
      );
    }
    const services = results.filter(
      x => x.repo.template !== 'postgres-database',
    );
    expect(services).toHaveLength(20);
    for (const r of services) {
      expect(text(r, '.editorconfig')).toContain('root = true');
      const values = text(r, `charts/${r.repo.name}/values.yaml`)!;
      expect(values).not.toContain('metricsPort');
      expect(values).toMatch(/^metrics:\n {2}port: (9090|9191)$/m);
      expect(r.plan.migrated).toEqual([`charts/${r.repo.name}/values.yaml`]);
    }
    for (const r of services.filter(x => !x.repo.expectConflict)) {
      expect(text(r, '.github/workflows/ci.yaml')).not.toContain(
        'ubuntu-latest',
      );
    }
  });

  it('passes the template harness validators (one upgraded repository per golden path)', async () => {
    const script = path.join(__dirname, '__testUtils__', 'validateRepo.mjs');
    for (const name of ['node-svc-1', 'go-svc-1', 'orders-db-1']) {
      const { stdout } = await run(
        process.execPath,
        [script, upgradedDir(root, name)],
        {
          maxBuffer: 64 << 20,
          timeout: 10 * 60_000,
        },
      );
      const { checks, findings } = JSON.parse(stdout);
      expect(checks.length).toBeGreaterThan(3);
      expect({ repo: name, findings }).toEqual({ repo: name, findings: [] });
    }
  });
});
