// Owns the posture of every open folder: one immutable state per folder, refreshed on events.
// Surfaces (badge, report, checklist) read `state(folder)` and listen to `onDidChange`; they never
// compute posture themselves.
//
// Refreshes follow the git extension's pattern: events are filtered (and the reason logged),
// debounced, and run single-flight: never two refreshes at once; events that arrive during a
// refresh schedule exactly one more.
import * as vscode from 'vscode';
import { codexHomeFrom, codexHomeOptions } from '../../core/config/codexHome';
import type { PostureSnapshot } from '../../core/config/types';
import type { GitPosture } from '../../core/git';
import { baselineFor, loadPolicyFor, outsidePrograms, policyFindings, type AppliedBaseline, type FoundPolicy } from '../../core/policy';
import { postureFindings, type Finding } from '../../core/present/posture';
import { Debouncer } from '../../host/debounce';
import { resolveOffHost } from '../../host/offHost';
import * as settings from '../../host/settings';

/** What the git source reports for a folder (see gitPosture.ts). */
export interface GitFacts {
  readonly posture: GitPosture;
  readonly findings: readonly Finding[];
  /** One line for the tooltip, e.g. "feature/x · 2 unstaged, 1 untracked". */
  readonly summary: string;
}

export interface CodexFacts {
  /** "codex 0.171.0", or why codex was not asked. */
  readonly summary: string;
  readonly confirmed?: boolean;
  readonly drift: readonly string[];
}

export interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly snapshot: PostureSnapshot;
  readonly launchArgs: readonly string[];
  readonly launchError?: string;
  readonly findings: readonly Finding[];
  readonly git?: GitFacts;
  readonly codex?: CodexFacts;
  /** The repository's `.codex-posture.toml` for this folder, when there is one. */
  readonly policy?: FoundPolicy;
  /** The baseline in force: the repository policy's where present, else the personal settings. */
  readonly baseline: AppliedBaseline;
  readonly resolvedAt: number;
}

/** Optional enrichers: git state and Codex's own confirmation. Both may be slow; neither blocks the badge. */
export interface Enricher<T> {
  readonly onDidChange?: vscode.Event<vscode.Uri | undefined>;
  describe(folder: vscode.WorkspaceFolder, snapshot: PostureSnapshot): Promise<T | undefined>;
}

export class PostureService implements vscode.Disposable {
  private readonly states = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly debounce: Debouncer;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private running: Promise<void> | undefined;
  private pending = new Set<string>();
  private git?: Enricher<GitFacts>;
  private codex?: Enricher<CodexFacts>;
  private disposed = false;
  private readonly findingSources: ((folder: vscode.WorkspaceFolder, snapshot: PostureSnapshot) => readonly Finding[])[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    debounceMs = 120,
  ) {
    this.debounce = new Debouncer(debounceMs);
    this.disposables.push(this.debounce);
  }

  /** CODEX_HOME the way Codex finds it: the environment, else ~/.codex. */
  codexHome(): string {
    return codexHomeFrom();
  }

  /**
   * Extra findings about a folder from other features (e.g. an expired exception whose network
   * access is still on). Sources are synchronous over their own cache; they call refresh() when it
   * changes. The findings join `FolderState.findings`, so the badge shows them like any other.
   */
  addFindingSource(source: (folder: vscode.WorkspaceFolder, snapshot: PostureSnapshot) => readonly Finding[]): vscode.Disposable {
    this.findingSources.push(source);
    return new vscode.Disposable(() => this.findingSources.splice(this.findingSources.indexOf(source) >>> 0, 1));
  }

  setEnrichers(git: Enricher<GitFacts> | undefined, codex: Enricher<CodexFacts> | undefined): void {
    this.git = git;
    this.codex = codex;
    for (const e of [git, codex])
      e?.onDidChange?.((uri) => this.refresh(uri ? `${uri.fsPath} changed` : 'state changed'), this, this.disposables);
  }

