// The checks that make Codex 0.171 refuse a config file (exit 1 on the CLI), over the facts in
// src/core/schema. The engine's loader and the lint rules both call checkFile, so they agree on
// what loads. Only what Codex itself rejects belongs here: unknown keys are merely ignored by Codex
// and are the lint rules' business.
import * as nodePath from 'node:path';
import { getPath, isTable, pathKey, type KeyLocation, type TomlTable, type TomlValue } from './toml';
import {
  BUILTIN_PERMISSION_PROFILES,
  BUILTIN_PROVIDER_IDS,
  CHECKED_RANGES,
  ENTRY_TYPES,
  FILES_READ_AT_LOAD,
  GRANULAR_REQUIRED,
  HTTP_ONLY,
  INTEGER_TYPES,
  KEY_TYPES,
  knownKeysOf,
  NESTED_TYPES,
  OTEL_EXPORTERS,
  OTEL_TLS_FIELDS,
  PROFILE_TYPED_KEYS,
  PROJECT_DENYLIST,
  RESERVED_PROVIDER_IDS,
  RETIRED_KEYS,
  REVIEWER_WORDS,
  SANDBOX_MODES,
  STDIO_ONLY,
  TABLE_FEATURES,
  TRUST_WORDS,
  typeOfKey,
  typeOk,
  WEB_SEARCH_MODES,
  APPROVAL_WORDS,
  type FeatureTable,
  type FeatureTableField,
  type KeyType,
} from '../schema';

/**
 * Stable codes of the load errors, shared by the engine's loadError and the lint rules (the
 * catalog in src/core/rules/catalog.ts explains each one).
 */
export type LoadErrorCode = 'CP002' | 'CP003' | 'CP004' | 'CP005' | 'CP006' | 'CP007' | 'CP008' | 'CP009' | 'CP010';

export interface ConfigProblem {
  readonly code: LoadErrorCode;
  readonly message: string;
  /** Key path the problem is about; its location gives the line. */
  readonly path: readonly (string | number)[];
  /** Report at the enclosing `[table]` header, as Codex does for some tables. */
  readonly atHeader?: boolean;
  /** Codex names this only because the file fails for another reason; alone it loads. */
  readonly onlyWhenFailing?: boolean;
  /** A whole number written as a float: the parsed value is fine, what was written is not. */
  readonly integralFloat?: boolean;
  /**
   * Codex checks this after the file has been read and names no line (a limit, a provider, a file
   * it reads); any error Codex names with a line comes first.
   */
  readonly noLine?: boolean;
  /** Of the problems without a line: one Codex finds before it looks up the model provider. */
  readonly beforeProvider?: boolean;
}

function quoteList(words: readonly string[]): string {
  return words.map((w) => `\`${w}\``).join(', ');
}

function typeName(v: TomlValue): string {
  if (Array.isArray(v)) return 'a sequence';
  if (v instanceof Date) return 'a datetime';
  if (isTable(v)) return 'a map';
  return typeof v === 'boolean' ? 'a boolean' : typeof v === 'number' ? 'a number' : 'a string';
}

/**
 * A key pasted into the wrong setting (`sandbox_mode = "sk-…"`): Codex would quote it in its error,
 * we do not print it (no secret value is ever printed, logged or exported). The same token formats
 * as the secret rules (src/core/rules/secrets.ts), which this layer does not import.
 */
