import type { ChangeDiff } from '../api/types';

/** One line of a file's diff. */
export interface DiffLine {
  kind: 'add' | 'del' | 'context' | 'hunk' | 'note';
  /** The line without its +/-/space prefix (a hunk header or note as it is). */
  text: string;
  /** Line number in the old file (del, context). */
  oldLine?: number;
  /** Line number in the new file (add, context). */
  newLine?: number;
  /** An added git conflict marker (<<<<<<<, |||||||, =======, >>>>>>>). */
  conflictMarker?: boolean;
}

/** One file of a diff. */
export interface DiffFile {
  path: string;
  /** git's status letter: A added, M modified, D deleted, R renamed, C copied, T type changed. */
  status: string;
  /** The header lines git printed before the first hunk (index, mode, rename, binary). */
  header: string[];
  lines: DiffLine[];
  additions: number;
  deletions: number;
  binary: boolean;
  /** Added lines hold both a start and an end conflict marker. */
  conflicted: boolean;
  /** The patch was cut before this file's diff (or in the middle of it). */
  cut: boolean;
}

/** A diff split per file. */
export interface ParsedDiff {
  files: DiffFile[];
  truncated: boolean;
  additions: number;
  deletions: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
const MARKER_START = /^<{7}(?: |$)/;
const MARKER_END = /^>{7}(?: |$)/;
const MARKER_OTHER = /^(?:={7}|\|{7}(?: .*)?)$/;

/**
 * Splits git's unified diff into its files. The file names come from the
 * server's list (git's -z output, never quoted or escaped); the patch's
 * sections are in the same order. Lines are classified by their first
 * character only after a section's first hunk header, so content such as
 * "--- x" or "diff --git" inside a hunk is never read as a header.
 */
export function parseDiff(diff: ChangeDiff): ParsedDiff {
  const sections: string[][] = [];
  let current: string[] | undefined;
  const lines = diff.patch.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ')) {
      current = [line];
      sections.push(current);
    } else if (current) {
      current.push(line);
    }
  }

  const count = Math.max(diff.files.length, sections.length);
  const files: DiffFile[] = [];
  for (let i = 0; i < count; i++) {
    const listed = diff.files[i];
    const section = sections[i];
    files.push(
      parseSection(
        listed?.path ?? section?.[0]?.replace(/^diff --(?:git|cc) /, '') ?? '',
        listed?.status ?? '?',
        section,
        // the last section of a cut patch may be cut too
        diff.truncated && (i >= sections.length - 1 || !section),
      ),
    );
  }
  return {
    files,
    truncated: diff.truncated,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
  };
}

function parseSection(
  path: string,
  status: string,
  section: string[] | undefined,
  cut: boolean,
): DiffFile {
  const file: DiffFile = {
    path,
    status,
    header: [],
    lines: [],
    additions: 0,
    deletions: 0,
    binary: false,
    conflicted: false,
    cut: cut || !section,
  };
  if (!section) return file;
  let inHunks = false;
  let oldLine = 0;
  let newLine = 0;
  let start = false;
  let end = false;
  for (const raw of section.slice(1)) {
    const hunk = HUNK.exec(raw);
    if (hunk) {
      inHunks = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      file.lines.push({ kind: 'hunk', text: raw });
      continue;
    }
    if (!inHunks) {
      file.header.push(raw);
      if (raw.startsWith('Binary files ') || raw === 'GIT binary patch')
        file.binary = true;
      continue;
    }
    const text = raw.slice(1);
    switch (raw[0]) {
      case '+': {
        const conflictMarker =
          MARKER_START.test(text) ||
          MARKER_END.test(text) ||
          MARKER_OTHER.test(text);
        if (MARKER_START.test(text)) start = true;
        if (MARKER_END.test(text)) end = true;
        file.lines.push({
          kind: 'add',
          text,
          newLine: newLine++,
          ...(conflictMarker ? { conflictMarker } : {}),
        });
        file.additions++;
        break;
      }
      case '-':
        file.lines.push({ kind: 'del', text, oldLine: oldLine++ });
        file.deletions++;
        break;
      case '\\':
        file.lines.push({ kind: 'note', text: raw });
        break;
      default:
        // ' ' context; an empty line is a context line whose space was lost
        file.lines.push({
          kind: 'context',
          text,
          oldLine: oldLine++,
          newLine: newLine++,
        });
    }
  }
  file.conflicted = start && end;
  return file;
}

/**
 * Files a proposal's description lists under a "Conflicts" heading, as
 * "- path" or "* path" lines (backticks around the path are dropped).
 */
export function conflictsFromDescription(description: string): string[] {
  const found: string[] = [];
  let inList = false;
  for (const line of description.split('\n')) {
    const trimmed = line.trim();
    if (
      /^(?:#+\s*)?(?:\*\*)?conflict(?:s|ed files|ing files)?\b[^\n]*$/i.test(
        trimmed,
      ) &&
      trimmed.length < 160 &&
      !/^[-*]\s/.test(trimmed)
    ) {
      inList = true;
      continue;
    }
    if (!inList) continue;
    const item = /^[-*]\s+`?(.+?)`?\s*$/.exec(trimmed);
    if (item) found.push(item[1]);
    else if (trimmed) inList = false;
  }
  return found;
}

/** The conflicted files: those the diff shows markers in, then those the description lists. */
export function conflictedFiles(
  parsed: ParsedDiff,
  description: string,
): string[] {
  return [
    ...new Set([
      ...parsed.files.filter(f => f.conflicted).map(f => f.path),
      ...conflictsFromDescription(description),
    ]),
  ];
}
