// Git posture for a workspace folder: VS Code's built-in git extension when it has
// the folder's repository, `git status` through execFile otherwise, and nothing at all in
// Restricted Mode (the git extension itself does not run there, and we start no process).
//
// The git extension activates on `*`, after or alongside us, and its first repository scan takes a
// while: we connect to it in the background and never make activate() or a caller wait for it.
// Until it has a repository's first status, answers come from the CLI.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { gitPostureFromApiState } from '../../core/git/gitApiState';
import { readGitPostureCli } from '../../core/git/gitCli';
import { emptyGitPosture, type GitPosture } from '../../core/git/types';
import { Debouncer } from '../../host/debounce';
import type { GitAPI, GitExtension, Repository } from '../../host/gitExtensionApi';

const GIT_EXTENSION_ID = 'vscode.git';

export interface GitPostureSourceOptions {
  /** Whether the workspace is trusted (vscode.workspace.isTrusted); asked on every call. */
  isTrusted(): boolean;
  /** The git executable for the fallback: a machine-scoped setting, or undefined for `git` on PATH. */
  gitPath?(): string | undefined;
  /** Quiet time before onDidChange fires; default 250 ms. */
  readonly debounceMs?: number;
  /** Per git command in the fallback; default 10 s. */
  readonly timeoutMs?: number;
}