function tokenShaped(v: string): boolean {
  return /^(sk-[A-Za-z0-9_-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{20,}|Bearer\s+\S{8,})$/.test(
    v,
  );
}

function checkEnum(out: ConfigProblem[], v: TomlValue | undefined, path: string[], words: readonly string[]): void {
  if (v === undefined) return;
  if (typeof v !== 'string') {
    out.push({ code: 'CP002', path, message: `invalid type: ${typeName(v)}, expected one of ${quoteList(words)} for ${path.join('.')}` });
  } else if (!words.includes(v)) {
    out.push({
      code: 'CP002',
      path,
      message: `unknown variant \`${tokenShaped(v) ? `**** (${v.length} characters, looks like a secret)` : v}\`, expected one of ${quoteList(words)} for ${path.join('.')}`,
    });
  }
}

function checkType(
  out: ConfigProblem[],
  v: TomlValue | undefined,
  path: string[],
  want: 'boolean' | 'string' | 'string[]' | 'table',
): void {
  if (v === undefined) return;
  const ok =
    want === 'table' ? isTable(v) : want === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === want;
  if (!ok)
    out.push({
      code: 'CP002',
      path,
      message: `invalid type: ${typeName(v)}, expected ${want === 'string[]' ? 'a list of strings' : `a ${want === 'table' ? 'table' : want}`} for ${path.join('.')}`,
    });
}

function checkApprovalPolicy(out: ConfigProblem[], v: TomlValue | undefined, path: string[]): void {
  if (v === undefined) return;
  if (v === 'untrusted') {
    out.push({ code: 'CP003', path, message: 'approval_policy = "untrusted" is no longer supported; remove this setting' });
    return;
  }
  if (isTable(v)) {
    const g = v.granular;
    const keys = Object.keys(v);
    if (keys.length !== 1 || !isTable(g)) {
      out.push({ code: 'CP002', path, message: `invalid approval_policy table: expected { granular = { ... } } for ${path.join('.')}` });
      return;
    }
    // Codex 0.171 requires all three (its own docs name only `rules`); the other two default to false.
    for (const f of GRANULAR_REQUIRED) {
      if (!(f in g))
        out.push({ code: 'CP002', path: [...path, 'granular'], message: `missing field \`${f}\` in approval_policy.granular` });
    }
    for (const [k, val] of Object.entries(g)) {
      if (typeof val !== 'boolean')
        out.push({
          code: 'CP002',
          path: [...path, 'granular', k],
          message: `invalid type: ${typeName(val)}, expected a boolean for approval_policy.granular.${k}`,
        });
    }
    return;
  }
  checkEnum(out, v, path, APPROVAL_WORDS);
}

/** Checks one layer's table (or a legacy `[profiles.x]` table, which Codex validates too). */
function checkPostureKeys(out: ConfigProblem[], t: TomlTable, prefix: string[]): void {
  const at = (k: string) => [...prefix, k];
  checkEnum(out, t.sandbox_mode, at('sandbox_mode'), SANDBOX_MODES);
  checkApprovalPolicy(out, t.approval_policy, at('approval_policy'));
  checkEnum(out, t.approvals_reviewer, at('approvals_reviewer'), REVIEWER_WORDS);
  checkEnum(out, t.web_search, at('web_search'), WEB_SEARCH_MODES);
  // A legacy profile has no `default_permissions` or `[sandbox_workspace_write]`: there they are
  // ignored unknown keys, whatever they hold (measured).
  const sww = prefix.length ? undefined : t.sandbox_workspace_write;
  if (!prefix.length) checkType(out, t.default_permissions, at('default_permissions'), 'string');
  if (sww !== undefined) {
    checkType(out, sww, at('sandbox_workspace_write'), 'table');
    if (isTable(sww)) {
      checkType(out, sww.writable_roots, [...at('sandbox_workspace_write'), 'writable_roots'], 'string[]');
      for (const b of ['network_access', 'exclude_tmpdir_env_var', 'exclude_slash_tmp']) {
        checkType(out, sww[b], [...at('sandbox_workspace_write'), b], 'boolean');
      }
    }
  }
  const features = t.features;
  if (features !== undefined) {
    checkType(out, features, at('features'), 'table');
    // Features are typed: anything below `[features]` that is not a boolean is fatal, which is how
    // a top-level key written under that header breaks the whole file.
    if (isTable(features)) {
      for (const [k, val] of Object.entries(features)) {
        if (typeof val === 'boolean') continue;
        // Measured: at the value for the top-level [features] (at its own header for a
        // `[features.x]` table), at the features table inside [profiles.x].
        const inProfile = prefix.length > 0;
        const place = inProfile
          ? { code: 'CP002' as const, path: at('features'), atHeader: true }
          : { code: 'CP002' as const, path: [...at('features'), k] };
        const name = [...at('features'), k].join('.');
        const shape = TABLE_FEATURES[k];
        if (!shape) {
          out.push({ ...place, message: `invalid type: ${typeName(val)}, expected a boolean for ${name}` });
          continue;
        }
        if (!isTable(val)) {
          out.push({ ...place, message: `invalid type: ${typeName(val)}, expected a boolean or a table of settings for ${name}` });
          continue;
        }
        const wrong = featureTableProblem(val, shape);
        if (wrong)
          out.push({ ...place, message: `${name}: ${wrong} (Codex: "data did not match any variant of untagged enum FeatureToml")` });
      }
    }
  }
}

/**
 * Why a feature's settings table does not fit its feature (undefined: it fits, as far as known).
 * A name missing from an incomplete table is let through: the binary could not rule it out.
 */
function featureTableProblem(t: TomlTable, shape: FeatureTable): string | undefined {
  for (const [k, v] of Object.entries(t)) {
    const field = shape.fields[k];
    if (field === undefined) {
      // `enabled` was probed for every table feature, so its absence is measured everywhere.
      if (shape.complete || k === 'enabled') return `\`${k}\` is not one of its settings`;
      continue;
    }
    if (!featureFieldAccepts(field, v)) return `\`${k}\` must be ${featureFieldWords(field)}`;
  }
  if (isTable(t.domains) && Object.values(t.domains).some((d) => d !== 'allow' && d !== 'deny'))
    return 'each of `domains` must be "allow" or "deny"';
  if (isTable(t.unix_sockets) && Object.values(t.unix_sockets).some((d) => d !== 'allow' && d !== 'deny'))
    return 'each of `unix_sockets` must be "allow" or "deny"';
  return undefined;
}

/** Whether a value has one of the kinds Codex accepted for the field (no kind measured: any). */
export function featureFieldAccepts(field: FeatureTableField, v: TomlValue): boolean {
  if (!field.kinds.length) return true;
  return field.kinds.some((kind) => {
    switch (kind) {
      case 'boolean':
        return typeof v === 'boolean';
      case 'integer':
        return typeof v === 'number' && Number.isInteger(v) && (field.negative !== false || v >= 0);
      case 'float':
        return typeof v === 'number';
      case 'string':
        return typeof v === 'string' && (!field.words || field.words.includes(v));
      case 'array':
        return Array.isArray(v);
      case 'table':
        return isTable(v);
    }
  });
}

function featureFieldWords(field: FeatureTableField): string {
  return field.kinds
    .map((kind) => {
      if (kind === 'string' && field.words) return `one of ${quoteList(field.words)}`;
      if (kind === 'integer' && field.negative === false) return 'a non-negative integer';
      return { boolean: 'a boolean', integer: 'an integer', float: 'a number', string: 'a string', array: 'a list', table: 'a table' }[
        kind
      ];
    })
    .join(' or ');
}

const TYPE_WORDS: Record<Exclude<KeyType, object>, string> = {
  string: 'a string',
  'nonempty-string': 'a non-empty string',
  boolean: 'a boolean',
  integer: 'an integer',
  uint: 'a non-negative integer',
  u8: 'an integer from 0 to 255',
  u16: 'an integer from 0 to 65535',
  u32: 'an integer from 0 to 4294967295',
  i32: 'an integer from -2147483648 to 2147483647',
  'nonzero-uint': 'a positive integer',
  number: 'a number',
  'string[]': 'a list of strings',
  'string-or-strings': 'a string or a list of strings',
  'string-map': 'a table of strings',
  table: 'a table',
};

function checkValue(
  out: ConfigProblem[],
  v: TomlValue | undefined,
  path: readonly string[],
  type: KeyType,
  reportAt?: readonly string[],
): void {
  if (v === undefined || typeOk(v, type)) return;
  const p = [...path];
  if (type === 'string-map' && isTable(v)) {
    // Codex names the entry that is not a string.
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string')
        out.push({ code: 'CP002', path: [...p, k], message: `invalid type: ${typeName(x)}, expected a string for ${[...p, k].join('.')}` });
    }
    return;
  }
  if (typeof type === 'object') {
    if (reportAt)
      out.push({ code: 'CP002', path: [...reportAt], atHeader: true, message: `${p.join('.')} must be one of ${quoteList(type.oneOf)}` });
    else checkEnum(out, v, p, type.oneOf);
    return;
  }
  out.push({
    code: 'CP002',
    path: reportAt ? [...reportAt] : p,
    atHeader: reportAt !== undefined || undefined,
    message: `invalid type: ${typeName(v)}, expected ${TYPE_WORDS[type]} for ${p.join('.')}`,
  });
}

