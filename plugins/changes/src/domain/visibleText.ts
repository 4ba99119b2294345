/**
 * Characters that change how text around them reads without being seen:
 * controls (but tab), bidirectional overrides and isolates (Trojan Source),
 * zero-width characters and the byte order mark.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A piece of text: shown as is, or a hidden character shown by its code point. */
export interface TextSegment {
  text: string;
  hidden: boolean;
}

/** The code point of a hidden character, as shown in its place: `<U+202E>`. */
export const codePointLabel = (char: string) =>
  `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

/** Splits text so that every hidden character is shown by its code point. */
export function visibleSegments(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN)) {
    const at = match.index!;
    if (at > last) segments.push({ text: text.slice(last, at), hidden: false });
    segments.push({ text: codePointLabel(match[0]), hidden: true });
    last = at + match[0].length;
  }
  if (last < text.length)
    segments.push({ text: text.slice(last), hidden: false });
  return segments;
}

/** Text with every hidden character replaced by its code point (for names, titles and labels). */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, codePointLabel);
}

/** Whether text holds a hidden character. */
export function hasHidden(text: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(text);
  HIDDEN.lastIndex = 0;
  return found;
}