export class GitPostureSource implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires (debounced) with a folder earlier passed to get(), or a workspace folder, whose git state may have changed. */
  readonly onDidChange: vscode.Event<vscode.Uri> = this.emitter.event;

  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Listeners on the current git API object; replaced when the git extension is re-enabled. */
  private apiDisposables: vscode.Disposable[] = [];
  private readonly repoListeners = new Map<string, vscode.Disposable>();
  /** Folders callers asked about, by URI string. */
  private readonly known = new Map<string, vscode.Uri>();
  /** File watchers for folders answered by the CLI (the git API's events do not cover them). */
  private readonly cliWatchers = new Map<string, vscode.Disposable>();
  private readonly inflight = new Map<string, Promise<GitPosture>>();
  private readonly pending = new Map<string, vscode.Uri>();
  private readonly debounce: Debouncer;
  private api: GitAPI | undefined;
  private connecting = false;
  private disposed = false;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly opts: GitPostureSourceOptions,
  ) {
    this.debounce = new Debouncer(opts.debounceMs ?? 250);
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => {
        this.log.info('git posture: workspace trust granted; connecting to the git extension');
        this.connect();
        this.fireAll();
      },
      this,
      this.disposables,
    );
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration('git.untrackedChanges') || e.affectsConfiguration('git.enabled')) this.fireAll();
      },
      this,
      this.disposables,
    );
    // Saves, creates, deletes and renames change what `git status` says about folders the CLI answers for.
    const touched = (uris: readonly vscode.Uri[]): void => {
      for (const uri of uris) this.fireForPath(uri, 'cli');
    };
    vscode.workspace.onDidSaveTextDocument((d) => touched([d.uri]), this, this.disposables);
    vscode.workspace.onDidCreateFiles((e) => touched(e.files), this, this.disposables);
    vscode.workspace.onDidDeleteFiles((e) => touched(e.files), this, this.disposables);
    vscode.workspace.onDidRenameFiles((e) => touched(e.files.flatMap((f) => [f.oldUri, f.newUri])), this, this.disposables);
    // In the background: activate() must not wait for the git extension.
    this.connect();
  }

  /** The git posture of `folder`. Never throws; kind 'unknown' with a reason when it cannot tell. */
  get(folder: vscode.Uri): Promise<GitPosture> {
    const key = folder.toString();
    this.known.set(key, folder);
    // Single flight: callers refreshing at the same time share one answer.
    let p = this.inflight.get(key);
    if (!p) {
      p = this.compute(folder).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async compute(folder: vscode.Uri): Promise<GitPosture> {
    if (folder.scheme !== 'file') return emptyGitPosture('unknown', 'none', `git posture needs a local folder, not ${folder.scheme}:`);
    if (!this.opts.isTrusted()) {
      this.log.trace(`git posture: Restricted Mode, not running git for ${folder.fsPath}`);
      return emptyGitPosture('unknown', 'none', 'Restricted Mode: git is not run in an untrusted workspace');
    }
    this.connect();
    const why = this.whyNotApi(folder);
    if (why === undefined) {
      const repo = this.api!.getRepository(folder)!;
      return gitPostureFromApiState(repo.rootUri.fsPath, repo.state);
    }
    this.log.trace(`git posture: git CLI for ${folder.fsPath} (${why})`);
    const started = performance.now();
    const g = await readGitPostureCli(folder.fsPath, { gitPath: this.opts.gitPath?.(), timeoutMs: this.opts.timeoutMs });
    this.log.trace(`git posture: git CLI answered ${g.kind} for ${folder.fsPath} in ${(performance.now() - started).toFixed(0)} ms`);
    if (g.kind === 'unknown') this.log.warn(`git posture for ${folder.fsPath}: ${g.reason}`);
    if (!this.disposed) this.watchForCli(folder, g.root);
    return g;
  }

  /** Undefined when the git API can answer for `folder`, else why not (for the log). */
  private whyNotApi(folder: vscode.Uri): string | undefined {
    if (!this.api) return 'the git extension is not available yet';
    const repo = this.api.getRepository(folder);
    if (!repo)
      return this.api.state === 'initialized' ? 'the git extension has no repository for it' : 'the git extension is still scanning';
    if (!repo.state.HEAD) return 'the git extension has not read its status yet';
    // With "hidden" the extension runs `git status -uno` and would report untracked files as none.
    if (vscode.workspace.getConfiguration('git', folder).get<string>('untrackedChanges') === 'hidden')
      return 'git.untrackedChanges is "hidden"';
    return undefined;
  }

  /** Connects to the git extension once, in the background; only in a trusted workspace. */
  private connect(): void {
    if (this.connecting || this.disposed || !this.opts.isTrusted()) return;
    const ext = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
    if (!ext) {
      this.log.info('git posture: the built-in git extension is not installed; using the git CLI');
      return;
    }
    this.connecting = true;
    const started = performance.now();
    Promise.resolve(ext.isActive ? ext.exports : ext.activate()).then(
      (exports) => {
        if (this.disposed) return;
        this.log.info(
          `git posture: git extension ready after ${(performance.now() - started).toFixed(0)} ms (enabled: ${exports.enabled})`,
        );
        const onEnablement = (enabled: boolean): void => {
          if (enabled) this.attach(exports.getAPI(1));
          else this.detach('the git extension was disabled');
        };
        exports.onDidChangeEnablement(onEnablement, this, this.disposables);
        if (exports.enabled) onEnablement(true);
        else this.log.info('git posture: the git extension is disabled (git.enabled or no git found); using the git CLI');
      },
      (err: unknown) => {
        this.connecting = false;
        this.log.warn(
          `git posture: could not activate the git extension, using the git CLI: ${err instanceof Error ? err.message : String(err)}`,
        );
      },
    );
  }

  private attach(api: GitAPI): void {
    this.detach();
    this.api = api;
    const ds = this.apiDisposables;
    api.onDidOpenRepository((r) => this.watchRepository(r), this, ds);
    api.onDidCloseRepository(
      (r) => {
        const root = r.rootUri.fsPath;
        this.repoListeners.get(root)?.dispose();
        this.repoListeners.delete(root);
        this.fireForPath(r.rootUri, 'all');
      },
      this,
      ds,
    );
    api.onDidChangeState((s) => s === 'initialized' && this.fireAll(), this, ds);
    for (const r of api.repositories) this.watchRepository(r);
    this.log.info(`git posture: using the git extension (${api.state}, ${api.repositories.length} repositories open)`);
    // Answers given so far came from the CLI; the extension may know better now.
    this.fireAll();
  }

  private detach(reason?: string): void {
    if (reason) this.log.info(`git posture: ${reason}; using the git CLI`);
    for (const d of this.apiDisposables) d.dispose();
    this.apiDisposables = [];
    for (const d of this.repoListeners.values()) d.dispose();
    this.repoListeners.clear();
    if (this.api && reason) this.fireAll();
    this.api = undefined;
  }

  private watchRepository(r: Repository): void {
    const root = r.rootUri.fsPath;
    if (this.repoListeners.has(root)) return;
    this.repoListeners.set(
      root,
      r.state.onDidChange(() => this.fireForPath(r.rootUri, 'all')),
    );
    this.fireForPath(r.rootUri, 'all');
  }

  /** Watches `.git/HEAD` and `.git/index` (branch switches, commits, `git add` in a terminal). */
  private watchForCli(folder: vscode.Uri, root: string | undefined): void {
    const key = folder.toString();
    if (this.cliWatchers.has(key)) return;
    // No repository yet: a `git init` in the folder creates .git/HEAD.
    const base = vscode.Uri.file(root ?? folder.fsPath);
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '.git/{HEAD,index,MERGE_HEAD}'));
    const fire = (): void => this.queue(folder);
    this.cliWatchers.set(key, vscode.Disposable.from(w, w.onDidChange(fire), w.onDidCreate(fire), w.onDidDelete(fire)));
  }

  /**
   * Queues a change for every known or workspace folder that contains `changed` or lies inside it
   * (a repository root, or a saved file). `cli` limits it to folders the CLI answered for: the git
   * extension reports changes in its own repositories.
   */
  private fireForPath(changed: vscode.Uri, which: 'all' | 'cli'): void {
    if (changed.scheme !== 'file') return;
    const p = changed.fsPath;
    for (const folder of this.folders()) {
      if (which === 'cli' && !this.cliWatchers.has(folder.toString())) continue;
      const f = folder.fsPath;
      if (isInside(p, f) || isInside(f, p)) this.queue(folder);
    }
  }

  private fireAll(): void {
    for (const folder of this.folders()) this.queue(folder);
  }

  private folders(): vscode.Uri[] {
    const all = new Map(this.known);
    for (const wf of vscode.workspace.workspaceFolders ?? []) all.set(wf.uri.toString(), wf.uri);
    return [...all.values()];
  }

  private queue(folder: vscode.Uri): void {
    if (this.disposed) return;
    this.pending.set(folder.toString(), folder);
    this.debounce.trigger(() => {
      const folders = [...this.pending.values()];
      this.pending.clear();
      for (const f of folders) this.emitter.fire(f);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.debounce.dispose();
    this.pending.clear();
    this.detach();
    for (const d of this.cliWatchers.values()) d.dispose();
    this.cliWatchers.clear();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}

/** `child` is `parent` or below it. */
function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
