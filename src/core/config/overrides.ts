// `-c key=value` as Codex reads it: a dotted key path, and a value parsed as TOML or, when that
// fails, taken as a raw string. The value is parsed by the same TOML parser as the config files
// (it used to be smol-toml, whose ~11 KB pushed the badge's bundle over its 100 KB budget).
import type { TomlTable, TomlValue } from './toml';
import { parseTomlDocument } from './tomlParser';

export interface Override {
  readonly arg: string;
  readonly path: readonly string[];
  readonly value: TomlValue;
}

/**
 * Splits the key of `-c key=value` the way Codex does: on every `.`, nothing else. Quotes are not
 * TOML quoting here, they stay part of the segment (measured: `-c '"web_search"="live"'` and
 * `-c 'sandbox_workspace_write."network_access"=true'` change nothing, and
 * `-c 'projects."/r/repo".trust_level="trusted"'` names a project `"/r/repo"`, quotes included,
 * which is why it trusts nothing while the unquoted `-c projects./r/repo.trust_level=...` does).
 */
export function splitDottedKey(key: string): string[] {
  return key.split('.');
}

export function parseOverride(arg: string): Override {
  const eq = arg.indexOf('=');
  const key = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1).trim();
  let value: TomlValue;
  try {
    // structuredClone: a value of its own, sharing nothing with the parser's document.
    value = structuredClone((parseTomlDocument(`__value = ${raw}`).value as TomlTable).__value);
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
