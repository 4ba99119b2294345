import { isBinary } from './mergeFile';
import type { FileMergeResult, MergeLabels } from './mergeFile';

/** Repository path -> content. */
export type FileTree = Map<string, Buffer>;

/** What {@link mergeTrees} decided for a repository. */
export interface TreeMergeResult {
  /** Files to write (new or changed content); nothing else is touched. */
  writes: Map<string, Buffer>;
  /** Files left with conflict markers (or, for binaries, kept as the team's and listed). */
  conflicts: string[];
  /** Files the team deleted that the template still has: they stay deleted. */
  keptDeleted: string[];
  /**
   * Files the new version no longer has. They are left in place (the git
   * host's proposals add and change files, and a team may still use them);
   * the proposal lists them for the owners to remove.
   */
  removedByTemplate: string[];
}

/**
 * The per-file rules of an upgrade, given the old version rendered with the
 * recorded answers (`base`), the new version (`theirs`) and the repository
 * (`ours`):
 * - a path the template never rendered (in neither version) is never touched;
 * - the team deleted a file the old version had: it stays deleted;
 * - unchanged by the team: the new version's content;
 * - unchanged by the template: the team's content;
 * - both changed: a real three-way merge (`merge`), conflicts kept as markers and listed;
 * - a new template file at a path where the team already has a file: merged
 *   against an empty base (add/add), so the team's content is never overwritten;
 * - `opaque` paths (links, anything not a regular file) are never written.
 */
export async function mergeTrees(options: {
  base: FileTree;
  theirs: FileTree;
  ours: FileTree;
  opaque?: Set<string>;
  labels: MergeLabels;
  merge: (
    sides: { ours: Buffer; base: Buffer; theirs: Buffer },
    labels: MergeLabels,
  ) => Promise<FileMergeResult>;
}): Promise<TreeMergeResult> {
  const { base, theirs, ours, labels } = options;
  const opaque = options.opaque ?? new Set<string>();
  const result: TreeMergeResult = {
    writes: new Map(),
    conflicts: [],
    keptDeleted: [],
    removedByTemplate: [],
  };
  const managed = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  for (const file of managed) {
    const b = base.get(file);
    const t = theirs.get(file);
    const o = ours.get(file);
    if (opaque.has(file)) {
      if (t !== undefined && (b === undefined || !b.equals(t)))
        result.conflicts.push(file);
      continue;
    }
    if (t === undefined) {
      if (o !== undefined) result.removedByTemplate.push(file);
      continue;
    }
    if (o === undefined) {
      if (b !== undefined) result.keptDeleted.push(file);
      else result.writes.set(file, t);
      continue;
    }
    if (o.equals(t)) continue;
    if (b !== undefined && o.equals(b)) {
      result.writes.set(file, t);
      continue;
    }
    if (b !== undefined && t.equals(b)) continue;
    if (isBinary(o) || isBinary(t) || (b !== undefined && isBinary(b))) {
      // no line merge for binaries: the team's file stays, the proposal lists it
      result.conflicts.push(file);
      continue;
    }
    const merged = await options.merge(
      { ours: o, base: b ?? Buffer.alloc(0), theirs: t },
      labels,
    );
    if (!merged.content.equals(o)) result.writes.set(file, merged.content);
    if (merged.conflicts > 0) result.conflicts.push(file);
  }
  return result;
}
