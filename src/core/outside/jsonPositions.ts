// JSON with the line of every value, for `hooks.json`: a hook found there is reported at the line
// of its command, like every other value the extension shows. JSON.parse keeps no positions.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonParse =
  | { readonly ok: true; readonly value: JsonValue; readonly lines: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly message: string; readonly line: number };

/** The map key of a path, as in the TOML index: JSON keeps odd key text unambiguous. */
export function jsonPathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** Parses JSON (RFC 8259, as serde_json reads it) and records the 1-based line where each value starts. */
export function parseJsonWithLines(text: string): JsonParse {
  let i = 0;
  let line = 1;
  const lines = new Map<string, number>();
  const fail = (message: string): never => {
    throw new JsonError(message, line);
  };
  const ws = (): void => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const str = (): string => {
    // JSON.parse of the literal handles every escape; we only find where it ends.
    const start = i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') break;
      else if (c === '\n' || c < ' ') fail('control character in string');
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad escape in string');
    }
  };
  const value = (path: (string | number)[], depth: number): JsonValue => {
    if (depth > 200) fail('nested too deeply');
    ws();
    lines.set(jsonPathKey(path), line);
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        obj[k] = value([...path, k], depth + 1);
        ws();
        const d = text[i++];
        if (d === '}') return obj;
        if (d !== ',') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value([...path, arr.length], depth + 1));
        ws();
        const d = text[i++];
        if (d === ']') return arr;
        if (d !== ',') fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) return fail('expected a value');
    i += m[0].length;
    return JSON.parse(m[0]) as JsonValue;
  };
  try {
    const v = value([], 0);
    ws();
    if (i < text.length) fail('trailing characters');
    return { ok: true, value: v, lines };
  } catch (e) {
    if (e instanceof JsonError) return { ok: false, message: e.message, line: e.line };
    throw e;
  }
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}
