// The shapes of a parsed TOML document, in a file of their own so that the parser (tomlParser.ts)
// and its front end (toml.ts) both depend on them rather than on each other.

export type TomlValue = string | number | boolean | Date | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/** 1-based line and column, like Codex's own `path:line:col` messages. */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based offsets into the text (after a BOM is removed). */
  readonly start: number;
  readonly end: number;
}

/** Where one key sits: the key itself, its value, and the `[table]` header that holds it, if any. */
export interface KeyLocation {
  readonly key: Span;
  readonly value?: Span;
  /** The table header this key was written under (absent for top-level and inline keys). */
  readonly header?: { readonly path: readonly string[]; readonly span: Span };
  /** True for the path of a `[table]` header itself. */
  readonly isHeader: boolean;
  /**
   * For a table an earlier `[a.b]` implied and a later `[a]` defines: that header, which is where
   * Codex's --strict-config names the table when it is unknown (measured).
   */
  readonly definedAt?: Span;
}

export interface TomlSyntaxError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /**
   * True when the file could not be checked here although Codex may load it (the parser itself
   * failed, e.g. ran out of stack): not a claim that Codex refuses it.
   */
  readonly unsupported?: boolean;
}