const PERMISSION_NETWORK_BOOLEANS = [
  'allow_local_binding',
  'dangerously_allow_all_unix_sockets',
  'enable_socks5',
  'enable_socks5_udp',
  'allow_upstream_proxy',
  'dangerously_allow_non_loopback_proxy',
];

/** `[permissions.<name>]`: Codex reads the whole `permissions` table at once and names where it starts. */
function checkPermissions(out: ConfigProblem[], perms: TomlValue | undefined): void {
  if (!isTable(perms)) return;
  const at = ['permissions'];
  for (const [name, prof] of Object.entries(perms)) {
    if (!isTable(prof)) continue;
    const bad = (what: string) => out.push({ code: 'CP002', path: at, atHeader: true, message: `permissions.${name}: ${what}` });
    if (prof.extends !== undefined) {
      if (typeof prof.extends !== 'string') bad('`extends` must be a string');
      else if (prof.extends.startsWith(':') && !(BUILTIN_PERMISSION_PROFILES as readonly string[]).includes(prof.extends)) {
        out.push({
          code: 'CP009',
          path: ['permissions', name, 'extends'],
          message: `permissions profile \`${name}\` cannot extend unsupported built-in profile \`${prof.extends}\``,
        });
      }
    }
    if (prof.description !== undefined && typeof prof.description !== 'string') bad('`description` must be a string');
    const net = prof.network;
    if (isTable(net)) {
      if (net.enabled !== undefined && typeof net.enabled !== 'boolean') bad('`network.enabled` must be a boolean');
      // Measured: a wrong type for each of these is fatal, named at the `permissions` table.
      for (const k of PERMISSION_NETWORK_BOOLEANS)
        if (net[k] !== undefined && typeof net[k] !== 'boolean') bad(`\`network.${k}\` must be a boolean`);
      for (const k of ['proxy_url', 'socks_url'])
        if (net[k] !== undefined && typeof net[k] !== 'string') bad(`\`network.${k}\` must be a string`);
      // `mode` is an enum: a word, or a table whose one key is the word.
      const mode = isTable(net.mode) && Object.keys(net.mode).length === 1 ? Object.keys(net.mode)[0] : net.mode;
      if (mode !== undefined && mode !== 'limited' && mode !== 'full') bad('`network.mode` must be "limited" or "full"');
      if (isTable(net.domains)) {
        for (const [d, rule] of Object.entries(net.domains)) {
          if (typeof rule === 'string' && rule !== 'allow' && rule !== 'deny') bad(`domain rule \`${d}\` must be "allow" or "deny"`);
          else if (typeof rule !== 'string' && !isTable(rule)) bad(`domain rule \`${d}\` must be "allow" or "deny"`);
        }
      }
    }
    if (isTable(prof.filesystem)) {
      // Measured: "read", "write", "none" and "deny" load; other words, numbers and booleans do not.
      for (const [fp, access] of Object.entries(prof.filesystem)) {
        // Not a path: a setting (a usize; 0 is refused later, only for the profile in use).
        if (fp === 'glob_scan_max_depth') {
          if (!typeOk(access, 'uint')) bad('`filesystem.glob_scan_max_depth` must be a non-negative integer');
          continue;
        }
        if (isTable(access)) continue;
        if (typeof access !== 'string' || !['read', 'write', 'none', 'deny'].includes(access))
          bad(`filesystem access for \`${fp}\` must be "read", "write", "none" or "deny"`);
      }
    }
  }
}

/** Every value at `pattern` (`*` matches any name), with its path. */
function expandPaths(v: TomlValue, pattern: readonly string[], notNamed?: string, at: readonly string[] = []): [string[], TomlValue][] {
  if (pattern.length === 0) return [[[...at], v]];
  if (!isTable(v)) return [];
  const [head, ...rest] = pattern;
  const names = head === '*' ? Object.keys(v).filter((k) => k !== notNamed) : head in v ? [head] : [];
  return names.flatMap((k) => expandPaths(v[k], rest, notNamed, [...at, k]));
}

const HOOK_TYPES = ['command', 'mcp_tool', 'prompt', 'agent'];
const DISCOVERABLE_TYPES = ['connector', 'plugin'];

/**
 * Words inside lists of tables, and limits Codex checks while it reads a value (measured): an MCP
 * server's `startup_timeout_sec` that is no duration is named at the server's table, its
 * `tool_timeout_sec` at the value; a hook's `type` at the `hooks` table.
 */
