// Text that comes from files, paths, git, terminals or other programs, made safe for what we write:
// Markdown documents (the session record, the audit report), inline code, and plain one-line text
// (the commit message summary). Escaping keeps `/ - . : _` so paths, keys and branches stay readable;
// it removes what can act rather than show: links and images, raw HTML and entities, table pipes,
// code-span breakouts, terminal escape sequences and bidi overrides (Trojan Source).

/**
 * Control characters (C0 without tab/newline, DEL, C1 such as the 8-bit CSI), zero-width and bidi
 * formatting characters, line/paragraph separators and the BOM. Newline and tab are handled by
 * the functions (they become spaces in one-line text).
 */
export const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** One line of plain text: newlines and tabs become spaces, other unsafe characters are removed. */
export function plainText(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(UNSAFE_CHARS, '');
}

/**
 * Markdown prose or a table cell: plainText, then the characters that open Markdown syntax that
 * can act or hide text are backslash-escaped (CommonMark renders `\x` as `x`): `[ ]` (links and
 * images: without them `(url)` is plain text), `< >` (autolinks, raw HTML), `&` (entities such as
 * `&#x202e;`), `` ` `` (a code span could pair with one of ours and un-escape what follows), `|`
 * (table cells) and `\` itself. Emphasis (`* _ ~`) is left alone: it can only restyle the value,
 * and these documents are often read raw, where `\_` in every key name would be noise.
 */
export function markdownText(text: string): string {
  return plainText(text).replace(/[\\`[\]<>|&]/g, (c) => `\\${c}`);
}

/**
 * Inline code: backticks cannot close the span (they become '), unsafe characters are removed.
 * In a table, a pipe must be escaped even inside code (GFM splits cells first).
 */
export function markdownCode(text: string, inTable = false): string {
  const t = plainText(text).replace(/`/g, "'");
  return `\`${inTable ? t.replace(/\|/g, '\\|') : t}\``;
}

/**
 * For a terminal (the CLI's output): unsafe characters, carriage return included, become visible
 * `\uXXXX` escapes, so a path or a key cannot clear the screen, rewrite a line, make a hidden
 * hyperlink (OSC 8) or reorder text. Inside JSON strings that is the same JSON escape, so `--json`
 * and SARIF still parse to the very same values.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A quick pick label or description, which VS Code renders with theme icons: plainText, and a
 * `$(name)` from a path or branch stays text (VS Code drops the backslash in front) instead of
 * turning into an icon and vanishing.
 */
export function themeIconText(text: string): string {
  return plainText(text).replace(/\$\(/g, '\\$(');
}

/**
 * One line of a log: as terminalText, and a line break too becomes a visible `\u000a`, so a path,
 * branch name or config value cannot start a line that reads as another log entry.
 */
export function logText(text: string): string {
  return terminalText(text).replace(/\n/g, '\\u000a');
}
