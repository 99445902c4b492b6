// The walk the unknown-key rules (CP101, CP102, CP103) share: every key Codex does not know, once
// per file, with what kind of mistake it looks like. Each rule reports its own kind.
import { childKey, getPath, isTable, ROOT_KEY, type KeyLocation, type Span, type TomlTable, type TomlValue } from '../../config/toml';
import { KNOWN_DEPTH, KNOWN_TOP_LEVEL, knownKeysOf } from '../../schema';
import { dotted, type LintContext } from '../context';
import type { Related } from '../types';

/** Keys from the team's security guide that Codex 0.171 ignores, with what to use instead. */
export const GUIDE_KEYS: Readonly<Record<string, string>> = {
  ask_for_approval: 'Codex reads the approval policy only from the top-level `approval_policy`',
  allowlisted_domains:
    'domain rules live in `[permissions.<name>.network.domains]` and are enforced only with `features.network_proxy = true`',
  allowlist_expiry: 'nothing in Codex expires; domain rules live in `[permissions.<name>.network.domains]`',
};

export interface UnknownKey {
  /** The key's path and its last segment. */
  readonly kp: readonly string[];
  readonly k: string;
  readonly v: TomlValue;
  readonly l: KeyLocation;
  /** The keys its table does have. */
  readonly known: readonly string[];
  /** Where to report: a table's key, or where an implied table is defined. */
  readonly span: Span;
  /** The `[header]` the key is written under, when that explains it. */
  readonly header: Related | undefined;
  /** CP102 for the guide's keys, CP103 for a top-level key captured by a header, else CP101. */
  readonly code: 'CP101' | 'CP102' | 'CP103';
}

/** The unknown keys of the file, in walk order (computed by the first rule that asks). */
export function unknownKeys(ctx: LintContext): readonly UnknownKey[] {
  return ctx.once('unknown-keys', () => {
    const out: UnknownKey[] = [];
    // The whole file, stripped keys included: Codex checks a project file's keys before it strips
    // `model_providers`, `otel`, `profiles` ... (`--strict-config` names a typo inside them).
    walk(ctx, ctx.table, [], ROOT_KEY, out);
    return out;
  });
}

function walk(ctx: LintContext, t: TomlTable, p: readonly string[], pk: string, out: UnknownKey[]): void {
  const known = knownKeysOf(p);
  for (const k of Object.keys(t)) {
    const v = t[k];
    const unknown = known !== undefined && !known.includes(k);
    const descend = isTable(v) && (p.length < 2 || p.length < (KNOWN_DEPTH.get(p[0]) ?? 0));
    if (!unknown && !descend) continue;
    const kk = childKey(pk, k);
    // Only an unknown key needs its place (each lookup hashes a fresh path key).
    const l = unknown ? ctx.locs.get(kk) : undefined;
    if (l) out.push(describe(ctx, [...p, k], k, v, l, known!));
    else if (descend) walk(ctx, v as TomlTable, [...p, k], kk, out);
  }
}

function describe(ctx: LintContext, kp: readonly string[], k: string, v: TomlValue, l: KeyLocation, known: readonly string[]): UnknownKey {
  const header =
    l.header && !l.isHeader
      ? { message: `the [${dotted(l.header.path)}] header that this key is written under`, span: l.header.span }
      : undefined;
  const span = l.isHeader ? (l.definedAt ?? l.key) : ctx.keySpan(l);
  // Own keys only: `constructor` or `toString` is an unknown key, not advice from the guide.
  const guide = (k === 'sandbox_read_only' && kp.length === 1) || Object.hasOwn(GUIDE_KEYS, k);
  // A legacy profile has fewer fields than the top level: that is CP101's, not a captured key.
  const profileField = kp[0] === 'profiles' && kp.length === 3 && KNOWN_TOP_LEVEL.includes(k);
  // A known top-level key below a header: the classic TOML trap.
  const captured =
    !profileField &&
    kp.length > 1 &&
    KNOWN_TOP_LEVEL.includes(k) &&
    !l.isHeader &&
    l.header !== undefined &&
    getPath(ctx.table, [k]) === undefined;
  return { kp, k, v, l, known, span, header, code: guide ? 'CP102' : captured ? 'CP103' : 'CP101' };
}