  /** The folder whose posture matters now: the active editor's folder, else the first one. */
  currentFolder(): vscode.WorkspaceFolder | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  }

  state(folder: vscode.WorkspaceFolder): FolderState | undefined {
    return this.states.get(folder.uri.toString());
  }

  allStates(): FolderState[] {
    return (vscode.workspace.workspaceFolders ?? []).map((f) => this.states.get(f.uri.toString())).filter((s): s is FolderState => !!s);
  }

  /** Resolves now (no debounce) and returns the state; used by commands that need a fresh answer. */
  async resolveNow(folder: vscode.WorkspaceFolder): Promise<FolderState> {
    this.pending.add(folder.uri.toString());
    await this.flush();
    return this.states.get(folder.uri.toString())!;
  }

  /** Schedules a refresh of every folder, debounced (or at once). `reason` goes to the log. */
  refresh(reason: string, immediate = false): void {
    if (this.disposed) return;
    this.log.trace(`refresh requested: ${reason}`);
    for (const f of vscode.workspace.workspaceFolders ?? []) this.pending.add(f.uri.toString());
    this.debounce.trigger(() => void this.flush(reason), immediate ? 0 : undefined);
  }

  private async flush(reason = 'requested'): Promise<void> {
    // Single flight: wait for the running refresh, then run once for everything still pending.
    while (this.running) await this.running;
    if (this.pending.size === 0 || this.disposed) return;
    const work = [...this.pending];
    this.pending.clear();
    this.running = this.run(work, reason).finally(() => (this.running = undefined));
    await this.running;
  }

  private async run(keys: string[], reason: string): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => keys.includes(f.uri.toString()));
    const started = performance.now();
    for (const folder of folders) {
      const launch = settings.launchArgs(folder);
      // Small files in place, a large one in the worker thread (both keep parsed files across
      // refreshes); the previous state stays on the badge until this answers.
      const snapshot = await resolveOffHost({
        cwd: folder.uri.fsPath,
        ...codexHomeOptions(),
        launch: launch.args,
        surface: settings.surface(folder),
      });
      const previous = this.states.get(folder.uri.toString());
      // The repository's policy wins over the personal settings where it exists.
      const policy = await loadPolicyFor(folder.uri.fsPath).catch(
        (e) => (this.log.error(`team policy could not be read: ${e}`), undefined),
      );
      const baseline = baselineFor(policy, settings.baseline(folder));
      const programs = policy?.policy && snapshot.loads ? await outsidePrograms(snapshot) : [];
      const base: FolderState = {
        folder,
        snapshot,
        launchArgs: launch.raw,
        launchError: launch.error,
        findings: [
          // With a policy its violations are the errors; a drift warning would say the same twice.
          ...postureFindings(snapshot, baseline.baseline).filter((f) => !policy?.policy || f.code !== 'baseline-drift'),
          ...policyFindings(snapshot, policy, programs),
          ...settings.settingProblems(folder).map((message): Finding => ({ severity: 'warning', code: 'settings', message })),
          ...this.findingSources.flatMap((f) => f(folder, snapshot)),
        ],
        // Keep the slower facts until fresh ones arrive, so the badge never flickers.
        git: previous?.git,
        codex: previous?.codex,
        policy,
        baseline,
        resolvedAt: Date.now(),
      };
      this.states.set(folder.uri.toString(), base);
      void this.enrich(folder, base);
    }
    for (const key of [...this.states.keys()]) {
      if (!(vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.toString() === key)) this.states.delete(key);
    }
    this.log.info(`posture refreshed for ${folders.length} folder(s) in ${(performance.now() - started).toFixed(1)} ms (${reason})`);
    this.changed.fire();
  }

  /** Adds git and codex facts when they arrive, without holding up the posture itself. */
  private async enrich(folder: vscode.WorkspaceFolder, base: FolderState): Promise<void> {
    const [git, codex] = await Promise.all([
      this.git?.describe(folder, base.snapshot).catch((e) => (this.log.error(`git state failed: ${e}`), undefined)),
      this.codex?.describe(folder, base.snapshot).catch((e) => (this.log.error(`codex check failed: ${e}`), undefined)),
    ]);
    const current = this.states.get(folder.uri.toString());
    // A newer refresh replaced this state meanwhile: its own enrich will report.
    if (current !== base || this.disposed) return;
    this.states.set(folder.uri.toString(), { ...base, git: git ?? base.git, codex: codex ?? base.codex });
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.states.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
