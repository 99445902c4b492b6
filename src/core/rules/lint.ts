// The lint engine: one Codex config file in, findings with exact ranges and quick fixes out. Each
// rule is a module in ./codes (`{ meta, check }`); this file parses once and runs them. The load
// errors come from config/validate.ts, the same checks that decide the engine's `loadError`, so
// the badge and the Problems panel cannot disagree about whether Codex starts.
import * as path from 'node:path';
import { parseTomlWithPositions, type ParsedToml } from '../config/toml';
import { RULE_MODULES } from './codes';
import { LintContext } from './context';
import type { Pass } from './rule';
import type { ConfigFileKind, Finding, LintOptions } from './types';

export { applyEdits, type TextEdit } from './edits';
export type { ConfigFileKind, Finding, Fix, LintOptions, Related } from './types';

/** The kind of a config file from its path, as `codex-posture lint` infers it. */
export function inferKind(file: string): ConfigFileKind {
  const base = path.basename(file);
  const dir = path.dirname(file);
  if (base === 'requirements.toml') return 'requirements';
  if (base === 'managed_config.toml') return 'managed';
  if (base === 'config.toml' && path.basename(dir) === '.codex' && path.resolve(dir) !== path.resolve(process.env.CODEX_HOME ?? '\0')) {
    // `~/.codex/config.toml` is the user layer; any other `.codex/config.toml` is a project.
    const home = process.env.HOME ? path.join(process.env.HOME, '.codex') : undefined;
    return home && path.resolve(dir) === path.resolve(home) ? 'user' : 'project';
  }
  if (path.resolve(file) === '/etc/codex/config.toml') return 'system';
  if (/^[A-Za-z0-9_-]+\.config\.toml$/.test(base)) return 'profile';
  return 'user';
}

export interface LintResult {
  readonly findings: Finding[];
  /** False when the text is not valid TOML. */
  readonly parsed: boolean;
  /** The parsed text, for checks that run after the rules (layer notes, team policy) without parsing again. */
  readonly doc: ParsedToml;
}

const CONFIG_ONLY: readonly Pass[] = ['config'];

export function lintText(input: string, opts: LintOptions): LintResult {
  const parsed = parseTomlWithPositions(input);
  const findings: Finding[] = [];
  const ctx = new LintContext(parsed, opts, findings);
  const pass: Pass = !parsed.ok ? 'syntax-error' : opts.kind === 'requirements' ? 'requirements' : 'config';
  for (const rule of RULE_MODULES) {
    if (!rule.check || !(rule.passes ?? CONFIG_ONLY).includes(pass)) continue;
    ctx.forRule(rule.meta.code);
    rule.check(ctx);
  }
  if (pass === 'config') findings.sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return { findings, parsed: parsed.ok, doc: parsed };
}
