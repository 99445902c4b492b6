// The git facts Codex Posture warns about, as plain data. Produced by the VS Code git extension
// adapter (src/features/gitPosture.ts) or by `git status` (./gitCli.ts); judged by ./policy.ts.

export interface GitPosture {
  /**
   * `repository`: the folder is inside a git work tree; `no-repository`: git says it is not;
   * `unknown`: we could not find out (Restricted Mode, git missing, timeout, ...; see `reason`).
   */
  readonly kind: 'repository' | 'no-repository' | 'unknown';
  /** Work tree root (absolute), for `repository`. */
  readonly root?: string;
  /** Current branch name; absent when detached or unknown. */
  readonly branch?: string;
  readonly detached: boolean;
  /** Commit id of HEAD; absent before the first commit. */
  readonly head?: string;
  /** Files with changes in the index (staged). A file changed in both places counts in both. */
  readonly staged: number;
  /** Tracked files with changes in the work tree that are not staged. */
  readonly unstaged: number;
  /** Untracked files (not ignored), counted one by one, as VS Code's git view lists them. */
  readonly untracked: number;
  /** Unmerged paths (merge, rebase or cherry-pick conflicts). */
  readonly conflicts: number;
  readonly source: 'vscode-git' | 'git-cli' | 'none';
  /** Why the kind is `unknown`, or a caveat (counts are a lower bound when the output was cut). */
  readonly reason?: string;
}

export type GitWarningCode = 'dirty' | 'protected-branch' | 'not-feature-branch' | 'detached-head' | 'no-repository';

export interface GitWarning {
  readonly code: GitWarningCode;
  /** One sentence in plain words, counts included; branch names appear verbatim (escape when rendering). */
  readonly message: string;
}

export interface GitPolicy {
  /** Branch globs (`*` within one path segment, `**` across segments, `?` one character). */
  readonly protectedBranches: readonly string[];
  /** A JavaScript regular expression; empty turns the check off. */
  readonly featureBranchPattern: string;
}

/** Branches a team does not let an agent work on directly; `codexPosture` settings default. */
export const DEFAULT_PROTECTED_BRANCHES: readonly string[] = ['main', 'master', 'trunk', 'develop', 'release/*'];

/**
 * Branch prefixes that read as "a topic branch for one change": the Conventional Commits types most
 * teams use as branch prefixes, plus `codex/` (what the Codex cloud agent names its branches).
 */
export const DEFAULT_FEATURE_BRANCH_PATTERN = '^(feature|feat|fix|bugfix|hotfix|chore|docs|refactor|test|codex)/.+';

export const DEFAULT_GIT_POLICY: GitPolicy = {
  protectedBranches: DEFAULT_PROTECTED_BRANCHES,
  featureBranchPattern: DEFAULT_FEATURE_BRANCH_PATTERN,
};

/** An empty posture of the given kind, for adapters to fill in. */
export function emptyGitPosture(kind: GitPosture['kind'], source: GitPosture['source'], reason?: string): GitPosture {
  return { kind, detached: false, staged: 0, unstaged: 0, untracked: 0, conflicts: 0, source, ...(reason ? { reason } : {}) };
}