function checkNestedShapes(out: ConfigProblem[], t: TomlTable): void {
  const mcp = t.mcp_servers;
  if (isTable(mcp)) {
    for (const [name, s] of Object.entries(mcp)) {
      if (!isTable(s)) continue;
      for (const [k, atTable] of [
        ['startup_timeout_sec', true],
        ['tool_timeout_sec', false],
      ] as const) {
        const v = s[k];
        if (typeof v !== 'number') continue;
        // A Rust Duration from float seconds: not negative, finite, below 2^64 seconds.
        const why = v < 0 ? 'value is negative' : !Number.isFinite(v) || v >= 2 ** 64 ? 'value is either too big or NaN' : undefined;
        if (why)
          out.push({
            code: 'CP002',
            path: atTable ? ['mcp_servers', name] : ['mcp_servers', name, k],
            message: `mcp_servers.${name}.${k}: cannot convert float seconds to Duration: ${why}`,
          });
      }
    }
  }
  const hooks = t.hooks;
  if (isTable(hooks)) {
    for (const [event, groups] of Object.entries(hooks)) {
      if (!Array.isArray(groups)) continue;
      for (const g of groups) {
        if (!isTable(g) || !Array.isArray(g.hooks)) continue;
        for (const h of g.hooks) {
          if (isTable(h) && h.type !== undefined && !(typeof h.type === 'string' && HOOK_TYPES.includes(h.type)))
            out.push({
              code: 'CP002',
              path: ['hooks'],
              atHeader: true,
              message: `hooks.${event}: a hook's type must be one of ${quoteList(HOOK_TYPES)}`,
            });
        }
      }
    }
  }
  const suggest = t.tool_suggest;
  if (isTable(suggest)) {
    for (const list of ['discoverables', 'disabled_tools']) {
      const items = suggest[list];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        const v = isTable(item) ? item.type : undefined;
        if (v !== undefined && !(typeof v === 'string' && DISCOVERABLE_TYPES.includes(v)))
          out.push({
            code: 'CP002',
            path: ['tool_suggest', list, i, 'type'],
            message: `tool_suggest.${list}: type must be one of ${quoteList(DISCOVERABLE_TYPES)}`,
          });
      });
    }
  }
  // An in-memory thread store needs its id (measured: "missing field `id`", at the table).
  const store = t.experimental_thread_store;
  if (isTable(store) && store.type === 'in_memory' && store.id === undefined)
    out.push({
      code: 'CP002',
      path: ['experimental_thread_store'],
      message: 'missing field `id` in experimental_thread_store (type = "in_memory")',
    });
  const speed = isTable(t.tui) ? t.tui.mouse_scroll_speed : undefined;
  if (typeof speed === 'number' && !(speed > 0 && Number.isFinite(speed)))
    out.push({ code: 'CP002', path: ['tui', 'mouse_scroll_speed'], message: 'tui.mouse_scroll_speed must be a finite positive number' });
}

/** Limits Codex checks once the file is read: no line (CHECKED_RANGES). */
function checkRanges(out: ConfigProblem[], t: TomlTable): void {
  for (const r of CHECKED_RANGES) {
    const v = getPath(t, r.path);
    if (typeof v !== 'number' || !Number.isInteger(v)) continue;
    if ((r.min !== undefined && v < r.min) || (r.max !== undefined && v > r.max))
      out.push({
        code: 'CP002',
        path: [...r.path],
        noLine: true,
        message: r.message,
        ...(r.beforeProvider ? { beforeProvider: true } : {}),
      });
  }
  checkWaitTimeouts(out, getPath(t, ['features', 'multi_agent_v2']));
  const ns = getPath(t, ['features', 'multi_agent_v2', 'tool_namespace']);
  if (typeof ns === 'string' && !/^[a-zA-Z0-9_-]{1,64}$/.test(ns))
    out.push({
      code: 'CP002',
      path: ['features', 'multi_agent_v2', 'tool_namespace'],
      noLine: true,
      message: 'features.multi_agent_v2.tool_namespace must match ^[a-zA-Z0-9_-]+$',
    });
}

/**
 * `features.multi_agent_v2` wait timeouts against each other, with Codex's defaults where one is
 * not set (found by bisection: min 10000, default 30000, max 3600000 ms). Measured order: min
 * against max first, then the default against each.
 */
function checkWaitTimeouts(out: ConfigProblem[], mav: TomlValue | undefined): void {
  if (!isTable(mav)) return;
  const ms = (k: string, fallback: number): number | undefined => {
    const v = mav[k];
    if (v === undefined) return fallback;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 3_600_000 ? v : undefined;
  };
  const min = ms('min_wait_timeout_ms', 10_000);
  const def = ms('default_wait_timeout_ms', 30_000);
  const max = ms('max_wait_timeout_ms', 3_600_000);
  // A value out of its own range is reported by CHECKED_RANGES already.
  if (min === undefined || def === undefined || max === undefined) return;
  const f = (k: string) => `features.multi_agent_v2.${k}_wait_timeout_ms`;
  const problem = (k: string, message: string): void => {
    out.push({ code: 'CP002', path: ['features', 'multi_agent_v2', `${k}_wait_timeout_ms`], noLine: true, message });
  };
  if (min > max) problem(mav.min_wait_timeout_ms !== undefined ? 'min' : 'max', `${f('min')} must be at most ${f('max')}`);
  else if (def < min)
    problem(mav.default_wait_timeout_ms !== undefined ? 'default' : 'min', `${f('default')} must be at least ${f('min')}`);
  else if (def > max) problem(mav.default_wait_timeout_ms !== undefined ? 'default' : 'max', `${f('default')} must be at most ${f('max')}`);
}

