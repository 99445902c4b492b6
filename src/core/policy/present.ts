// The team policy as the editor shows it: findings for the badge (a violation is an error, so the
// badge turns to the error background and its label names the policy and the rule), and the
// baseline the checklist and revoke use. Where the repository has a policy it wins over the
// personal `codexPosture.*` settings; `source` says which applied.
import type { ApprovalPolicy, PostureSnapshot } from '../config/types';
import type { Baseline, Finding } from '../present/posture';
import { checkPosture, type OutsideProgram } from './check';
import type { FoundPolicy } from './find';

export interface AppliedBaseline {
  readonly baseline: Baseline;
  /** The policy file, or `settings` when no repository policy applies. */
  readonly source: string;
}

export function baselineFor(found: FoundPolicy | undefined, settings: Baseline): AppliedBaseline {
  const p = found?.policy;
  if (!found || !p) return { baseline: settings, source: 'settings' };
  const approvals = p.allowedApprovalPolicies?.value
    // on-failure is read as on-request by Codex; granular asks too (see check.ts).
    .map((a): ApprovalPolicy => (a === 'on-failure' ? 'on-request' : (a as ApprovalPolicy)))
    .flatMap((a): ApprovalPolicy[] => (a === 'on-request' ? ['on-request', 'granular'] : [a]));
  return {
    baseline: {
      sandbox: p.allowedSandboxModes?.value ?? settings.sandbox,
      approval: approvals ?? settings.approval,
      networkAccess: p.allowNetworkAccess?.value === false ? false : settings.networkAccess,
      webSearch: p.allowedWebSearchModes?.value ?? settings.webSearch,
    },
    source: found.file,
  };
}

/** Findings of the policy for the badge: each violation, and a policy file that has problems. */
export function policyFindings(s: PostureSnapshot, found: FoundPolicy | undefined, programs: readonly OutsideProgram[] = []): Finding[] {
  if (!found) return [];
  const out: Finding[] = [];
  if (found.readError) out.push({ severity: 'warning', code: 'policy-file', message: `${found.file} cannot be read: ${found.readError}` });
  const errors = found.problems.filter((p) => p.severity === 'error').length;
  if (found.problems.length)
    out.push({
      severity: 'warning',
      code: 'policy-file',
      message: `${found.file} has ${found.problems.length} problem(s)${errors ? ` (${errors} rule(s) not enforced)` : ''}`,
    });
  if (found.policy)
    for (const v of checkPosture(s, found.policy, programs))
      out.push({ severity: 'error', code: 'policy', message: `policy ${v.message}` });
  return out;
}

/** The git rules in force: the policy's `[git]` where it sets them, else the personal settings. */
export function gitRulesFor(
  found: FoundPolicy | undefined,
  protectedBranches: readonly string[],
  featureBranchPattern: string,
): { protectedBranches: readonly string[]; featureBranchPattern: string } {
  return {
    protectedBranches: found?.policy?.protectedBranches?.value ?? protectedBranches,
    featureBranchPattern: found?.policy?.featureBranchPattern?.value ?? featureBranchPattern,
  };
}

/** The default expiry of a recorded exception, never longer than the policy's `[exceptions] max_expiry_days`. */
export function expiryDaysFor(found: FoundPolicy | undefined, settingDays: number): number {
  const max = found?.policy?.maxExpiryDays?.value;
  return max === undefined ? settingDays : Math.min(settingDays, max);
}
