// Team policy for `codex-posture check` / `lint --forbid`: values a team does not allow in any
// config file, reported as error-severity CP900 findings so CI and pre-commit hooks fail on them.
import { getPath, pathKey, type ParsedToml, type TomlValue } from '../config/toml';
import type { Finding } from './lint';

export interface PolicyRule {
  readonly key: 'sandbox_mode' | 'approval_policy' | 'web_search' | 'network' | 'default_permissions';
  /** Forbidden value; for `network` the rule forbids network on. */
  readonly value?: string;
}

/** `check` without options forbids what the TUI calls YOLO mode and its parts. */
export const DEFAULT_POLICY: readonly PolicyRule[] = [
  { key: 'sandbox_mode', value: 'danger-full-access' },
  { key: 'default_permissions', value: ':danger-full-access' },
  { key: 'approval_policy', value: 'never' },
];

/** Parses `--forbid` words: `sandbox=danger-full-access`, `approval=never`, `web_search=live`, `network`. */
export function parseForbid(word: string): PolicyRule | undefined {
  if (word === 'network') return { key: 'network' };
  const m = /^(sandbox|sandbox_mode|approval|approval_policy|web_search|web-search|default_permissions)=(.+)$/.exec(word);
  if (!m) return undefined;
  const key =
    m[1] === 'sandbox'
      ? 'sandbox_mode'
      : m[1] === 'approval'
        ? 'approval_policy'
        : m[1] === 'web-search'
          ? 'web_search'
          : (m[1] as PolicyRule['key']);
  return { key, value: m[2] };
}

export function policyFindings(parsed: ParsedToml, rules: readonly PolicyRule[]): Finding[] {
  if (!parsed.ok) return [];
  const out: Finding[] = [];
  const check = (p: string[], v: TomlValue | undefined, what: string) => {
    const l = parsed.locations.get(pathKey(p));
    if (v === undefined || !l) return;
    const span = l.value ?? l.key;
    out.push({ code: 'CP900', severity: 'error', message: `Team policy forbids ${what}.`, span, related: [], fixes: [] });
  };
  const tables: string[][] = [[]];
  const profiles = getPath(parsed.value, ['profiles']);
  if (profiles && typeof profiles === 'object' && !Array.isArray(profiles))
    for (const n of Object.keys(profiles)) tables.push(['profiles', n]);
  for (const base of tables) {
    for (const r of rules) {
      if (r.key === 'network') {
        const p = [...base, 'sandbox_workspace_write', 'network_access'];
        if (getPath(parsed.value, p) === true) check(p, true, 'network access (network_access = true)');
        continue;
      }
      const p = [...base, r.key];
      const v = getPath(parsed.value, p);
      if (v === r.value) check(p, v, `${r.key} = "${r.value}"`);
    }
  }
  if (rules.some((r) => r.key === 'network')) {
    const perms = getPath(parsed.value, ['permissions']);
    if (perms && typeof perms === 'object' && !Array.isArray(perms)) {
      for (const n of Object.keys(perms)) {
        const p = ['permissions', n, 'network', 'enabled'];
        if (getPath(parsed.value, p) === true) check(p, true, `network access ([permissions.${n}.network] enabled = true)`);
      }
    }
  }
  return out;
}