/**
 * The permission profile in use (`default_permissions` and the profiles it extends) must scan
 * globs at least one level deep (measured: "glob_scan_max_depth must be at least 1", no line, only
 * for a profile in use; a negative depth is a type error with a line).
 */
export function checkActivePermissions(merged: TomlTable): ConfigProblem | undefined {
  const perms = merged.permissions;
  let name = merged.default_permissions;
  const seen = new Set<string>();
  while (typeof name === 'string' && !name.startsWith(':') && isTable(perms) && !seen.has(name)) {
    seen.add(name);
    const prof = perms[name];
    if (!isTable(prof)) return undefined;
    const depth = isTable(prof.filesystem) ? prof.filesystem.glob_scan_max_depth : undefined;
    if (typeof depth === 'number' && Number.isInteger(depth) && depth < 1)
      return {
        code: 'CP002',
        path: ['permissions', name, 'filesystem', 'glob_scan_max_depth'],
        noLine: true,
        beforeProvider: true,
        message: 'glob_scan_max_depth must be at least 1',
      };
    name = prof.extends;
  }
  return undefined;
}

/**
 * `model_provider` must name a built-in provider or a `[model_providers.<id>]` table of the merged
 * config (measured: "Model provider `x` not found", fatal, no line; a project file cannot set it).
 */
export function checkModelProvider(merged: TomlTable): ConfigProblem | undefined {
  const id = merged.model_provider;
  if (typeof id !== 'string' || (BUILTIN_PROVIDER_IDS as readonly string[]).includes(id)) return undefined;
  const defined = merged.model_providers;
  if (isTable(defined) && isTable(defined[id])) return undefined;
  return { code: 'CP002', path: ['model_provider'], noLine: true, message: `Model provider \`${id}\` not found` };
}

/** What is at a path Codex reads: a file, something else (a folder), or nothing. */
export type PathKind = 'file' | 'not-file' | 'missing';

/**
 * The files Codex reads while loading (FILES_READ_AT_LOAD) that `t` sets, as absolute paths: a
 * relative one is taken from `baseDir`, the folder of the file that sets it.
 */
export function filesReadAtLoad(t: TomlTable, baseDir: string): { key: string; what: string; file: string }[] {
  const out: { key: string; what: string; file: string }[] = [];
  for (const { key, what } of FILES_READ_AT_LOAD) {
    const v = t[key];
    if (typeof v === 'string') out.push({ key, what, file: nodePath.resolve(baseDir, v) });
  }
  return out;
}

/** The first file Codex cannot read while loading, as Codex words it (fatal, no line). */
export function checkFilesReadAtLoad(
  files: readonly { key: string; what: string; file: string }[],
  kindOf: (file: string) => PathKind,
): ConfigProblem | undefined {
  for (const f of files) {
    const kind = kindOf(f.file);
    if (kind === 'file') continue;
    const why = kind === 'missing' ? 'No such file or directory (os error 2)' : `path \`${f.file}\` is not a file`;
    return { code: 'CP002', path: [f.key], noLine: true, message: `failed to read ${f.what} ${f.file}: ${why}` };
  }
  return undefined;
}

/**
 * `features.rollout_budget` switched on needs its limits (measured, fatal with no line): `true` or
 * `enabled = true` without `limit_tokens` / `limit_budget`, or `limit_tokens` without
 * `reminder_at_remaining_tokens`.
 */
function checkRolloutBudget(out: ConfigProblem[], v: TomlValue | undefined): void {
  const path = ['features', 'rollout_budget'];
  const on = v === true || (isTable(v) && v.enabled === true);
  if (!on) return;
  const t = isTable(v) ? v : {};
  if (t.limit_tokens === undefined && t.limit_budget === undefined)
    out.push({ code: 'CP002', path, message: 'features.rollout_budget requires limit_tokens or limit_budget when enabled' });
  else if (t.limit_tokens !== undefined && t.reminder_at_remaining_tokens === undefined)
    out.push({
      code: 'CP002',
      path,
      message: 'features.rollout_budget.reminder_at_remaining_tokens is required when rollout_budget is enabled with limit_tokens',
    });
}

/**
 * `otel.exporter` (and `trace_exporter`, `metrics_exporter`): `"none"`, `"statsig"`, or a table with
 * exactly one of `none` / `statsig` (empty) / `otlp-http` / `otlp-grpc` (settings). Measured: a
 * missing `endpoint` (both) or `protocol` (otlp-http: `binary` or `json`) is named at the variant's
 * table, an unknown variant or a second one at the exporter's table; wrong field types at the value.
 */
