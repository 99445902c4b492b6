import { getPath, isTable, type KeyLocation, type TomlTable } from '../../config/toml';
import { dotted, type LintContext } from '../context';
import { defineRule } from '../rule';

/** The profiles of this file that `start` reaches through `extends` (its own chain). */
export function profileChain(perms: TomlTable, start: string): Set<string> {
  const used = new Set<string>();
  let cur: unknown = start;
  while (typeof cur === 'string' && !cur.startsWith(':') && !used.has(cur) && isTable(perms[cur])) {
    used.add(cur);
    cur = (perms[cur] as TomlTable).extends;
  }
  return used;
}

/**
 * CP210: a `[permissions.<name>]` profile this file defines and never uses. Measured with 0.171:
 * a profile only matters through `default_permissions` (its own or another profile's `extends`);
 * `sandbox_mode` in a file without `default_permissions` leaves every profile there unread. A
 * layer above this one (a `--profile` file, a trusted project, `-c`) could still name it, which
 * the message says; the editor, which sees every layer, says which layer decides (layerNotes).
 */
export interface UnusedProfiles {
  readonly names: readonly string[];
  /** Why they are unused, as a clause. */
  readonly why: string;
  /** What decides instead: this file's default_permissions or sandbox_mode. */
  readonly decider: KeyLocation | undefined;
}

/** This file's permission profiles that nothing in it uses (shared with CP403, which skips them). */
export function unusedProfiles(ctx: LintContext): UnusedProfiles | undefined {
  const perms = getPath(ctx.effective, ['permissions']);
  if (!isTable(perms)) return undefined;
  const dp = getPath(ctx.effective, ['default_permissions']);
  const sm = getPath(ctx.effective, ['sandbox_mode']);
  let used: Set<string>;
  let why: string;
  if (typeof dp === 'string') {
    used = profileChain(perms, dp);
    why = `default_permissions = ${JSON.stringify(dp)} in this file picks ${used.size > 1 ? `\`${dp}\` and the profiles it extends` : `\`${dp}\``}`;
  } else if (typeof sm === 'string') {
    used = new Set();
    why = `sandbox_mode = ${JSON.stringify(sm)} decides the sandbox, and nothing in this file sets default_permissions`;
  } else return undefined;
  const names = Object.keys(perms).filter((n) => !used.has(n) && isTable(perms[n]));
  return { names, why, decider: ctx.loc(['default_permissions']) ?? ctx.loc(['sandbox_mode']) };
}

export default defineRule('CP210', (ctx) => {
  const unused = unusedProfiles(ctx);
  if (!unused) return;
  for (const name of unused.names) {
    const l = ctx.loc(['permissions', name]);
    if (!l) continue;
    ctx.report(
      `The permission profile \`${dotted(['permissions', name])}\` is not used: ${unused.why}. Codex reads it only when a layer above this file sets default_permissions = ${JSON.stringify(name)}.`,
      l.isHeader ? (l.definedAt ?? l.key) : l.key,
      { related: unused.decider ? [{ message: 'what decides the sandbox instead', span: ctx.valueSpan(unused.decider) }] : [] },
    );
  }
});
