// Judges a GitPosture against the team's branch policy. Pure: same input, same warnings, in a
// fixed order (most urgent first) so the badge text is stable.

import { firstMatchingGlob } from './glob';
import type { GitPolicy, GitPosture, GitWarning } from './types';

export function evaluateGitPosture(g: GitPosture, policy: GitPolicy): GitWarning[] {
  const warnings: GitWarning[] = [];
  if (g.kind === 'no-repository') {
    warnings.push({
      code: 'no-repository',
      message: "This folder is not in a git repository, so an agent's edits cannot be reviewed or undone with git.",
    });
    return warnings;
  }
  // Unknown: nothing to judge; the badge shows g.reason instead of guessing.
  if (g.kind !== 'repository') return warnings;

  if (g.detached) {
    warnings.push({
      code: 'detached-head',
      message: `HEAD is detached${g.head ? ` at ${g.head.slice(0, 12)}` : ''}: commits made now belong to no branch.`,
    });
  } else if (g.branch !== undefined) {
    const glob = firstMatchingGlob(g.branch, policy.protectedBranches);
    if (glob !== undefined) {
      warnings.push({
        code: 'protected-branch',
        message: `On protected branch "${g.branch}"${glob === g.branch ? '' : ` (matches "${glob}")`}: start a feature branch before an agent session.`,
      });
    } else {
      const re = compileFeatureBranchPattern(policy.featureBranchPattern);
      if (re instanceof RegExp && !re.test(g.branch)) {
        warnings.push({
          code: 'not-feature-branch',
          message: `Branch "${g.branch}" does not match the feature-branch pattern ${policy.featureBranchPattern}.`,
        });
      }
    }
  }

  const dirty = describeChanges(g);
  if (dirty) {
    warnings.push({
      code: 'dirty',
      message: `The working tree has uncommitted changes: ${dirty}. Commit or stash them so an agent's edits can be told apart.`,
    });
  }
  return warnings;
}

/** `2 staged, 1 unstaged, 3 untracked files, 1 conflict`, or '' when the tree is clean. */
export function describeChanges(g: Pick<GitPosture, 'staged' | 'unstaged' | 'untracked' | 'conflicts'>): string {
  const parts: string[] = [];
  if (g.staged) parts.push(`${g.staged} staged`);
  if (g.unstaged) parts.push(`${g.unstaged} unstaged`);
  if (g.untracked) parts.push(`${g.untracked} untracked`);
  if (parts.length) {
    const files = g.staged + g.unstaged + g.untracked === 1 ? 'file' : 'files';
    parts[parts.length - 1] += ` ${files}`;
  }
  if (g.conflicts) parts.push(`${g.conflicts} ${g.conflicts === 1 ? 'conflict' : 'conflicts'}`);
  return parts.join(', ');
}

/**
 * The feature-branch pattern as a RegExp; undefined when empty (check off); an Error (with a
 * message fit for a settings diagnostic) when it is not a valid regular expression, in which case
 * evaluateGitPosture skips the check rather than warn on every branch.
 */
export function compileFeatureBranchPattern(pattern: string): RegExp | undefined | Error {
  if (pattern.trim() === '') return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch (err) {
    return new Error(
      `The feature-branch pattern ${pattern} is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