function checkOtelExporter(out: ConfigProblem[], v: TomlValue | undefined, path: string[]): void {
  if (v === undefined) return;
  const name = path.join('.');
  if (!isTable(v)) {
    if (v === 'none' || v === 'statsig') return;
    const needsTable = v === 'otlp-http' || v === 'otlp-grpc';
    out.push({
      code: 'CP002',
      path,
      message: needsTable
        ? `${name} = "${v}" needs a table with its settings`
        : `${name} must be "none", "statsig" or an otlp-http / otlp-grpc table`,
    });
    return;
  }
  const variants = Object.keys(v);
  // Named at the exporter's table, or at the variant's: the first place each appears.
  const at = { code: 'CP002' as const, path };
  if (variants.length !== 1) {
    out.push({ ...at, message: `${name} needs exactly one of none, statsig, otlp-http, otlp-grpc` });
    return;
  }
  const [variant] = variants;
  const settings = v[variant];
  const vp = [...path, variant];
  if (variant === 'none' || variant === 'statsig') {
    if (!isTable(settings) || Object.keys(settings).length)
      out.push({ code: 'CP002', path: vp, message: `${name}.${variant} takes no settings (an empty table)` });
    return;
  }
  if (variant !== 'otlp-http' && variant !== 'otlp-grpc') {
    out.push({ ...at, message: `unknown ${name} \`${variant}\`; expected none, statsig, otlp-http or otlp-grpc` });
    return;
  }
  if (!isTable(settings)) {
    out.push({ code: 'CP002', path: vp, message: `invalid type: ${typeName(settings)}, expected a table for ${vp.join('.')}` });
    return;
  }
  checkValue(out, settings.endpoint, [...vp, 'endpoint'], 'string');
  checkValue(out, settings.headers, [...vp, 'headers'], 'string-map');
  if (variant === 'otlp-http') checkValue(out, settings.protocol, [...vp, 'protocol'], { oneOf: ['binary', 'json'] });
  if (isTable(settings.tls)) for (const f of OTEL_TLS_FIELDS) checkValue(out, settings.tls[f], [...vp, 'tls', f], 'string');
  else checkValue(out, settings.tls, [...vp, 'tls'], 'table');
  const missing = ['endpoint', ...(variant === 'otlp-http' ? ['protocol'] : [])].filter((f) => settings[f] === undefined);
  for (const f of missing) out.push({ code: 'CP002', path: vp, message: `missing field \`${f}\` in ${vp.join('.')}` });
}

export interface LayerCheckOptions {
  /** Project layers strip some keys instead of failing on them. */
  readonly isProject: boolean;
}

export function checkLayer(t: TomlTable, opts: LayerCheckOptions): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  checkPostureKeys(out, t, []);
  if (!opts.isProject && t.profile !== undefined) {
    out.push({
      code: 'CP004',
      path: ['profile'],
      message:
        'the top-level `profile` key is no longer supported; profiles live in $CODEX_HOME/<name>.config.toml and are chosen with --profile <name>',
    });
  }
  const profiles = t.profiles;
  if (!opts.isProject && isTable(profiles)) {
    for (const [name, p] of Object.entries(profiles)) {
      if (!isTable(p)) continue;
      checkPostureKeys(out, p, ['profiles', name]);
      for (const { path, type } of PROFILE_TYPED_KEYS) checkValue(out, p[path[0]], ['profiles', name, path[0]], type);
    }
  }
  const projects = t.projects;
  if (isTable(projects)) {
    for (const [dir, entry] of Object.entries(projects)) {
      if (isTable(entry)) checkEnum(out, entry.trust_level, ['projects', dir, 'trust_level'], TRUST_WORDS);
    }
  }
  const providers = t.model_providers;
  if (!opts.isProject && isTable(providers)) {
    for (const [id, p] of Object.entries(providers)) {
      if ((RESERVED_PROVIDER_IDS as readonly string[]).includes(id)) {
        out.push({
          code: 'CP007',
          path: ['model_providers', id],
          atHeader: true,
          message: `model provider id \`${id}\` is reserved for a built-in provider; choose another id`,
        });
      }
      if (isTable(p) && p.wire_api === 'chat') {
        out.push({
          code: 'CP005',
          path: ['model_providers', id, 'wire_api'],
          message: '`wire_api = "chat"` is no longer supported; use `wire_api = "responses"`',
        });
      } else if (isTable(p)) {
        checkEnum(out, p.wire_api, ['model_providers', id, 'wire_api'], ['responses']);
      }
    }
  }
  const mcp = t.mcp_servers;
  if (isTable(mcp)) {
    for (const [name, s] of Object.entries(mcp)) {
      if (isTable(s) && s.bearer_token !== undefined) {
        out.push({
          code: 'CP006',
          path: ['mcp_servers', name, 'bearer_token'],
          atHeader: true,
          message: `mcp_servers.${name}.bearer_token is not supported; put the token in an environment variable and name it with bearer_token_env_var`,
        });
      }
    }
  }
  checkType(out, t.project_root_markers, ['project_root_markers'], 'string[]');
  for (const { path, type, reportAt } of KEY_TYPES) checkValue(out, getPath(t, path), path, type, reportAt);
  for (const { path, type, reportAt, notNamed } of NESTED_TYPES)
    for (const [p, v] of expandPaths(t, path, notNamed)) checkValue(out, v, p, type, reportAt);
  checkNestedShapes(out, t);
  for (const table of ['model_providers', 'mcp_servers'] as const) {
    const entries = t[table];
    if (entries === undefined) continue;
    // `[[mcp_servers]]` and the like: a list where Codex expects a table of entries.
    if (!isTable(entries)) {
      out.push({ code: 'CP002', path: [table], message: `invalid type: ${typeName(entries)}, expected a table for ${table}` });
      continue;
    }
    const fields = Object.entries(ENTRY_TYPES[table]);
    for (const [id, e] of Object.entries(entries)) {
      if (!isTable(e)) continue;
      // A config may hold hundreds of servers: look only at the fields that are there.
      for (const [k, type] of fields) if (e[k] !== undefined) checkValue(out, e[k], [table, id, k], type);
    }
  }
  if (isTable(providers)) {
    for (const [id, p] of Object.entries(providers)) {
      // Checked after the types: a provider needs a display name, even one that is never used.
      if (
        isTable(p) &&
        !(RESERVED_PROVIDER_IDS as readonly string[]).includes(id) &&
        (p.name === undefined || (typeof p.name === 'string' && p.name.trim() === ''))
      ) {
        out.push({
          code: 'CP002',
          path: ['model_providers', id],
          atHeader: true,
          message: `model_providers.${id}: provider name must not be empty`,
        });
      }
    }
  }
  if (isTable(mcp)) {
    for (const [name, s] of Object.entries(mcp)) {
      if (!isTable(s)) continue;
      // A server needs one transport: `command` (stdio) or `url` (streamable HTTP), and only that
      // transport's fields. Codex names the server's table.
      const at = { code: 'CP002' as const, path: ['mcp_servers', name], atHeader: true };
      if (s.command === undefined && s.url === undefined)
        out.push({ ...at, message: `invalid transport: mcp_servers.${name} needs \`command\` or \`url\`` });
      const wrong = s.command !== undefined ? ['url', ...HTTP_ONLY] : s.url !== undefined ? STDIO_ONLY : [];
      for (const k of wrong)
        if (s[k] !== undefined)
          out.push({
            ...at,
            message: `mcp_servers.${name}: ${k} is not supported for ${s.command !== undefined ? 'stdio' : 'streamable_http'}`,
          });
    }
  }
  const tui = t.tui;
  if (isTable(tui) && tui.notifications !== undefined && typeof tui.notifications !== 'boolean' && !typeOk(tui.notifications, 'string[]')) {
    out.push({
      code: 'CP002',
      path: ['tui'],
      atHeader: true,
      message: 'tui.notifications must be true, false or a list of notification names',
    });
  }
  if (isTable(t.otel)) for (const k of OTEL_EXPORTERS) checkOtelExporter(out, t.otel[k], ['otel', k]);
  if (isTable(t.features)) checkRolloutBudget(out, t.features.rollout_budget);
  const filters = isTable(t.shell_environment_policy) ? t.shell_environment_policy.filters : undefined;
  if (isTable(filters)) {
    // Each filter maps a variable pattern to "include" or "exclude"; Codex names the policy's table.
    for (const [pattern, what] of Object.entries(filters)) {
      if (what !== 'include' && what !== 'exclude')
        out.push({
          code: 'CP002',
          path: ['shell_environment_policy'],
          atHeader: true,
          message: `shell_environment_policy.filters: \`${pattern}\` must be "include" or "exclude"`,
        });
    }
  }
  for (const [k, message] of Object.entries(RETIRED_KEYS)) if (t[k] !== undefined) out.push({ code: 'CP002', path: [k], message });
  checkPermissions(out, t.permissions);
  checkRanges(out, t);
  const tools = t.tools;
  const wsTable = isTable(tools) ? tools.web_search : undefined;
  if (isTable(wsTable)) {
    const cs = wsTable.context_size;
    if (
      (cs !== undefined && !typeOk(cs, { oneOf: ['low', 'medium', 'high'] })) ||
      (wsTable.allowed_domains !== undefined && !typeOk(wsTable.allowed_domains, 'string[]'))
    ) {
      out.push({
        code: 'CP002',
        path: ['tools', 'web_search'],
        message: 'tools.web_search: context_size must be "low", "medium" or "high" and allowed_domains a list of strings',
      });
    }
  }
  if (isTable(tools) && tools.web_search !== undefined && typeof tools.web_search !== 'boolean' && !isTable(tools.web_search)) {
    out.push({
      code: 'CP002',
      path: ['tools', 'web_search'],
      message: `invalid type: ${typeName(tools.web_search)}, expected a boolean or a table for tools.web_search (the mode is the top-level web_search key)`,
    });
  }
  return out;
}

