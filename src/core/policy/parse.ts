// Reads `.codex-posture.toml` with positions: every rule keeps its line so that the badge, the
// diagnostics and `check` can point at it. Unknown keys and bad values become problems (never a
// throw), so a half-written policy still enforces the rules that are well formed.
import { parseTomlWithPositions, pathKey, isTable, type KeyLocation, type Span, type TomlTable, type TomlValue } from '../config/toml';
import { SANDBOX_MODES, WEB_SEARCH_MODES, type SandboxMode, type WebSearchMode } from '../config/types';
import { didYouMean } from '../rules/codes/cp101-unknown-key';
import { REQUIREMENT_LISTS } from '../schema';
import type { McpIdentity, PolicyLoad, PolicyProblem, PolicyRuleAt, TeamPolicy } from './types';

const TOP_KEYS = [
  'allowed_sandbox_modes',
  'allowed_approval_policies',
  'allowed_web_search_modes',
  'allow_network_access',
  'allow_programs_outside_sandbox',
  'mcp_servers',
  'git',
  'exceptions',
];
const GIT_KEYS = ['protected_branches', 'feature_branch_pattern'];
const EXCEPTION_KEYS = ['max_expiry_days'];
const IDENTITY_KEYS = ['command', 'url'];

const WHOLE_FILE: Span = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

