// The part of VS Code's built-in git extension API (`vscode.git`, getAPI(1)) that gitPosture.ts
// uses, checked against the extension shipped in code-server 4.139.1 (VS Code 1.139.1; git
// extension 10.0.0, dist/main.js). Upstream source of truth:
// https://github.com/microsoft/vscode/blob/main/extensions/git/src/api/git.d.ts
// Declared here instead of depending on a package: we only read a few fields.

import type { Event, Uri } from 'vscode';

/** `exports` of the `vscode.git` extension. getAPI throws "Git model not found" while disabled. */
export interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: Event<boolean>;
  getAPI(version: 1): GitAPI;
}

export interface GitAPI {
  /** 'uninitialized' until the first scan for repositories is done. */
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: Event<'uninitialized' | 'initialized'>;
  readonly repositories: Repository[];
  readonly onDidOpenRepository: Event<Repository>;
  readonly onDidCloseRepository: Event<Repository>;
  /** The repository containing `uri` (the innermost one), if the extension opened it. */
  getRepository(uri: Uri): Repository | null;
}

export interface Repository {
  readonly rootUri: Uri;
  readonly state: RepositoryState;
  /** The Source Control input box (commit message); used by "Insert Session Summary". */
  readonly inputBox: { value: string };
  /** Creates a branch at HEAD (or `ref`) and checks it out when `checkout` is true. */
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
}

export interface RepositoryState {
  /** Undefined until the first `git status` of this repository has run. */
  readonly HEAD: Branch | undefined;
  readonly mergeChanges: Change[];
  readonly indexChanges: Change[];
  /** Includes untracked files while `git.untrackedChanges` is "mixed" (the default). */
  readonly workingTreeChanges: Change[];
  /** Filled only while `git.untrackedChanges` is "separate". */
  readonly untrackedChanges: Change[];
  /** Fires after every `git status` run (onDidRunGitStatus). */
  readonly onDidChange: Event<void>;
}

export interface Branch {
  /** 0 Head, 1 RemoteHead, 2 Tag. */
  readonly type: number;
  /** Undefined when HEAD is detached. */
  readonly name?: string;
  /** Undefined before the first commit. */
  readonly commit?: string;
}

export interface Change {
  readonly uri: Uri;
  /** The API's Status enum: 7 UNTRACKED, 8 IGNORED, 12 to 18 conflicts (see src/core/git/gitApiState.ts). */
  readonly status: number;
}

// The API's `Status` enum is a frozen object at runtime; src/core/git/gitApiState.ts keeps the few
// values it needs as plain numbers (a const enum in a .d.ts would not survive esbuild's transpile).
