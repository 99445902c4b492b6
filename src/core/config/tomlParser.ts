// Our own TOML 1.1 parser: one pass over the text that builds the value, the key-path -> position
// index (see toml.ts) and the checks Codex makes, so a 1,000-line config costs about what a bare
// parse costs. Why we parse ourselves is in toml.ts.
//
// Shape: a cursor/lexer (`next`) that turns the text into one token at a time, and a recursive
// descent over those tokens (`parse`, `keyValue`, `header`, `value`, `array`, `inlineTable`).
// The lexer has two modes, as TOML needs: where a value may start, `1979-05-27` is a date and `true`
// a boolean; where a key may start, both are bare keys.
//
// Error positions follow what Codex 0.171 (toml_edit) reports, on the line Codex names: a token
// error at the character, a grammar error at the token that does not fit (toml.ts moves a missing
// value back to the line where it was expected), a duplicate or conflicting key at the key segment
// that conflicts, in document order (measured: `c=1`, `c=2`, `=` is refused at line 2, the
// duplicate, not at the later syntax error). The same documents are accepted and refused as by
// toml-eslint-parser with tomlVersion 1.1, which this code replaced (test/unit/tomlParser.test.ts
// compares the two on thousands of generated documents), except where Codex refuses what that
// parser accepted: integers outside 64 bits, floats that overflow, and a dotted key that puts a
// value straight into a table only a `[header]` created (see `keyValue`).
import type { KeyLocation, Span, TomlTable, TomlValue } from './tomlTypes';

/** How deep Codex's parser lets arrays, inline tables and key paths go (see toml.ts). */
export const MAX_TOML_DEPTH = 80;

