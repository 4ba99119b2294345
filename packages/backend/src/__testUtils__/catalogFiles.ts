import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/** An entity as declared in a YAML file, with the file it came from. */
export interface DeclaredEntity {
  ref: string;
  kind: string;
  name: string;
  file: string;
  document: any;
}

/**
 * Reads every entity reachable from a Location file, following relative
 * `spec.target`/`spec.targets` the way the catalog does for file locations.
 * Tests compare the catalog's contents with this list instead of counting
 * on hard-coded numbers.
 */
export function readDeclaredEntities(locationFile: string): DeclaredEntity[] {
  const seen = new Set<string>();
  const out: DeclaredEntity[] = [];
  const visit = (file: string) => {
    const abs = path.resolve(file);
    if (seen.has(abs)) return;
    seen.add(abs);
    for (const doc of yaml.parseAllDocuments(fs.readFileSync(abs, 'utf-8'))) {
      const entity = doc.toJSON();
      if (!entity || typeof entity !== 'object') continue;
      const namespace = entity.metadata?.namespace ?? 'default';
      out.push({
        ref: `${entity.kind}:${namespace}/${entity.metadata?.name}`.toLocaleLowerCase(
          'en-US',
        ),
        kind: entity.kind,
        name: entity.metadata?.name,
        file: abs,
        document: entity,
      });
      if (entity.kind === 'Location') {
        const targets = [
          entity.spec?.target,
          ...(entity.spec?.targets ?? []),
        ].filter(Boolean);
        for (const target of targets)
          visit(path.resolve(path.dirname(abs), target));
      }
    }
  };
  visit(locationFile);
  return out;
}
