// The test oracle for src/core/config/tomlParser.ts: parseTomlWithPositions as it was when it sat on
// toml-eslint-parser (TOML 1.1, a maintained parser that keeps source ranges), kept so the
// differential test can compare the two on generated documents. Not used at run time.
import { getStaticTOMLValue, parseTOML, ParseError, type AST } from 'toml-eslint-parser';
import {
  childKey,
  codexErrorOffset,
  lineColumnAt,
  loneCarriageReturn,
  ROOT_KEY,
  type KeyLocation,
  type ParsedToml,
  type Span,
  type TomlSyntaxError,
  type TomlTable,
} from '../../src/core/config/toml';

function spanOf(node: AST.HasLocs): Span {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
    start: node.range[0],
    end: node.range[1],
  };
}

function segName(k: AST.TOMLKey['keys'][number]): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

/**
 * Parses TOML text the way Codex reads a config file: a leading BOM is allowed, CRLF is allowed,
 * TOML 1.1 inline tables are allowed. A lone CR is rejected, as Codex rejects it.
 */
export function parseTomlWithEslintParser(input: string): ParsedToml {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const crError = loneCarriageReturn(text);
  if (crError) return { ok: false, text, error: crError };
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text, { tomlVersion: '1.1' });
  } catch (e) {
    if (e instanceof ParseError) {
      // A duplicate key is reported where the second definition starts, as Codex does; only a
      // missing value is moved back to the line where it was expected.
      const at = /multiple times/.test(e.message) ? e.index : codexErrorOffset(text, e.index);
      return { ok: false, text, error: { message: e.message.replace(/\s*\(\d+:\d+\)$/, ''), ...lineColumnAt(text, at) } };
    }
    if (e instanceof RangeError) {
      // toml-eslint-parser spreads every character of a string into one call; past ~100,000
      // characters that overflows the stack. Codex reads such a file, so say we cannot check it.
      return {
        ok: false,
        text,
        error: {
          message: 'a value is too long to check (over about 100,000 characters in one string or number)',
          line: 1,
          column: 1,
          unsupported: true,
        },
      };
    }
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, text, error: { message, line: 1, column: 1 } };
  }
  const tooDeep = nestingError(program);
  if (tooDeep) return { ok: false, text, error: tooDeep };
  // The index is built with incremental keys (childKey) and shared spans: on a 1,000-line file
  // re-serialising every prefix with JSON.stringify and spreading arrays per key cost more than
  // the rules themselves.
  const locations = new Map<string, KeyLocation>();
  const indexKeyValues = (body: readonly AST.TOMLKeyValue[], prefixKey: string, header: KeyLocation['header']): void => {
    for (const kv of body) {
      const segs = kv.key.keys;
      const keySpan = spanOf(kv.key);
      let k = prefixKey;
      // Dotted keys (`a.b = 1`) define the intermediate tables too; point them at the key.
      for (let i = 0; i < segs.length - 1; i++) {
        k = childKey(k, segName(segs[i]));
        if (!locations.has(k)) locations.set(k, { key: keySpan, header, isHeader: false });
      }
      k = childKey(k, segName(segs[segs.length - 1]));
      locations.set(k, { key: keySpan, value: spanOf(kv.value), header, isHeader: false });
      indexValue(kv.value, k, header);
    }
  };
  const indexValue = (node: AST.TOMLContentNode, key: string, header: KeyLocation['header']): void => {
    if (node.type === 'TOMLInlineTable') indexKeyValues(node.body, key, header);
    else if (node.type === 'TOMLArray') {
      const els = node.elements;
      for (let i = 0; i < els.length; i++) {
        const p = childKey(key, i);
        if (!locations.has(p)) {
          const s = spanOf(els[i]);
          locations.set(p, { key: s, value: s, header, isHeader: false });
        }
        indexValue(els[i], p, header);
      }
    }
  };
  const top = program.body[0];
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      indexKeyValues([item], ROOT_KEY, undefined);
    } else {
      const path = item.resolvedKey;
      const headerPath = path.map(String);
      const span = spanOf(item.key);
      const h = { path: headerPath, span };
      // prefixes[i] is the key of path.slice(0, i + 1).
      const prefixes: string[] = [];
      let k = ROOT_KEY;
      for (const seg of path) prefixes.push((k = childKey(k, seg)));
      if (!locations.has(k)) locations.set(k, { key: span, header: h, isHeader: true });
      // Parent tables implied by a header (`[a.b]` implies `a`) point at that header.
      for (let i = 0; i < path.length - 1; i++) {
        if (!locations.has(prefixes[i])) locations.set(prefixes[i], { key: span, header: h, isHeader: true });
      }
      indexKeyValues(item.body, k, h);
    }
  }
  const value = getStaticTOMLValue(program) as unknown as TomlTable;
  return { ok: true, value, locations, text };
}

/**
 * Codex's TOML parser stops at 80 levels: arrays and inline tables nested deeper, or a table or
 * dotted key path longer than that, make it refuse the file (measured with codex 0.171: 80 nested
 * arrays load, 81 fail at the 81st `[`; an 81-part dotted key or header fails at its line, column
 * 1). How the limits combine (a deep header holding deep arrays) is not measured. Checking first, without recursion, also keeps a hostile file from overflowing the stack
 * of the parser's value builder and of everything that walks the result.
 */
const MAX_TOML_DEPTH = 80;

function nestingError(program: AST.TOMLProgram): TomlSyntaxError | undefined {
  const at = (node: AST.HasLocs, column = node.loc.start.column + 1): TomlSyntaxError => ({
    message: `nesting deeper than ${MAX_TOML_DEPTH} levels (Codex's TOML parser stops there)`,
    line: node.loc.start.line,
    column,
  });
  // Each limit counts on its own (measured: an 80-part header with a key below it loads).
  const stack: { node: AST.TOMLContentNode | AST.TOMLKeyValue; depth: number }[] = [];
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') stack.push({ node: item, depth: 0 });
    else {
      if (item.resolvedKey.length > MAX_TOML_DEPTH) return at(item, 1);
      for (const kv of item.body) stack.push({ node: kv, depth: 0 });
    }
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      if (node.type === 'TOMLKeyValue') {
        if (node.key.keys.length > MAX_TOML_DEPTH) return at(node.key, 1);
        stack.push({ node: node.value, depth });
      } else if (node.type === 'TOMLArray' || node.type === 'TOMLInlineTable') {
        if (depth + 1 > MAX_TOML_DEPTH) return at(node);
        if (node.type === 'TOMLArray') for (const el of node.elements) stack.push({ node: el, depth: depth + 1 });
        else for (const kv of node.body) stack.push({ node: kv, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
