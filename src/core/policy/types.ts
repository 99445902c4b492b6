// The team policy in `.codex-posture.toml`: what a repository allows a Codex session to run with.
// Rule names follow Codex's own `requirements.toml` where Codex has a word for the rule, so the part
// Codex can enforce exports to a requirements file word for word.
import type { Span } from '../config/toml';
import type { SandboxMode, WebSearchMode } from '../config/types';

export const POLICY_FILE_NAME = '.codex-posture.toml';

/** One rule as written: its value, the dotted key that names it, and where it sits in the file. */
export interface PolicyRuleAt<T> {
  readonly value: T;
  readonly rule: string;
  readonly span: Span;
}

/** An MCP server the policy allows, in requirements' shape: `[mcp_servers.<name>.identity]`. */
export interface McpIdentity {
  readonly command?: string;
  readonly url?: string;
}

export interface TeamPolicy {
  /** Absolute path of the policy file. */
  readonly file: string;
  readonly allowedSandboxModes?: PolicyRuleAt<readonly SandboxMode[]>;
  /** Requirements' words: `on-request`, `never`, `untrusted` (and the deprecated `on-failure`). */
  readonly allowedApprovalPolicies?: PolicyRuleAt<readonly string[]>;
  readonly allowedWebSearchModes?: PolicyRuleAt<readonly WebSearchMode[]>;
  /** Absent: no MCP allowlist. Present: only these servers (by name and identity). */
  readonly mcpServers?: PolicyRuleAt<ReadonlyMap<string, McpIdentity>>;
  readonly allowNetworkAccess?: PolicyRuleAt<boolean>;
  readonly allowProgramsOutsideSandbox?: PolicyRuleAt<boolean>;
  readonly protectedBranches?: PolicyRuleAt<readonly string[]>;
  readonly featureBranchPattern?: PolicyRuleAt<string>;
  readonly maxExpiryDays?: PolicyRuleAt<number>;
}

/** A problem in the policy file itself (unknown key, bad value), with a fix where it is obvious. */
export interface PolicyProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly span: Span;
  readonly fix?: { readonly title: string; readonly start: number; readonly end: number; readonly newText: string };
}

export interface PolicyLoad {
  /** Undefined when the file does not parse at all. */
  readonly policy?: TeamPolicy;
  readonly problems: readonly PolicyProblem[];
}