/**
 * Unknown fields inside an otel exporter's `otlp-http` / `otlp-grpc` table: only ignored while the
 * file loads, but once it fails for another reason Codex names the first of them instead
 * (`unexpected keys in table: endpont, available keys: ...`, at the variant's table; measured).
 */
function otelExporterStrays(t: TomlTable): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (!isTable(t.otel)) return out;
  for (const e of OTEL_EXPORTERS) {
    const exporter = t.otel[e];
    if (!isTable(exporter)) continue;
    for (const [variant, settings] of Object.entries(exporter)) {
      const fields = knownKeysOf(['otel', e, variant]);
      if (!fields || !isTable(settings)) continue;
      const stray = Object.keys(settings).filter((k) => !fields.includes(k));
      if (stray.length)
        out.push({
          code: 'CP002',
          path: ['otel', e, variant],
          atHeader: true,
          onlyWhenFailing: true,
          message: `unexpected keys in otel.${e}.${variant}: ${stray.join(', ')} (Codex names them because the file fails anyway)`,
        });
    }
  }
  return out;
}

/**
 * A whole number written as a float (`model_context_window = 1e5`, `2.0`) where Codex wants an
 * integer: fatal (`invalid type: floating point, expected i64`), though its value is an integer.
 * `integralFloats` are the parser's path keys of such values; `t` is the table checkLayer saw.
 */
function checkIntegralFloats(t: TomlTable, integralFloats: ReadonlySet<string> | undefined): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (!integralFloats?.size) return out;
  for (const k of integralFloats) {
    const path = JSON.parse(k) as unknown[];
    if (!path.every((seg): seg is string => typeof seg === 'string') || getPath(t, path) === undefined) continue;
    const type = typeOfKey(path);
    // A feature's settings table: the whole table fails to match, named at its header (measured:
    // `reminder_threshold_tokens = 2.0` in [features.token_budget] at 1:1, `= 2` loads).
    const field = path.length === 3 && path[0] === 'features' ? TABLE_FEATURES[path[1]]?.fields[path[2]] : undefined;
    if (field && field.kinds.includes('integer') && !field.kinds.includes('float'))
      out.push({
        code: 'CP002',
        path: path.slice(0, 2),
        integralFloat: true,
        message: `${path.slice(0, 2).join('.')}: \`${path[2]}\` must be written as an integer, not as a float (Codex: "data did not match any variant of untagged enum FeatureToml")`,
      });
    if (type !== undefined && INTEGER_TYPES.includes(type))
      out.push({
        code: 'CP002',
        path,
        integralFloat: true,
        message: `invalid type: floating point \`${String(getPath(t, path))}\`, expected an integer for ${path.join('.')}`,
      });
  }
  return out;
}

