// Maps the state VS Code's git extension keeps for a repository (its API's Repository.state) onto a
// GitPosture. Plain data in, so it is unit-tested without VS Code; src/features/gitPosture.ts
// passes the real objects (structurally compatible).

import type { GitPosture } from './types';

/** Values of the git API's Status enum (extensions/git/src/api/git.d.ts) that need telling apart. */
export const GIT_API_STATUS = { UNTRACKED: 7, IGNORED: 8 } as const;
/** RefType.Head: a local branch (1 RemoteHead, 2 Tag). */
export const GIT_API_REF_HEAD = 0;

export interface GitApiStateLike {
  readonly HEAD: { readonly type: number; readonly name?: string; readonly commit?: string } | undefined;
  readonly mergeChanges: readonly { readonly status: number }[];
  readonly indexChanges: readonly { readonly status: number }[];
  readonly workingTreeChanges: readonly { readonly status: number }[];
  readonly untrackedChanges: readonly { readonly status: number }[];
}

/**
 * Counts as `git status --porcelain=v2` would: a file changed in the index and the work tree counts
 * once in each; untracked files sit in workingTreeChanges (git.untrackedChanges "mixed", the
 * default) or untrackedChanges ("separate"). Callers must not use this before HEAD is known (the
 * extension has not run its first status) or with git.untrackedChanges "hidden".
 */
export function gitPostureFromApiState(root: string, s: GitApiStateLike): GitPosture {
  let unstaged = 0;
  let untracked = s.untrackedChanges.length;
  for (const c of s.workingTreeChanges) {
    if (c.status === GIT_API_STATUS.UNTRACKED) untracked++;
    else if (c.status !== GIT_API_STATUS.IGNORED) unstaged++;
  }
  const head = s.HEAD;
  const branch = head && head.type === GIT_API_REF_HEAD ? head.name : undefined;
  return {
    kind: 'repository',
    root,
    ...(branch !== undefined ? { branch } : {}),
    // A tag or remote ref checked out is detached too.
    detached: head !== undefined && branch === undefined && head.commit !== undefined,
    ...(head?.commit !== undefined ? { head: head.commit } : {}),
    staged: s.indexChanges.length,
    unstaged,
    untracked,
    conflicts: s.mergeChanges.length,
    source: 'vscode-git',
  };
}