export function parsePolicy(text: string, file: string): PolicyLoad {
  const parsed = parseTomlWithPositions(text);
  if (!parsed.ok) {
    const e = parsed.error;
    const span: Span = { line: e.line, column: e.column, endLine: e.line, endColumn: e.column + 1, start: 0, end: 0 };
    return { problems: [{ severity: 'error', message: `${file} is not valid TOML: ${e.message}`, span }] };
  }
  const problems: PolicyProblem[] = [];
  const locs = parsed.locations;
  const at = (p: readonly string[]): KeyLocation | undefined => locs.get(pathKey(p));
  const spanAt = (p: readonly string[]): Span => {
    const l = at(p);
    return l?.value ?? l?.key ?? WHOLE_FILE;
  };
  const keySpan = (p: readonly string[]): Span => at(p)?.key ?? WHOLE_FILE;
  const rule = <T>(p: readonly string[], value: T): PolicyRuleAt<T> => ({ value, rule: p.join('.'), span: keySpan(p) });

  const unknownKeys = (table: TomlTable, base: readonly string[], known: readonly string[]) => {
    for (const k of Object.keys(table)) {
      if (known.includes(k)) continue;
      const p = [...base, k];
      const l = at(p);
      const guess = didYouMean(k, known);
      const span = l?.key ?? WHOLE_FILE;
      problems.push({
        severity: 'warning',
        message: `Unknown key ${p.join('.')} in .codex-posture.toml; the policy ignores it.${guess ? ` Did you mean ${[...base, guess].join('.')}?` : ''}`,
        span,
        // Rename only a bare key written on its own line; a dotted or quoted key is left to the user.
        fix:
          guess && l && text.slice(span.start, span.end) === k
            ? { title: `Rename to ${guess}`, start: span.start, end: span.end, newText: guess }
            : undefined,
      });
    }
  };

  const wordList = <W extends string>(key: string, words: readonly W[]): PolicyRuleAt<readonly W[]> | undefined => {
    const v = parsed.value[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      problems.push({
        severity: 'error',
        message: `${key} must be a list of strings, one or more of: ${words.join(', ')}.`,
        span: spanAt([key]),
      });
      return undefined;
    }
    const bad = (v as string[]).filter((x) => !(words as readonly string[]).includes(x));
    for (const b of bad) {
      const guess = didYouMean(b, words);
      problems.push({
        severity: 'error',
        message: `${key} holds "${b}", which is not one of: ${words.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        span: spanAt([key]),
      });
    }
    const good = (v as string[]).filter((x): x is W => (words as readonly string[]).includes(x));
    if (good.length === 0) {
      // Codex rejects an empty allowlist; an all-typo list must not silently allow nothing either.
      if (bad.length === 0)
        problems.push({
          severity: 'error',
          message: `${key} is empty; list at least one value (or remove the key to allow all).`,
          span: spanAt([key]),
        });
      return undefined;
    }
    return rule([key], good);
  };

  const bool = (p: readonly string[], v: TomlValue | undefined): PolicyRuleAt<boolean> | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      const l = at(p);
      const fixTo = v === 'true' || v === 'false' ? v : undefined;
      problems.push({
        severity: 'error',
        message: `${p.join('.')} must be true or false.`,
        span: spanAt(p),
        fix:
          fixTo && l?.value ? { title: `Use ${fixTo} without quotes`, start: l.value.start, end: l.value.end, newText: fixTo } : undefined,
      });
      return undefined;
    }
    return rule(p, v);
  };

  const table = (key: string): TomlTable | undefined => {
    const v = parsed.value[key];
    if (v === undefined) return undefined;
    if (!isTable(v)) {
      problems.push({ severity: 'error', message: `${key} must be a table ([${key}]).`, span: spanAt([key]) });
      return undefined;
    }
    return v;
  };

  unknownKeys(parsed.value, [], TOP_KEYS);
  let policy: TeamPolicy = {
    file,
    allowedSandboxModes: wordList<SandboxMode>('allowed_sandbox_modes', SANDBOX_MODES),
    allowedApprovalPolicies: wordList('allowed_approval_policies', REQUIREMENT_LISTS.allowed_approval_policies),
    allowedWebSearchModes: wordList<WebSearchMode>('allowed_web_search_modes', WEB_SEARCH_MODES),
    allowNetworkAccess: bool(['allow_network_access'], parsed.value.allow_network_access),
    allowProgramsOutsideSandbox: bool(['allow_programs_outside_sandbox'], parsed.value.allow_programs_outside_sandbox),
  };

  const mcp = table('mcp_servers');
  if (mcp) {
    const servers = new Map<string, McpIdentity>();
    for (const [name, entry] of Object.entries(mcp)) {
      const identity = isTable(entry) ? entry.identity : undefined;
      if (!isTable(identity)) {
        problems.push({
          severity: 'error',
          message: `mcp_servers.${name} needs an identity, as in requirements.toml: [mcp_servers.${name}.identity] command = "..." (or url = "...").`,
          span: keySpan(['mcp_servers', name]),
        });
        continue;
      }
      if (isTable(entry)) unknownKeys(entry, ['mcp_servers', name], ['identity']);
      unknownKeys(identity, ['mcp_servers', name, 'identity'], IDENTITY_KEYS);
      const command = typeof identity.command === 'string' ? identity.command : undefined;
      const url = typeof identity.url === 'string' ? identity.url : undefined;
      if ((command === undefined) === (url === undefined)) {
        problems.push({
          severity: 'error',
          message: `mcp_servers.${name}.identity takes exactly one of command (a string) or url (a string).`,
          span: keySpan(['mcp_servers', name, 'identity']),
        });
        continue;
      }
      servers.set(name, command !== undefined ? { command } : { url });
    }
    policy = { ...policy, mcpServers: rule(['mcp_servers'], servers) };
  }

  const git = table('git');
  if (git) {
    unknownKeys(git, ['git'], GIT_KEYS);
    const pb = git.protected_branches;
    if (pb !== undefined) {
      if (Array.isArray(pb) && pb.every((x) => typeof x === 'string'))
        policy = { ...policy, protectedBranches: rule(['git', 'protected_branches'], pb as string[]) };
      else
        problems.push({
          severity: 'error',
          message: 'git.protected_branches must be a list of branch names or globs (release/*).',
          span: spanAt(['git', 'protected_branches']),
        });
    }
    const fp = git.feature_branch_pattern;
    if (fp !== undefined) {
      let ok = typeof fp === 'string';
      if (ok) {
        try {
          new RegExp(fp as string);
        } catch {
          ok = false;
        }
      }
      if (ok) policy = { ...policy, featureBranchPattern: rule(['git', 'feature_branch_pattern'], fp as string) };
      else
        problems.push({
          severity: 'error',
          message: 'git.feature_branch_pattern must be a regular expression in a string.',
          span: spanAt(['git', 'feature_branch_pattern']),
        });
    }
  }

  const ex = table('exceptions');
  if (ex) {
    unknownKeys(ex, ['exceptions'], EXCEPTION_KEYS);
    const d = ex.max_expiry_days;
    if (d !== undefined) {
      if (typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 365)
        policy = { ...policy, maxExpiryDays: rule(['exceptions', 'max_expiry_days'], d) };
      else
        problems.push({
          severity: 'error',
          message: 'exceptions.max_expiry_days must be a whole number of days from 1 to 365.',
          span: spanAt(['exceptions', 'max_expiry_days']),
        });
    }
  }
  return { policy, problems };
}
