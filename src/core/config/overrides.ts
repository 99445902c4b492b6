// `-c key=value` as Codex reads it: a dotted key path, and a value parsed as TOML or, when that
// fails, taken as a raw string. smol-toml parses the value.
import { parse as parseToml } from 'smol-toml';
import type { TomlTable, TomlValue } from './toml';

export interface Override {
  readonly arg: string;
  readonly path: readonly string[];
  readonly value: TomlValue;
}

/** Splits `a.b."c.d"` into ['a', 'b', 'c.d']. */
export function splitDottedKey(key: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (const ch of key) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '.') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export function parseOverride(arg: string): Override {
  const eq = arg.indexOf('=');
  const key = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1).trim();
  let value: TomlValue;
  try {
    // structuredClone turns smol-toml's null-prototype tables into plain objects.
    value = structuredClone((parseToml(`__value = ${raw}`) as TomlTable).__value);
  } catch {
    value = raw;
  }
  return { arg, path: splitDottedKey(key), value };
}

/** The override as a one-key table, ready to merge as a layer. */
export function overrideTable(o: Override): TomlTable {
  const root: TomlTable = {};
  let cur = root;
  o.path.forEach((seg, i) => {
    if (i === o.path.length - 1) cur[seg] = o.value;
    else {
      const next: TomlTable = {};
      cur[seg] = next;
      cur = next;
    }
  });
  return root;
}
