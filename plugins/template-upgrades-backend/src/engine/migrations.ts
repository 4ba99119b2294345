import { InputError } from '@backstage/errors';
import { isMap, isScalar, parseDocument, YAMLMap } from 'yaml';
import { z } from 'zod';
import type { FileTree } from './mergeTrees';
import { compareVersions } from './versions';

/**
 * `<template>/upgrades.yaml` of a template version: steps that run during an
 * upgrade that crosses `version`, on the team's files and on the re-rendered
 * old version alike (so a renamed key merges like any other line and keeps
 * the team's value).
 */
export const MIGRATIONS_FILE = 'upgrades.yaml';

const keyPath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be a dotted key path');

const stepSchema = z.object({
  renameKey: z.object({
    /** Repository path; `${{ values.x }}` of a string value is replaced. */
    file: z.string().min(1).max(300),
    from: keyPath,
    to: keyPath,
  }),
});

const fileSchema = z.object({
  migrations: z.array(
    z.object({
      version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be x.y.z'),
      description: z.string().optional(),
      steps: z.array(stepSchema).min(1),
    }),
  ),
});

/** One declared migration. */
export type Migration = z.infer<typeof fileSchema>['migrations'][number];

/** Reads upgrades.yaml; an InputError naming what is wrong. */
export function parseMigrations(text: string): Migration[] {
  const doc = parseDocument(text);
  if (doc.errors.length)
    throw new InputError(
      `${MIGRATIONS_FILE} is not valid YAML: ${doc.errors[0].message}`,
    );
  const parsed = fileSchema.safeParse(doc.toJS({ maxAliasCount: 0 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${MIGRATIONS_FILE}: ${issue.path.join('.')} ${issue.message}`,
    );
  }
  return parsed.data.migrations;
}

/** The migrations an upgrade from `from` to `to` crosses, oldest first. */
export function migrationsBetween(
  migrations: Migration[],
  from: string,
  to: string,
): Migration[] {
  return migrations
    .filter(
      m =>
        compareVersions(m.version, from) > 0 &&
        compareVersions(m.version, to) <= 0,
    )
    .sort((a, b) => compareVersions(a.version, b.version));
}

function renderPath(file: string, values: Record<string, unknown>): string {
  return file.replace(/\$\{\{\s*values\.([A-Za-z]+)\s*\}\}/g, (_, key) => {
    const value = values[key];
    if (typeof value !== 'string')
      throw new InputError(
        `${MIGRATIONS_FILE}: values.${key} is not a string value`,
      );
    return value;
  });
}

/**
 * Renames a key of a YAML file with the yaml library's Document API: the
 * node moves with its comments, nothing else in the file is re-ordered.
 * A file without the key (or without the file) is left as it is.
 */
export function renameKey(text: string, from: string, to: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  const fromPath = from.split('.');
  const toPath = to.split('.');
  if (!doc.hasIn(fromPath) || doc.hasIn(toPath)) return text;
  const parentPath = fromPath.slice(0, -1);
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  const within =
    toPath.length > parentPath.length &&
    parentPath.every((key, i) => toPath[i] === key);
  if (isMap(parent) && within && !parent.has(toPath[parentPath.length])) {
    // in place: the new key takes the old one's position and comments, so
    // the file differs from the template's new version only where the team's did
    const last = fromPath[fromPath.length - 1];
    const index = parent.items.findIndex(
      pair => (isScalar(pair.key) ? pair.key.value : pair.key) === last,
    );
    const old = parent.items[index];
    let value: unknown = old.value;
    for (const key of toPath.slice(parentPath.length + 1).reverse()) {
      const map = new YAMLMap(doc.schema);
      map.items.push(doc.createPair(key, value));
      value = map;
    }
    const pair = doc.createPair(toPath[parentPath.length], value);
    if (isScalar(old.key) && isScalar(pair.key)) {
      pair.key.commentBefore = old.key.commentBefore;
      pair.key.spaceBefore = old.key.spaceBefore;
    }
    parent.items[index] = pair;
    return doc.toString({ lineWidth: 0 });
  }
  const node = doc.getIn(fromPath, true);
  doc.deleteIn(fromPath);
  // drop parents the rename emptied
  for (let i = fromPath.length - 1; i > 0; i--) {
    const emptied = doc.getIn(fromPath.slice(0, i));
    if (isMap(emptied) && emptied.items.length === 0)
      doc.deleteIn(fromPath.slice(0, i));
    else break;
  }
  doc.setIn(toPath, node);
  return doc.toString({ lineWidth: 0 });
}

/** Applies migrations to a tree (a copy); returns the changed paths too. */
export function applyMigrations(
  tree: FileTree,
  migrations: Migration[],
  values: Record<string, unknown>,
): { tree: FileTree; changed: string[] } {
  const out = new Map(tree);
  const changed = new Set<string>();
  for (const migration of migrations) {
    for (const step of migration.steps) {
      const file = renderPath(step.renameKey.file, values);
      const content = out.get(file);
      if (content === undefined) continue;
      const before = content.toString('utf-8');
      const after = renameKey(before, step.renameKey.from, step.renameKey.to);
      if (after !== before) {
        out.set(file, Buffer.from(after, 'utf-8'));
        changed.add(file);
      }
    }
  }
  return { tree: out, changed: [...changed] };
}