/** Checks that need the merged view: permission profiles refer across layers. */
export function checkMerged(merged: TomlTable): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const dp = merged.default_permissions;
  const perms = merged.permissions;
  if (typeof dp === 'string') {
    if (dp.startsWith(':')) {
      if (!(BUILTIN_PERMISSION_PROFILES as readonly string[]).includes(dp)) {
        out.push({
          code: 'CP009',
          path: ['default_permissions'],
          message: `unknown built-in permissions profile \`${dp}\`; expected one of ${quoteList(BUILTIN_PERMISSION_PROFILES)}`,
        });
      }
    } else if (!isTable(perms) || !isTable(perms[dp])) {
      out.push({
        code: 'CP009',
        path: ['default_permissions'],
        message: `default_permissions refers to \`${dp}\`, but no [permissions.${dp}] table is defined`,
      });
    }
  } else if (isTable(perms) && merged.sandbox_mode === undefined) {
    out.push({
      code: 'CP008',
      path: ['permissions'],
      message: '[permissions] is defined but default_permissions is not set; set default_permissions to the profile to use',
    });
  }
  return out;
}

/**
 * A problem Codex reports at a table, about a key of that table written without a `[header]`
 * (dotted keys or an inline table): Codex names the table's own key where it first appears
 * (measured: `mcp_servers.fs.bearer_token = ...` three lines below `mcp_servers.fs.url` is
 * reported at the `fs` of the first line).
 */
export function tableWithoutHeader(
  problem: ConfigProblem,
  found: number,
  locations: ReadonlyMap<string, KeyLocation>,
): KeyLocation | undefined {
  if (found !== problem.path.length || found < 2) return undefined;
  return locations.get(pathKey(problem.path.slice(0, -1)));
}

/** Line of a problem in a file, following Codex's habit of naming the header for some tables. */
export function problemLine(
  problem: ConfigProblem,
  locations: ReadonlyMap<string, KeyLocation>,
): { line: number; column: number } | undefined {
  if (problem.noLine) return undefined;
  for (let n = problem.path.length; n > 0; n--) {
    const loc = locations.get(pathKey(problem.path.slice(0, n)));
    if (!loc) continue;
    if (problem.atHeader && loc.header) return { line: loc.header.span.line, column: loc.header.span.column };
    const table = problem.atHeader ? tableWithoutHeader(problem, n, locations) : undefined;
    if (table) return { line: table.key.line, column: table.key.column };
    const span = loc.value ?? loc.key;
    return { line: span.line, column: span.column };
  }
  return undefined;
}

export function stripDenylisted(t: TomlTable): { table: TomlTable; stripped: string[][] } {
  const stripped: string[][] = [];
  const copy = structuredClone(t) as TomlTable;
  for (const path of PROJECT_DENYLIST) {
    if (getPath(copy, path) === undefined) continue;
    const parent = path.length === 1 ? copy : getPath(copy, path.slice(0, -1));
    if (isTable(parent)) {
      delete parent[path[path.length - 1]];
      stripped.push([...path]);
    }
  }
  return { table: copy, stripped };
}

export interface FileCheckOptions {
  /** Project files strip some keys instead of failing on them. */
  readonly isProject: boolean;
  /** The parser's whole-number floats (ParsedToml.integralFloats): a number alone cannot tell. */
  readonly integralFloats?: ReadonlySet<string>;
  /** Checks of the merged view that the caller judges in this file alone (the linter's view). */
  readonly merged?: (effective: TomlTable) => readonly ConfigProblem[];
  /** The project file already stripped, when the caller has it: stripping copies the whole file. */
  readonly effective?: TomlTable;
}

export interface FileCheck {
  /** The table Codex uses: a project file without its denylisted keys. */
  readonly effective: TomlTable;
  readonly stripped: readonly string[][];
  readonly problems: readonly ConfigProblem[];
}

/**
 * Everything that makes Codex refuse one file, as the file was written. The engine's loader and
 * the linter both call this, so the badge's `loads` and the Problems panel's errors agree.
 */
export function checkFile(written: TomlTable, opts: FileCheckOptions): FileCheck {
  const { isProject } = opts;
  const { table: effective, stripped } = !isProject
    ? { table: written, stripped: [] as string[][] }
    : opts.effective
      ? { table: opts.effective, stripped: PROJECT_DENYLIST.filter((p) => getPath(written, p) !== undefined).map((p) => [...p]) }
      : stripDenylisted(written);
  const problems: ConfigProblem[] = [...checkLayer(effective, { isProject }), ...checkIntegralFloats(effective, opts.integralFloats)];
  if (opts.merged) problems.push(...opts.merged(effective));
  // Codex checks a project file as a whole before it strips `profiles`, `model_providers`, ...: a
  // bad value there alone passes, but once the file fails for another reason, the error Codex names
  // is the first one in the whole file, which may be inside a stripped table (measured).
  if (isProject && problems.length && stripped.length) {
    const inStripped = (p: ConfigProblem) => stripped.some((sp) => sp.every((seg, i) => p.path[i] === seg));
    for (const p of checkLayer(written, { isProject: false })) {
      if ((p.code === 'CP002' || p.code === 'CP005' || p.code === 'CP007') && inStripped(p)) {
        problems.push({
          ...p,
          onlyWhenFailing: true,
          message: `${p.message} (Codex names this stripped key because the file fails anyway)`,
        });
      }
    }
  }
  // The whole file, as for the stripped tables above: Codex checks it before stripping `otel`.
  if (problems.length) problems.push(...otelExporterStrays(written));
  return { effective, stripped, problems };
}
