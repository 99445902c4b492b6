// Text edits for quick fixes. They work on the original text by offset, so everything around the
// edited key (comments, blank lines, quoting style, indentation) stays as the user wrote it.
import type { KeyLocation, Span } from '../config/toml';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Span of [start, end) in text, 1-based lines and columns. */
export function spanOf(text: string, start: number, end: number): Span {
  const pos = (o: number) => {
    const before = text.slice(0, o);
    const line = before.split('\n').length;
    return { line, column: o - (before.lastIndexOf('\n') + 1) + 1 };
  };
  const a = pos(start);
  const b = pos(end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, start, end };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndIncl(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Removes one `key = value`: the whole line when the pair has its line to itself (a trailing comment
 * goes with it), otherwise the pair and one neighbouring comma inside an inline table.
 */
export function removeKeyValue(text: string, loc: KeyLocation): TextEdit {
  const start = loc.key.start;
  const end = (loc.value ?? loc.key).end;
  const ls = lineStart(text, start);
  const le = lineEndIncl(text, end);
  const after = text.slice(end, le);
  if (text.slice(ls, start).trim() === '' && /^\s*(#.*)?\r?\n?$/.test(after)) return { start: ls, end: le, newText: '' };
  const trailing = /^\s*,\s*/.exec(text.slice(end));
  if (trailing) return { start, end: end + trailing[0].length, newText: '' };
  const leading = /,\s*$/.exec(text.slice(0, start));
  if (leading) return { start: start - leading[0].length, end, newText: '' };
  return { start, end, newText: '' };
}

/** Replaces a value span. */
export function replaceValue(loc: KeyLocation, newText: string): TextEdit {
  const v = loc.value ?? loc.key;
  return { start: v.start, end: v.end, newText };
}

/** The newline style of the file. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Where a top-level key can be added: before the first `[table]` header (so it is not captured by
 * it), else at the end of the file.
 */
export function topLevelInsert(text: string, headerStarts: readonly number[], line: string): TextEdit {
  const nl = eol(text);
  if (headerStarts.length === 0) {
    const needsNl = text.length > 0 && !text.endsWith('\n');
    return { start: text.length, end: text.length, newText: `${needsNl ? nl : ''}${line}${nl}` };
  }
  const first = lineStart(text, Math.min(...headerStarts));
  return { start: first, end: first, newText: `${line}${nl}` };
}

/**
 * The text range of a `[table]` block: from its header line to the next header (trailing comment
 * lines right above the next header stay with that header).
 */
export function tableBlock(text: string, headerStart: number, headerStarts: readonly number[]): { start: number; end: number } {
  const start = lineStart(text, headerStart);
  const next = headerStarts.filter((s) => s > headerStart).sort((a, b) => a - b)[0];
  let end = next === undefined ? text.length : lineStart(text, next);
  if (next !== undefined) {
    // Give comment lines directly above the next header back to it.
    for (;;) {
      const prevLineStart = lineStart(text, end - 1);
      if (prevLineStart <= start || !/^\s*#/.test(text.slice(prevLineStart, end))) break;
      end = prevLineStart;
    }
  }
  return { start, end };
}

/** A TOML basic string for a word. */
export function tomlString(s: string): string {
  return JSON.stringify(s);
}

/** Applies non-overlapping edits (in any order) to text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
