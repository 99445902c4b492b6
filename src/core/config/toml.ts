// TOML with positions. Diagnostics, provenance and quick fixes all need the exact place of a key and
// its value, so files are parsed once and the result is indexed by key path.
//
// Why we parse ourselves (tomlParser.ts): linting a 1,000-line config.toml has a budget of
// under 5 ms, and no maintained JavaScript TOML parser that keeps positions came close. Measured
// on that file (scripts/bench.ts, medians, node 20, a shared 2-core machine): toml-eslint-parser
// (TOML 1.1, source ranges) took ~6 ms to parse it and our key-path index over its AST ~6 ms more,
// ~15 ms for the whole lint; smol-toml parses it in ~0.5-0.9 ms but keeps no positions.
// tomlParser.ts builds value and index in one pass in ~1.2 ms (about twice smol-toml's bare parse).
// It accepts and refuses what toml-eslint-parser (TOML 1.1) did (test/unit/tomlParser.test.ts
// checks thousands of generated documents against it and smol-toml) except where Codex refuses
// more, and it reports errors in document order, as Codex does.
import { childKey as childKeyOfJson, MAX_TOML_DEPTH, parseTomlDocument, ROOT, TomlParseError } from './tomlParser';
import type { KeyLocation, TomlSyntaxError, TomlTable, TomlValue } from './tomlTypes';

export type { KeyLocation, Span, TomlSyntaxError, TomlTable, TomlValue } from './tomlTypes';

export type ParsedToml =
  | {
      readonly ok: true;
      readonly value: TomlTable;
      readonly locations: ReadonlyMap<string, KeyLocation>;
      readonly text: string;
      readonly integralFloats?: ReadonlySet<string>;
    }
  | { readonly ok: false; readonly error: TomlSyntaxError; readonly text: string };

/** The map key for a path of TOML keys: JSON keeps dots and quotes inside a key unambiguous. */
export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** pathKey([]). */
export const ROOT_KEY = ROOT;

/** pathKey([...parent, seg]) from pathKey(parent), without re-serialising the parent. */
export function childKey(parentKey: string, seg: string | number): string {
  return childKeyOfJson(parentKey, JSON.stringify(seg));
}

/**
 * Codex (toml_edit) reports a missing value at the end of the line where it was expected, not at
 * the next token, possibly lines later. When only whitespace separates the error from the
 * previous content, point where Codex points: just after that content's line.
 */
export function codexErrorOffset(text: string, index: number): number {
  let i = Math.min(index, text.length);
  let sawNewline = i >= text.length;
  while (i > 0 && /\s/.test(text[i - 1])) {
    if (text[i - 1] === '\n') sawNewline = true;
    i--;
  }
  if (!sawNewline) return index;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** 1-based line and column of a 0-based offset. */
export function lineColumnAt(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Codex refuses a CR that is not followed by a LF, naming the column just after it (measured: `model = "a"\\r...` gives 1:13). */
export function loneCarriageReturn(text: string): TomlSyntaxError | undefined {
  const loneCr = text.indexOf('\r') === -1 ? null : /\r(?!\n)/.exec(text);
  if (!loneCr) return undefined;
  const { line, column } = lineColumnAt(text, loneCr.index);
  return { message: 'carriage return must be followed by a line feed', line, column: column + 1 };
}

/**
 * Parses TOML text the way Codex reads a config file: a leading BOM is allowed, CRLF is allowed,
 * TOML 1.1 inline tables are allowed. A lone CR is rejected, as Codex rejects it.
 */
export function parseTomlWithPositions(input: string): ParsedToml {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const crError = loneCarriageReturn(text);
  if (crError) return { ok: false, text, error: crError };
  try {
    const { value, locations, integralFloats } = parseTomlDocument(text);
    return { ok: true, value, locations, text, integralFloats };
  } catch (e) {
    if (e instanceof TomlParseError) {
      if (e.line !== undefined && e.column !== undefined)
        return { ok: false, text, error: { message: e.message, line: e.line, column: e.column } };
      // A key conflict is reported where the second definition is, as Codex does; only a
      // missing value is moved back to the line where it was expected.
      const at = e.kind === 'key' ? e.index : codexErrorOffset(text, e.index);
      return { ok: false, text, error: { message: e.message, ...lineColumnAt(text, at) } };
    }
    // Not expected (the parser recurses no deeper than the nesting limit), but a failure of the
    // parser itself is no proof that Codex refuses the file.
    return {
      ok: false,
      text,
      error: {
        message: `the file could not be checked (${e instanceof Error ? e.message : String(e)})`,
        line: 1,
        column: 1,
        unsupported: true,
      },
    };
  }
}

/**
 * Codex's TOML parser stops at 80 levels: arrays and inline tables nested deeper, or a table or
 * dotted key path longer than that, make it refuse the file (measured with codex 0.171: 80 nested
 * arrays load, 81 fail at the 81st `[`; an 81-part dotted key or header fails at its line, column
 * 1). How the limits combine (a deep header holding deep arrays) is not measured; each counts on
 * its own. The parser checks as it goes, so a hostile file cannot overflow the stack of the
 * parser or of anything that walks the result.
 */
export { MAX_TOML_DEPTH };

export function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Reads a nested value by key path, or undefined. */
export function getPath(table: TomlTable, path: readonly string[]): TomlValue | undefined {
  let cur: TomlValue | undefined = table;
  for (const seg of path) {
    if (!isTable(cur)) return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, seg) ? cur[seg] : undefined;
  }
  return cur;
}
