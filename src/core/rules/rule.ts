// The shape of a lint rule, after ESLint's: `meta` from the catalog, and `check`, which reports
// through the context. One module per code in ./codes; the engine (lint.ts) loops over them.
import { ruleInfo, type RuleInfo } from './catalog';
import type { LintContext } from './context';

/** Which files a rule looks at: one that does not parse, a requirements.toml, or a config file. */
export type Pass = 'syntax-error' | 'requirements' | 'config';

export interface Rule {
  readonly meta: RuleInfo;
  /** Default: config files only. */
  readonly passes?: readonly Pass[];
  /** Absent for a code reported outside the one-file pass, where other layers or a policy are in view. */
  readonly check?: (ctx: LintContext) => void;
}

export function defineRule(code: string, check?: (ctx: LintContext) => void, passes?: readonly Pass[]): Rule {
  return { meta: ruleInfo(code), check, passes };
}