/** A parse failure. `index` is an offset into the text; `line`/`column` are set when the place is not an offset. */
export class TomlParseError extends Error {
  constructor(
    message: string,
    readonly index: number,
    /** 'syntax': toml.ts may move it back to the line where a missing value was expected. 'key': a key conflict, a value Codex refuses or a token that cannot start a line, reported where it is. */
    readonly kind: 'syntax' | 'key',
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface ParsedDocument {
  readonly value: TomlTable;
  readonly locations: Map<string, KeyLocation>;
  /**
   * Path keys of the values written as floats that hold a whole number (`1e5`, `2.0`): a number
   * cannot say so, and Codex refuses a float where it wants an integer (measured).
   */
  readonly integralFloats: ReadonlySet<string>;
}

// Token types. Punctuators use their own character code.
const EOF = 0;
const BARE = 1;
const BASIC = 2;
const LITERAL = 3;
const ML_BASIC = 4;
const ML_LITERAL = 5;
const SCALAR = 6; // a number, boolean or date: its value is in `tVal`
const COMMA = 44;
const DOT = 46;
const EQUALS = 61;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

// What a key slot of a table holds, for the rules on redefinition (toml.io "Table" and "Keys",
// as toml_edit applies them).
const VALUE = 1; // a value from `key = value` (inline tables and arrays are closed)
const TABLE = 2; // a table its own `[header]` defined
const ARRAY_OF_TABLES = 3; // `[[header]]`
const IMPLICIT = 4; // a table a longer `[a.b]` header created on the way
const DOTTED = 5; // a table a dotted key (`a.b = 1`) created

/** pathKey([]) (see toml.ts, which takes the key format from here: toml.ts imports this file, not the other way). */
export const ROOT = '[]';

const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
  0x65: '\u001b',
};

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const isBinary = (c: number): boolean => c === 0x30 || c === 0x31;
const isBareChar = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
/** Control characters TOML forbids in strings and comments (tab is allowed). */
const isControl = (c: number): boolean => (c < 0x20 && c !== 0x09) || c === 0x7f;

/** pathKey([...parent, seg]) from pathKey(parent); `json` is the segment already as JSON. */
export function childKey(parentKey: string, json: string): string {
  return parentKey === ROOT ? `[${json}]` : `${parentKey.slice(0, -1)},${json}]`;
}

/** childKey for a key name; a bare name (A-Za-z0-9_-) needs no escaping. */
function childKeyOf(parentKey: string, name: string, bare: boolean): string {
  return childKey(parentKey, bare ? `"${name}"` : JSON.stringify(name));
}

const hasOwn = (obj: TomlTable, name: string): boolean => Object.prototype.hasOwnProperty.call(obj, name);

/**
 * What the key slot `name` of table `t` holds (its path key is `key`). Only tables are recorded
 * in `kinds`; any other own property is a VALUE, so most keys cost no map lookup at all.
 */
function kindOf(t: TomlTable, name: string, key: string, kinds: Map<string, number>): number | undefined {
  if (!hasOwn(t, name)) return undefined;
  return kinds.get(key) ?? VALUE;
}

/** `obj[name] = v` that also makes `__proto__` an ordinary key instead of the object's prototype. */
function setOwn(obj: TomlTable, name: string, v: TomlValue): void {
  if (name === '__proto__') Object.defineProperty(obj, name, { value: v, writable: true, enumerable: true, configurable: true });
  else obj[name] = v;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Is (y, m, d) a day of the proleptic Gregorian calendar? */
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/**
 * A TOML date or time as the JS Date the rest of the code has always seen: local date-times and
 * times are read in the process's time zone, a time alone on 0000-01-01, a leap second (:60) as :59.
 */
function makeDate(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string, tz: string): Date {
  const head = `${pad(y, 4)}-${mo ? pad(mo, 2) : '01'}-${d ? pad(d, 2) : '01'}T${pad(h, 2)}:${pad(mi, 2)}:`;
  const tail = `${frac ? `.${frac}` : ''}${tz}`;
  const v = new Date(`${head}${pad(s, 2)}${tail}`);
  return !isNaN(v.getTime()) || s !== 60 ? v : new Date(`${head}59${tail}`);
}

const I64_MAX = BigInt('9223372036854775807');

class Parser {
  private readonly len: number;
  // --- cursor -----------------------------------------------------------------------------
  private pos = 0;
  /** 1-based line of `pos` and the offset where that line starts (lines end at LF, as Codex counts them). */
  private line = 1;
  private lineStart = 0;
  // --- the current token ------------------------------------------------------------------
  private tt: number = EOF;
  private ts = 0;
  private te = 0;
  private tLine = 1;
  private tCol = 0;
  private tEndLine = 1;
  private tEndCol = 0;
  /** The name of a bare key or the value of a string. */
  private tStr = '';
  private tVal: TomlValue = '';
  /** Whether the last SCALAR token was a float (set by the number lexer, read by `value`). */
  private tFloat = false;
  private readonly integralFloats = new Set<string>();
  /** End line of the token before the current one (for the same-line rules). */
  private prevEndLine = 1;
  // --- the key `key()` read last (reused arrays: keys are read once per line) ---------------
  private readonly partName: string[] = [];
  private readonly partStart: number[] = [];
  private readonly partBare: boolean[] = [];
  private partCount = 0;
  private keySpan!: Span;
  // --- the result -------------------------------------------------------------------------
  readonly root: TomlTable = {};
  readonly locations = new Map<string, KeyLocation>();
  /** Path key -> TABLE | ARRAY_OF_TABLES | IMPLICIT | DOTTED for the tables of the document outside inline tables (see kindOf). */
  private readonly kinds = new Map<string, number>();
  /** Arrays and inline tables open around the current token. */
  private nest = 0;
  /** Inline tables open around the current token (their key-value pairs may span lines). */
  private inline = 0;
  /** The first bad value inside an array or inline table: Codex names it unless a structural error follows. */
  private deferred: TomlParseError | undefined;
  /** Errors in the structure of an array or inline table (they win over a deferred bad value). */
  private readonly structural = new WeakSet<TomlParseError>();
  /** Whether the last statement's value ended with an array or inline table. */
  private afterContainer = false;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  private fail(message: string, index: number, kind: 'syntax' | 'key' = 'syntax'): never {
    // Inside an array or an inline table newlines are plain whitespace to Codex's parser, so it
    // names the token it stopped at, lines after the last value (measured: a missing comma after
    // the 3rd element is `4:3`, where the 4th starts). Only the end of the text is still named at
    // the end of the last line with content ("unclosed array" at `3:8`).
    const exact = kind === 'key' || (this.nest > 0 && index < this.len);
    const e = new TomlParseError(message, index, exact ? 'key' : 'syntax');
    if (this.nest > 0) this.structural.add(e);
    throw e;
  }

  /** Where the current token starts, or the end of the text when there is no token left. */
  private here(): number {
    return this.tok() === EOF ? this.len : this.ts;
  }

  private span(start: number, line: number, col: number, end: number, endLine: number, endCol: number): Span {
    return { line, column: col + 1, endLine, endColumn: endCol + 1, start, end };
  }

  // =========================================================================================
  // Lexer

  /** Reads the next token into the t* fields. `values`: a value may start here. */
  private next(values: boolean): void {
    this.prevEndLine = this.tEndLine;
    this.skipTrivia();
    const text = this.text;
    const p = this.pos;
    this.ts = p;
    this.tLine = this.line;
    this.tCol = p - this.lineStart;
    const c = text.charCodeAt(p);
    if (p >= this.len) {
      this.tt = EOF;
      this.ts = this.te = this.len;
    } else if (c === COMMA || c === DOT || c === EQUALS || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE) {
      this.tt = c;
      this.pos = p + 1;
    } else if (c === 0x22) {
      this.basicString();
    } else if (c === 0x27) {
      this.literalString();
    } else if (values) {
      try {
        this.scalar(c);
        // A number or word with letters glued on (`3x`, `truex`): Codex reads the whole run as an
        // unquoted string and names its start ("string values must be quoted", measured `1:5`).
        if (this.pos < this.len && isBareChar(text.charCodeAt(this.pos))) this.fail('string values must be quoted', p);
        // Words after it on the same line (`3 4`, `true b`, `1 b = 2`) make one unquoted value to
        // Codex as well: it names the `=` the run stops at, if any, else the run's start (measured
        // `x = 1 b = 2` at 1:9, `{a = 1 b = 2}` at the second `=`, `[3 4]` and `x = 3 4` at the 3).
        const after = text.charCodeAt(this.pos);
        if ((after === 0x20 || after === 0x09) && /^[ \t]+[A-Za-z0-9_+-]/.test(text.slice(this.pos, this.pos + 64))) {
          const end = this.unquotedRunEnd(p);
          const eq = /^[ \t]*=/.exec(text.slice(end, end + 64));
          if (eq) this.fail('unexpected key or value after the value (a missing newline or comma?)', end + eq[0].length - 1);
          this.fail('string values must be quoted', p);
        }
      } catch (e) {
        if (!(e instanceof TomlParseError) || this.nest === 0) throw e;
        // Inside an array or inline table Codex reads a bad value as a run of characters and goes
        // on: a later error that breaks an array or inline table (a missing comma, garbage after
        // the `]`) is the one it names, else this one (parse(); measured: `x = [\n  3x,\n] junk`
        // is refused at `3:3`, not `2:3`).
        this.deferred ??= e;
        const end = this.unquotedRunEnd(p);
        this.tt = SCALAR;
        this.tFloat = false;
        this.tVal = text.slice(p, end);
        this.pos = end;
      }
    } else if (isBareChar(c)) {
      let i = p + 1;
      while (i < this.len && isBareChar(text.charCodeAt(i))) i++;
      this.tt = BARE;
      this.tStr = text.slice(p, i);
      this.pos = i;
    } else {
      // A merge-conflict marker (`<<<<<<< HEAD`, `>>>>>>> branch`) at the start of a line: Codex
      // stops on the marker's own line, after the marker and its space (measured `2:9`, "key with
      // no value"), not at the end of the line before as for other stray characters.
      if ((c === 0x3c || c === 0x3e) && p === this.lineStart && text.startsWith(text[p].repeat(7), p)) {
        this.fail('merge-conflict marker', Math.min(p + 8, this.len));
      }
      this.fail('unexpected character', p);
    }
    this.te = this.pos;
    this.tEndLine = this.line;
    this.tEndCol = this.pos - this.lineStart;
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  /** Skips spaces, tabs, newlines and comments. A comment may not hold control characters (TOML 1.1). */
  private skipTrivia(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === 0x0a) this.newline(i++);
      else if (c === 0x23) {
        i++;
        for (;;) {
          const d = text.charCodeAt(i);
          if (d !== d || d === 0x0a || d === 0x0d) break; // NaN: end of text
          if (d >= 0xd800 && d <= 0xdfff) {
            // Only a whole surrogate pair is a character.
            const e = text.charCodeAt(i + 1);
            if (d <= 0xdbff && e >= 0xdc00 && e <= 0xdfff) {
              i += 2;
              continue;
            }
            this.fail(`invalid character ${JSON.stringify(text[i]).slice(1, -1)} in a comment`, i);
          }
          if (isControl(d)) this.fail(`invalid character ${JSON.stringify(text[i]).slice(1, -1)} in a comment`, i);
          i++;
        }
      } else break;
    }
    this.pos = i;
  }

  /** `"..."` or `"""..."""`. */
  private basicString(): void {
    const text = this.text;
    const p = this.ts;
    if (text.charCodeAt(p + 1) === 0x22) {
      if (text.charCodeAt(p + 2) === 0x22) return this.multiLineString(true);
      this.tt = BASIC;
      this.tStr = '';
      this.pos = p + 2;
      return;
    }
    let out = '';
    let from = p + 1;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c !== c || c === 0x0a || c === 0x0d) this.fail('unterminated string', i);
      if (c === 0x5c) {
        out += text.slice(from, i);
        i = this.escape(i);
        out += this.tStr;
        from = i;
        continue;
      }
      if (isControl(c)) this.fail('control characters are not allowed in strings', i);
      i++;
    }
    this.tt = BASIC;
    this.tStr = from === p + 1 ? text.slice(from, i) : out + text.slice(from, i);
    this.pos = i + 1;
  }

  /**
   * Reads the escape sequence whose backslash is at `i` into tStr and returns the offset after it.
   * TOML 1.1 adds `\e` and `\xHH`.
   */
  private escape(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i + 1);
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      this.tStr = simple;
      return i + 2;
    }
    const digits = c === 0x75 ? 4 : c === 0x55 ? 8 : c === 0x78 ? 2 : 0; // u U x
    if (!digits) this.fail('invalid escape sequence', i + 1);
    let j = i + 2;
    const end = Math.min(i + 2 + digits, this.len);
    for (; j < end; j++) if (!isHex(text.charCodeAt(j))) this.fail('invalid escape sequence', i + 1);
    const hex = text.slice(i + 2, j);
    const cp = parseInt(hex, 16);
    // Reported at the last hex digit, or at the end of the text when it ended first.
    if (!(cp >= 0 && cp <= 0xd7ff) && !(cp >= 0xe000 && cp <= 0x10ffff))
      this.fail(`invalid code point ${hex} in an escape`, j - (i + 2) === digits ? j - 1 : this.len);
    this.tStr = String.fromCodePoint(cp);
    return j;
  }

  /** `"""..."""` (basic) or `'''...'''` (literal), after the opening quotes at `ts`. */
  private multiLineString(basic: boolean): void {
    const text = this.text;
    const quote = basic ? 0x22 : 0x27;
    let i = this.ts + 3;
    // A newline right after the opening quotes is not part of the string.
    if (text.charCodeAt(i) === 0x0a) this.newline(i++);
    else if (text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      this.newline(++i);
      i++;
    }
    let out = '';
    let from = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== c) this.fail('unterminated string', this.len);
      if (c === quote) {
        let run = 1;
        while (text.charCodeAt(i + run) === quote) run++;
        if (run < 3) {
          i += run;
          continue;
        }
        // Up to two quotes right before the closing three belong to the string.
        if (run > 5) this.fail('three or more quotes in a row are not allowed in a multi-line string', i);
        out += text.slice(from, i + run - 3);
        this.pos = i + run;
        break;
      }
      if (c === 0x0a) {
        this.newline(i++);
        continue;
      }
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        // The value has LF line ends whatever the file has.
        out += text.slice(from, i) + '\n';
        this.newline(i + 1);
        i += 2;
        from = i;
        continue;
      }
      if (basic && c === 0x5c) {
        out += text.slice(from, i);
        const n = text.charCodeAt(i + 1);
        if (n === 0x0a || n === 0x0d || n === 0x20 || n === 0x09) {
          // A line-ending backslash: it, the newline and the whitespace after it vanish. Only
          // whitespace may stand between the backslash and the end of the line.
          let j = i + 1;
          while (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09) j++;
          const e = text.charCodeAt(j);
          if (e === e && e !== 0x0a && e !== 0x0d) this.fail('invalid escape sequence', i + 1);
          for (;;) {
            const w = text.charCodeAt(j);
            if (w === 0x20 || w === 0x09 || w === 0x0d) j++;
            else if (w === 0x0a) this.newline(j++);
            else break;
          }
          i = from = j;
          continue;
        }
        i = this.escape(i);
        out += this.tStr;
        from = i;
        continue;
      }
      if (isControl(c)) this.fail('control characters are not allowed in strings', i);
      i++;
    }
    this.tt = basic ? ML_BASIC : ML_LITERAL;
    this.tStr = out;
  }

  /** `'...'` or `'''...'''`. */
  private literalString(): void {
    const text = this.text;
    const p = this.ts;
    if (text.charCodeAt(p + 1) === 0x27) {
      if (text.charCodeAt(p + 2) === 0x27) return this.multiLineString(false);
      this.tt = LITERAL;
      this.tStr = '';
      this.pos = p + 2;
      return;
    }
    let i = p + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x27) break;
      if (c !== c || c === 0x0a || c === 0x0d) this.fail('unterminated string', i);
      if (isControl(c)) this.fail('control characters are not allowed in strings', i);
      i++;
    }
    this.tt = LITERAL;
    this.tStr = text.slice(p + 1, i);
    this.pos = i + 1;
  }

  /** A number, boolean, date or time where a value may start (the first character is `c`). */
  private scalar(c: number): void {
    const text = this.text;
    const p = this.ts;
    this.tt = SCALAR;
    this.tFloat = false;
    let i = p;
    let sign = 0;
    if (c === 0x2b || c === 0x2d) {
      sign = c;
      c = text.charCodeAt(++i);
      if (c !== 0x6e && c !== 0x69 && !isDigit(c)) this.fail('unexpected character', i);
    }
    if (c === 0x6e || c === 0x69) {
      // nan, inf
      const word = text.slice(i, i + 3);
      if (word !== 'nan' && word !== 'inf') this.fail('unexpected character', i);
      this.tVal = word === 'nan' ? NaN : sign === 0x2d ? -Infinity : Infinity;
      this.pos = i + 3;
      return;
    }
    if (c === 0x74 || c === 0x66) {
      if (text.startsWith('true', i)) {
        this.tVal = true;
        this.pos = i + 4;
      } else if (text.startsWith('false', i)) {
        this.tVal = false;
        this.pos = i + 5;
      } else this.fail('unexpected character', i);
      return;
    }
    if (!isDigit(c)) this.fail('unexpected character', i);
    if (c === 0x30) {
      const n = text.charCodeAt(i + 1);
      if (!sign && isDigit(n)) {
        // 0 followed by a digit: only a date (0123-...) or a time (01:...) may start so.
        const n2 = text.charCodeAt(i + 2);
        if (n2 === 0x3a) return this.time(Number(text.slice(i, i + 2)), i + 3, false, 0, 0, 0);
        if (isDigit(n2) && isDigit(text.charCodeAt(i + 3)) && text.charCodeAt(i + 4) === 0x2d)
          return this.date(Number(text.slice(i, i + 4)), i + 5);
        this.fail('leading zeros are not allowed', i);
      }
      if (n === 0x78 || n === 0x6f || n === 0x62) {
        // 0x, 0o, 0b: unsigned only.
        // Codex names the value's start for a sign and for a prefix with nothing after it
        // (measured: `+0xF` and `0x` at the sign or the 0, `0xG` at the G).
        if (sign) this.fail('a number with a 0x, 0o or 0b prefix cannot have a sign', p);
        if (!isBareChar(text.charCodeAt(i + 2))) this.fail(`\`${text.slice(i, i + 2)}\` needs digits after it`, p);
        const radix = n === 0x78 ? 16 : n === 0x6f ? 8 : 2;
        const end = this.digits(i + 2, radix === 16 ? isHex : radix === 8 ? isOctal : isBinary);
        const digits = this.cleanDigits(i + 2, end);
        this.checkRange(digits, radix, false, p);
        this.tVal = parseInt(digits, radix);
        this.pos = end;
        return;
      }
      if (n === 0x65 || n === 0x45) return this.exponent(i + 2, p);
      if (n === 0x2e) return this.fraction(i + 2, p);
      this.tVal = 0; // also for -0 and +0: an integer has no negative zero
      this.pos = i + 1;
      return;
    }
    const end = this.digits(i, isDigit);
    const n = text.charCodeAt(end);
    const plain = !sign && !this.underscore;
    if (n === 0x2d && plain && end - i === 4) return this.date(Number(text.slice(i, end)), end + 1);
    if (n === 0x3a && plain && end - i === 2) return this.time(Number(text.slice(i, end)), end + 1, false, 0, 0, 0);
    if (n === 0x65 || n === 0x45) return this.exponent(end + 1, p);
    if (n === 0x2e) return this.fraction(end + 1, p);
    const digits = this.cleanDigits(i, end);
    this.checkRange(digits, 10, sign === 0x2d, p);
    const v = parseInt(digits, 10);
    this.tVal = sign === 0x2d ? -v : v;
    this.pos = end;
  }

  /**
   * Where Codex's run of unquoted characters from `p` ends. The run goes on over spaces between
   * words (`a b` is one value to Codex, `[3 4]` too), not over a space before punctuation
   * (`[ t . u ]` stops at the dot).
   */
  private unquotedRunEnd(p: number): number {
    const text = this.text;
    let end = p + 1;
    for (;;) {
      while (end < this.len && !/[ \t\r\n,\]}#=]/.test(text[end])) end++;
      const gap = /^[ \t]+(?=[A-Za-z0-9_+-])/.exec(text.slice(end, end + 64));
      if (!gap) return end;
      end += gap[0].length;
    }
  }

  /** Set by `digits`: whether the digits held an underscore. */
  private underscore = false;

  /** Digits (with single underscores between them) from `i`; returns the offset after them. */
  private digits(i: number, ok: (c: number) => boolean): number {
    const text = this.text;
    let c = text.charCodeAt(i);
    if (c === 0x5f) this.fail('an underscore must stand between digits', i);
    if (!ok(c)) this.fail('unexpected character', i);
    this.underscore = false;
    let prevUnderscore = false;
    for (;;) {
      c = text.charCodeAt(i);
      if (c === 0x5f) {
        // Codex names the first of two underscores, and a trailing one itself (measured `1__0`, `1_`).
        if (prevUnderscore) this.fail('an underscore must stand between digits', i - 1);
        this.underscore = prevUnderscore = true;
      } else if (ok(c)) prevUnderscore = false;
      else break;
      i++;
    }
    if (prevUnderscore) this.fail('an underscore must stand between digits', i - 1);
    return i;
  }

  private cleanDigits(start: number, end: number): string {
    const s = this.text.slice(start, end);
    return this.underscore ? s.replace(/_/g, '') : s;
  }

  /** Codex reads integers as 64-bit signed: a longer one makes it refuse the file (measured). */
  private checkRange(digits: string, radix: number, negative: boolean, at: number): void {
    if (digits.length < (radix === 10 ? 19 : radix === 16 ? 16 : radix === 8 ? 21 : 63)) return;
    const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
    const v = BigInt(prefix + digits);
    if (v > I64_MAX + (negative ? BigInt(1) : BigInt(0))) this.fail('integer does not fit in 64 bits (Codex refuses it)', at, 'key');
  }

  /** The digits after a decimal point at `i` (the number started at `start`). */
  private fraction(i: number, start: number): void {
    const end = this.digits(i, isDigit);
    const n = this.text.charCodeAt(end);
    if (n === 0x65 || n === 0x45) return this.exponent(end + 1, start);
    this.float(start, end);
  }

  /** The exponent after `e` at `i`. */
  private exponent(i: number, start: number): void {
    const c = this.text.charCodeAt(i);
    if (c === 0x2b || c === 0x2d) i++;
    this.float(start, this.digits(i, isDigit));
  }

  private float(start: number, end: number): void {
    const v = Number(this.text.slice(start, end).replace(/_/g, ''));
    if (!isFinite(v)) this.fail('floating-point number overflowed (Codex refuses it)', start, 'key');
    this.tVal = v;
    this.tFloat = true;
    this.pos = end;
  }

  private twoDigits(i: number): number {
    const text = this.text;
    if (!isDigit(text.charCodeAt(i))) this.fail('unexpected character', i);
    if (!isDigit(text.charCodeAt(i + 1))) this.fail('unexpected character', i + 1);
    return (text.charCodeAt(i) - 0x30) * 10 + text.charCodeAt(i + 1) - 0x30;
  }

  /** After `YYYY-` (the month starts at `i`): a local date, or a date-time. */
  private date(y: number, i: number): void {
    const text = this.text;
    const mo = this.twoDigits(i);
    if (text.charCodeAt(i + 2) !== 0x2d) this.fail('unexpected character', i + 2);
    const d = this.twoDigits(i + 3);
    // Codex names an impossible date or time at the value's start (measured: `a = 1979-13-27` at 1:5).
    if (!validDate(y, mo, d)) this.fail('invalid date', this.ts);
    const n = text.charCodeAt(i + 5);
    // `T`, `t` or a space (only when a time follows) separates date and time.
    if (n === 0x54 || n === 0x74 || (n === 0x20 && isDigit(text.charCodeAt(i + 6)) && isDigit(text.charCodeAt(i + 7)))) {
      const h = this.twoDigits(i + 6);
      if (text.charCodeAt(i + 8) !== 0x3a) this.fail('unexpected character', i + 8);
      return this.time(h, i + 9, true, y, mo, d);
    }
    this.tVal = makeDate(y, mo, d, 0, 0, 0, '', '');
    this.pos = i + 5;
  }

  /** After `HH:` (the minutes start at `i`): seconds and a fraction are optional (TOML 1.1). */
  private time(h: number, i: number, hasDate: boolean, y: number, mo: number, d: number): void {
    const text = this.text;
    const mi = this.twoDigits(i);
    let s = 0;
    let frac = '';
    let e = i + 2;
    if (text.charCodeAt(e) === 0x3a) {
      s = this.twoDigits(e + 1);
      if (h > 23 || mi > 59 || s > 60) this.fail('invalid time', this.ts);
      e += 3;
      if (text.charCodeAt(e) === 0x2e) {
        const f = ++e;
        if (!isDigit(text.charCodeAt(e))) this.fail('unexpected character', e);
        while (isDigit(text.charCodeAt(e))) e++;
        frac = text.slice(f, e);
      }
    } else if (h > 23 || mi > 59) this.fail('invalid time', this.ts);
    let tz = '';
    if (hasDate) {
      const c = text.charCodeAt(e);
      if (c === 0x5a || c === 0x7a) {
        tz = 'Z';
        e++;
      } else if (c === 0x2b || c === 0x2d) {
        const oh = this.twoDigits(e + 1);
        if (text.charCodeAt(e + 3) !== 0x3a) this.fail('unexpected character', e + 3);
        const om = this.twoDigits(e + 4);
        if (oh > 23 || om > 59) this.fail('invalid time', this.ts);
        tz = `${text[e]}${pad(oh, 2)}:${pad(om, 2)}`;
        e += 6;
      }
    }
    this.tVal = makeDate(y, mo, d, h, mi, s, frac, tz);
    this.pos = e;
  }

  // =========================================================================================
  // Grammar

  /** The current token's type. (A call, so that TypeScript does not narrow it across `next()`.) */
  private tok(): number {
    return this.tt;
  }

  private isKeyToken(): boolean {
    return this.tok() === BARE || this.tok() === BASIC || this.tok() === LITERAL;
  }

  /** The key, value and closing bracket of a `[header]` stay on one line with what precedes them. */
  private sameLine(): void {
    if (this.tok() !== EOF && this.tLine !== this.prevEndLine) this.fail('a key, its `=` and its value must be on one line', this.ts);
  }

  parse(): ParsedDocument {
    try {
      const doc = this.document();
      if (this.deferred) throw this.deferred;
      return doc;
    } catch (e) {
      // Measured with codex 0.171: a bad value inside an array or inline table is named unless a
      // later error breaks the structure of an array or inline table (a missing comma, garbage after
      // the closing bracket); any other later error (a bad top-level value, a missing value, a
      // duplicate key) comes after it.
      if (this.deferred && e instanceof TomlParseError && !this.structural.has(e)) throw this.deferred;
      throw e;
    }
  }

  private document(): ParsedDocument {
    let table = this.root;
    let tableKey = ROOT;
    let header: KeyLocation['header'];
    let first = true;
    for (;;) {
      this.next(false);
      if (this.tok() === EOF) break;
      if (!first && this.tLine === this.prevEndLine) {
        // Garbage after the `]` or `}` of a statement's value breaks that container's structure.
        if (this.afterContainer) this.nest++;
        this.fail('expected a newline', this.ts);
      }
      first = false;
      if (this.isKeyToken()) {
        this.keyValue(table, tableKey, header, this.kinds, 0);
      } else if (this.tok() === LBRACKET) {
        this.afterContainer = false;
        const h = this.header();
        table = h.table;
        tableKey = h.key;
        header = h.header;
      } else {
        // At the stray token itself (`]` alone on a line: codex 0.171 names its column), not moved
        // back to the previous line as a missing value is.
        this.fail('expected a key or a [table] header', this.ts, 'key');
      }
    }
    return { value: this.root, locations: this.locations, integralFloats: this.integralFloats };
  }

  /**
   * A dotted key from the current token, into partName/partStart/partBare/partCount and keySpan;
   * leaves the token after it current.
   */
  private key(): void {
    if (this.tok() === DOT) this.fail('a key cannot start with a dot', this.ts);
    const start = this.ts;
    const line = this.tLine;
    const col = this.tCol;
    let end = start;
    let endLine = line;
    let endCol = col;
    let dotAt = -1;
    let n = 0;
    do {
      const t = this.tok();
      if (t !== BARE && t !== BASIC && t !== LITERAL) break;
      this.partName[n] = this.tStr;
      this.partStart[n] = this.ts;
      this.partBare[n] = t === BARE;
      n++;
      end = this.te;
      endLine = this.tEndLine;
      endCol = this.tEndCol;
      dotAt = -1;
      this.next(false);
      // TOML 1.1 as Codex reads it: inside an inline table a key's `=` may be on a later line
      // (measured: `x = {\n  a\n  = 1,\n}` loads); a dotted key still may not break after a dot.
      if (!(this.inline > 0 && this.tok() === EQUALS)) this.sameLine();
      if (this.tok() !== DOT) break;
      dotAt = this.ts;
      this.next(false);
      this.sameLine();
    } while (this.tok() !== EOF);
    if (dotAt >= 0) this.fail(this.tok() === DOT ? 'a key cannot have two dots in a row' : 'a key cannot end with a dot', dotAt);
    this.partCount = n;
    this.keySpan = this.span(start, line, col, end, endLine, endCol);
  }

  /**
   * `key = value` (the key's first token is current) into `table`, with the rules Codex applies
   * (toml_edit): a dotted key may go through tables that dotted keys or longer headers created,
   * never through a value or a table with its own header; the table that receives the value must
   * be one dotted keys created (measured with codex 0.171: `[a.y.w]`, `[a]`, `y.z = 1` is refused
   * at `z`, `y.q.z = 1` loads; toml-eslint-parser accepted both); no key twice. A broken value is
   * reported before a key conflict, as Codex does. `depth`: the containers around the key.
   */
  private keyValue(table: TomlTable, tableKey: string, header: KeyLocation['header'], kinds: Map<string, number>, depth: number): void {
    const keyLine = this.tLine;
    this.key();
    const n = this.partCount;
    const keySpan = this.keySpan;
    if (n > MAX_TOML_DEPTH)
      throw new TomlParseError(
        `nesting deeper than ${MAX_TOML_DEPTH} levels (Codex's TOML parser stops there)`,
        keySpan.start,
        'key',
        keyLine,
        1,
      );
    if (this.tok() !== EQUALS) this.fail('expected `=` after a key', this.here());
    this.next(true);
    if (this.tok() === EOF) this.fail('a key needs a value', this.len);
    // The value may start on a later line inside an inline table, not at the top level (measured).
    if (this.inline === 0) this.sameLine();
    if (depth === 0) this.afterContainer = this.tok() === LBRACKET || this.tok() === LBRACE;
    // Walk to the table that receives the value now, while the key's parts are at hand (reading
    // the value reads other keys); a conflict waits until the value has been read.
    // Index entries go in before the value's own (the order callers have always seen): the
    // tables a dotted key implies point at the key, the key itself at key and value. In a file
    // that parses, a key's own path is new here (a second definition is an error).
    const locations = this.locations;
    const names = this.partName;
    let conflict: TomlParseError | undefined;
    let t = table;
    let parentKind = TABLE;
    let k = tableKey;
    for (let i = 0; i < n - 1; i++) {
      const name = names[i];
      k = childKeyOf(k, name, this.partBare[i]);
      if (!locations.has(k)) locations.set(k, { key: keySpan, header, isHeader: false });
      if (conflict) continue;
      const kind = kindOf(t, name, k, kinds);
      if (kind === undefined) {
        const child: TomlTable = {};
        setOwn(t, name, child);
        kinds.set(k, DOTTED);
        t = child;
        parentKind = DOTTED;
      } else if (kind === DOTTED || kind === IMPLICIT) {
        t = t[name] as TomlTable;
        parentKind = kind;
      } else if (kind === VALUE) {
        conflict = new TomlParseError('cannot extend a value with a dotted key', this.partStart[i], 'key');
      } else {
        conflict = new TomlParseError(
          'duplicate key (a table with its own [header] cannot be extended by a dotted key)',
          this.partStart[i],
          'key',
        );
      }
    }
    const name = names[n - 1];
    k = childKeyOf(k, name, this.partBare[n - 1]);
    if (!conflict && n > 1 && parentKind !== DOTTED)
      conflict = new TomlParseError(
        'duplicate key (a dotted key cannot put a value straight into a table a [header] created)',
        this.partStart[n - 1],
        'key',
      );
    if (!conflict && hasOwn(t, name)) conflict = new TomlParseError('duplicate key', this.partStart[n - 1], 'key');
    const loc = { key: keySpan, value: NO_SPAN, header, isHeader: false };
    locations.set(k, loc);
    const valueStart = this.ts;
    const valueLine = this.tLine;
    const valueCol = this.tCol;
    const v = this.value(k, header, kinds === this.kinds ? undefined : kinds, depth);
    if (conflict) throw conflict;
    setOwn(t, name, v);
    loc.value = this.span(valueStart, valueLine, valueCol, this.te, this.tEndLine, this.tEndCol);
  }

  /** `[a.b]` or `[[a.b]]` (the first `[` is current): the table that the following keys go into. */
  private header(): { table: TomlTable; key: string; header: NonNullable<KeyLocation['header']> } {
    const headerLine = this.tLine;
    const openEnd = this.te;
    this.next(false);
    this.sameLine();
    let array = false;
    if (this.tok() === LBRACKET) {
      if (this.ts !== openEnd) this.fail('no space is allowed inside `[[`', this.ts);
      array = true;
      this.next(false);
      this.sameLine();
    }
    if (this.tok() === RBRACKET) this.fail('a [table] header needs a key', this.ts);
    if (this.tok() === EOF) this.fail('unterminated [table] header', this.len);
    this.key();
    const n = this.partCount;
    const keySpan = this.keySpan;
    if (this.tok() !== RBRACKET) this.fail('unterminated [table] header', this.here());
    if (array) {
      const closeEnd = this.te;
      this.next(false);
      this.sameLine();
      if (this.tok() !== RBRACKET) this.fail('unterminated [[table]] header', this.here());
      if (this.ts !== closeEnd) this.fail('no space is allowed inside `]]`', this.ts);
    }
    // Walk (and create) the path. `path` is the resolved path: the index of the newest element
    // of each array of tables on the way is part of it, as in `[[a]]` -> a[0].
    const kinds = this.kinds;
    const tooDeep = () =>
      new TomlParseError(
        `nesting deeper than ${MAX_TOML_DEPTH} levels (Codex's TOML parser stops there)`,
        keySpan.start,
        'key',
        headerLine,
        1,
      );
    if (n > MAX_TOML_DEPTH) throw tooDeep();
    const path: (string | number)[] = [];
    const prefixKeys: string[] = [];
    let t = this.root;
    let k = ROOT;
    const last = n - 1;
    for (let i = 0; i <= last; i++) {
      const name = this.partName[i];
      path.push(name);
      k = childKeyOf(k, name, this.partBare[i]);
      const kind = kindOf(t, name, k, kinds);
      if (i < last) {
        if (kind === undefined) {
          const child: TomlTable = {};
          setOwn(t, name, child);
          kinds.set(k, IMPLICIT);
          t = child;
        } else if (kind === ARRAY_OF_TABLES) {
          const arr = t[name] as TomlTable[];
          prefixKeys.push(k);
          path.push(arr.length - 1);
          k = childKey(k, String(arr.length - 1));
          t = arr[arr.length - 1];
        } else if (kind === VALUE) {
          this.fail('cannot extend a value with a [table] header', this.partStart[i], 'key');
        } else {
          t = t[name] as TomlTable;
        }
        prefixKeys.push(k);
        continue;
      }
      if (kind === undefined) {
        const child: TomlTable = {};
        if (array) {
          setOwn(t, name, [child]);
          kinds.set(k, ARRAY_OF_TABLES);
          prefixKeys.push(k);
          path.push(0);
          k = childKey(k, '0');
        } else {
          setOwn(t, name, child);
          kinds.set(k, TABLE);
        }
        t = child;
      } else if (kind === IMPLICIT && !array) {
        kinds.set(k, TABLE);
        t = t[name] as TomlTable;
      } else if (kind === ARRAY_OF_TABLES && array) {
        const arr = t[name] as TomlTable[];
        const child: TomlTable = {};
        arr.push(child);
        prefixKeys.push(k);
        path.push(arr.length - 1);
        k = childKey(k, String(arr.length - 1));
        t = child;
      } else {
        this.fail('duplicate key', this.partStart[i], 'key');
      }
    }
    if (path.length > MAX_TOML_DEPTH) throw tooDeep();
    const header = { path: path.map(String), span: keySpan };
    // The header's own path, then the tables it implies (`[a.b]` implies `a`), point at the
    // header, unless something earlier already claimed them.
    const locations = this.locations;
    const own = locations.get(k);
    if (!own) locations.set(k, { key: keySpan, header, isHeader: true });
    // `[a.b]` then `[a]`: `a` keeps pointing at its first appearance, and learns its own header.
    else if (own.isHeader && own.header && own.header.path.length > path.length && !own.definedAt)
      locations.set(k, { ...own, definedAt: keySpan });
    for (const pk of prefixKeys) if (!locations.has(pk)) locations.set(pk, { key: keySpan, header, isHeader: true });
    return { table: t, key: k, header };
  }

  /**
   * The value whose first token is current. `key`: its path key, for the index. `scope`: the
   * key kinds of the inline table being read, if any. `depth`: the arrays and inline tables
   * around it.
   */
  private value(key: string, header: KeyLocation['header'], scope: Map<string, number> | undefined, depth: number): TomlValue {
    switch (this.tok()) {
      case BASIC:
      case LITERAL:
      case ML_BASIC:
      case ML_LITERAL:
        return this.tStr;
      case SCALAR:
        if (this.tFloat && Number.isInteger(this.tVal)) this.integralFloats.add(key);
        return this.tVal;
      case LBRACKET:
        return this.array(key, header, scope, depth);
      case LBRACE:
        return this.inlineTable(key, header, scope, depth);
      default:
        return this.fail('expected a value', this.ts);
    }
  }

  private tooDeep(depth: number): void {
    if (depth + 1 > MAX_TOML_DEPTH)
      throw new TomlParseError(
        `nesting deeper than ${MAX_TOML_DEPTH} levels (Codex's TOML parser stops there)`,
        this.ts,
        'key',
        this.tLine,
        this.tCol + 1,
      );
  }

  private array(key: string, header: KeyLocation['header'], scope: Map<string, number> | undefined, depth: number): TomlValue[] {
    this.nest++;
    const out = this.arrayItems(key, header, scope, depth);
    this.nest--;
    return out;
  }

  private arrayItems(key: string, header: KeyLocation['header'], scope: Map<string, number> | undefined, depth: number): TomlValue[] {
    this.tooDeep(depth);
    const out: TomlValue[] = [];
    const locations = this.locations;
    this.next(true);
    if (this.tok() === RBRACKET) return out;
    for (;;) {
      if (this.tok() === EOF) this.fail('an array needs a value after a comma', this.len);
      if (this.tok() === LBRACKET) this.headerInArray();
      // An element's path is new (elements are numbered, keys are strings); a nested array or
      // inline table takes its place in the index before its own elements.
      const k = childKey(key, String(out.length));
      const start = this.ts;
      const line = this.tLine;
      const col = this.tCol;
      let loc: { key: Span; value: Span; header: KeyLocation['header']; isHeader: boolean } | undefined;
      if (this.tok() === LBRACKET || this.tok() === LBRACE)
        locations.set(k, (loc = { key: NO_SPAN, value: NO_SPAN, header, isHeader: false }));
      out.push(this.value(k, header, scope, depth + 1));
      const s = this.span(start, line, col, this.te, this.tEndLine, this.tEndCol);
      if (loc) loc.key = loc.value = s;
      else locations.set(k, { key: s, value: s, header, isHeader: false });
      this.next(true);
      if (this.tok() === COMMA) {
        this.next(true);
        if (this.tok() === RBRACKET) return out;
        continue;
      }
      if (this.tok() === RBRACKET) return out;
      if (this.tok() === EOF) this.fail('unterminated array', this.len);
      this.fail('expected `,` or `]` in an array', this.ts);
    }
  }

  /**
   * An array left open above a `[table]` header (a classic slip in a multi-line array). Codex's
   * parser reads the header as a nested array and stops at the first token after it: "missing
   * comma between array elements" on the line below the header, or at the end of the header's
   * line when nothing follows (measured with codex 0.171: `x = [\n  1,\n[tools]\nweb_search = true`
   * is refused at `4:1`). A quoted or spaced header is named on its own line, at the quote or dot
   * after its bare words. A nested array of values (`[1]`, `[true]`) is not a header.
   */
  private headerInArray(): void {
    const text = this.text;
    const eol = text.indexOf('\n', this.ts) === -1 ? this.len : text.indexOf('\n', this.ts);
    // A header starts its line.
    if (!/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', this.ts - 1) + 1, this.ts))) return;
    const line = text.slice(this.ts, eol);
    const word = /^\[\[?[ \t]*([A-Za-z0-9_.-]+)/.exec(line);
    // Values start with a digit, a sign or one of these words; a table name rarely does.
    if (!word || !/^[A-Za-z_]/.test(word[1]) || /^(?:true|false|inf|nan)$/.test(word[1])) return;
    const whole = /^[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$/.test(line.slice(word[0].length));
    if (!whole) {
      // `[projects."/x"]`, `[ t . u ]`: Codex reads the bare words as one value and stops at the
      // quote or dot after them (measured `[t."a.b"]` at `3:4`, `[ t . u ]` at `3:5`).
      const after = word[0].length + /^[ \t]*/.exec(line.slice(word[0].length))![0].length;
      if (!/^["'.]/.test(line.slice(after))) return;
      this.fail(`the array is not closed before this [table] header (missing \`]\`)`, this.ts + after);
    }
    let i = eol;
    for (;;) {
      while (i < this.len && /[ \t\r\n]/.test(text[i])) i++;
      if (text[i] !== '#') break;
      while (i < this.len && text[i] !== '\n') i++;
    }
    this.fail(`the array is not closed before the [${word[1]}] header (missing \`]\`)`, i);
  }

  private inlineTable(key: string, header: KeyLocation['header'], scope: Map<string, number> | undefined, depth: number): TomlTable {
    this.nest++;
    this.inline++;
    const out = this.inlineTableItems(key, header, scope, depth);
    this.inline--;
    this.nest--;
    return out;
  }

  private inlineTableItems(key: string, header: KeyLocation['header'], scope: Map<string, number> | undefined, depth: number): TomlTable {
    this.tooDeep(depth);
    const out: TomlTable = {};
    // An inline table is closed: its keys are checked among themselves only.
    const kinds = scope ?? new Map<string, number>();
    this.next(false);
    if (this.tok() === RBRACE) return out;
    if (!this.isKeyToken()) this.fail('expected a key or `}` in an inline table', this.here());
    for (;;) {
      this.keyValue(out, key, header, kinds, depth + 1);
      this.next(false);
      if (this.tok() === COMMA) {
        this.next(false);
        if (this.isKeyToken()) continue;
        if (this.tok() === RBRACE) return out; // a trailing comma is allowed in TOML 1.1
        this.fail(this.tok() === EOF ? 'unterminated inline table' : 'expected a key or `}` in an inline table', this.here());
      }
      if (this.tok() === RBRACE) return out;
      this.fail(this.tok() === EOF ? 'unterminated inline table' : 'expected `,` or `}` in an inline table', this.here());
    }
  }
}

/** Stands for a span not known yet, while an index entry keeps its place in the order. */
const NO_SPAN: Span = { line: 0, column: 0, endLine: 0, endColumn: 0, start: 0, end: 0 };

/** Parses TOML 1.1 text (no BOM; toml.ts strips it). Throws TomlParseError. */
export function parseTomlDocument(text: string): ParsedDocument {
  return new Parser(text).parse();
}
