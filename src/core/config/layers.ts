// A config layer: one parsed file (or one `-c` override) with the positions of its keys, and the
// lookups that read the layered stack the way Codex does: the highest layer that sets a key wins.
import * as path from 'node:path';
import { readConfigFile } from './readConfigFile';
import { getPath, isTable, parseTomlWithPositions, pathKey, type KeyLocation, type TomlTable, type TomlValue } from './toml';
import type { LayerKind, LoadError, Provenance } from './types';

/** Where Codex reads its system layers (config.toml, managed_config.toml, requirements.toml). */
export const SYSTEM_CONFIG_DIR = '/etc/codex';

export interface Layer {
  readonly kind: LayerKind;
  readonly table: TomlTable;
  /** The file, for file layers. */
  readonly file?: string;
  /** Directory that relative paths in this layer resolve against. */
  readonly baseDir: string;
  readonly locations?: ReadonlyMap<string, KeyLocation>;
  /** The file as written, before a project file's denylisted keys were stripped from `table`. */
  readonly written?: TomlTable;
  /** The parser's whole-number floats in the file (a number alone cannot say it was `1e5`). */
  readonly integralFloats?: ReadonlySet<string>;
  /** The launch argument, for override and flag layers. */
  readonly arg?: string;
}

export type FileLoad =
  | { readonly status: 'missing' }
  | { readonly status: 'error'; readonly error: LoadError }
  | {
      readonly status: 'ok';
      readonly table: TomlTable;
      readonly locations: ReadonlyMap<string, KeyLocation>;
      readonly text: string;
      readonly integralFloats?: ReadonlySet<string>;
    };

/** Reads and parses one file. Errors carry Codex-style file:line:column where there is one. */
export async function loadTomlFile(file: string): Promise<FileLoad> {
  const read = await readConfigFile(file);
  if (read.kind === 'missing') return { status: 'missing' };
  if (read.kind === 'error')
    return { status: 'error', error: { kind: 'io', message: `${file} ${read.message}`, file, ...(read.unread ? { unread: true } : {}) } };
  const parsed = parseTomlWithPositions(read.text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    if (parsed.error.unsupported) return { status: 'error', error: { kind: 'io', message: `${file}: ${message}`, file, unread: true } };
    return {
      status: 'error',
      error: { kind: 'config', message: `${file}:${line}:${column}: TOML parse error: ${message}`, file, line, column },
    };
  }
  return { status: 'ok', table: parsed.value, locations: parsed.locations, text: parsed.text, integralFloats: parsed.integralFloats };
}

export function fileLayer(kind: LayerKind, file: string, load: Extract<FileLoad, { status: 'ok' }>, table = load.table): Layer {
  return {
    kind,
    file,
    baseDir: path.dirname(file),
    table,
    locations: load.locations,
    written: load.table,
    integralFloats: load.integralFloats,
  };
}

/** Where in its layer a key path was set, for provenance. */
export function provenanceIn(layer: Layer, keyPath: readonly (string | number)[], reason?: string): Provenance {
  if (layer.file === undefined) return { layer: layer.kind, arg: layer.arg, reason };
  let line: number | undefined;
  for (let n = keyPath.length; n > 0 && line === undefined; n--) {
    const loc = layer.locations?.get(pathKey(keyPath.slice(0, n)));
    if (loc) line = (loc.value ?? loc.key).line;
  }
  return { layer: layer.kind, file: layer.file, line, reason };
}

export interface Found<T = TomlValue> {
  readonly value: T;
  readonly layer: Layer;
  readonly from: Provenance;
}

/** The value of a key in the highest layer that sets it. */
export function lookup(stack: readonly Layer[], keyPath: readonly string[]): Found | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const v = getPath(stack[i].table, keyPath);
    if (v !== undefined) return { value: v, layer: stack[i], from: provenanceIn(stack[i], keyPath) };
  }
  return undefined;
}

/**
 * Deep merge of the stack, lowest first: tables merge per key, everything else is replaced.
 * `only` limits it to some top-level keys: the engine merges just what spans layers (permission
 * profiles), so a config with 100,000 unrelated keys is not copied twice.
 */
export function mergeLayers(stack: readonly Layer[], only?: readonly string[]): TomlTable {
  const merge = (into: TomlTable, from: TomlTable): void => {
    for (const [k, v] of Object.entries(from)) {
      const cur = into[k];
      if (isTable(v) && isTable(cur)) merge(cur, v);
      else into[k] = isTable(v) ? structuredClone(v) : v;
    }
  };
  const out: TomlTable = {};
  for (const layer of stack) {
    if (!only) merge(out, layer.table);
    else for (const k of only) if (k in layer.table) merge(out, { [k]: layer.table[k] });
  }
  return out;
}
