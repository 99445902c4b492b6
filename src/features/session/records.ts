// Codex's own session records for the workspace folders, for the checklist, the record, the commit
// summary, the audit and the badge. Read-only (src/core/sessions), never on the extension host in
// one piece: files are read in 1 MB chunks with an await between them, and a refresh after Codex
// appends a line reads only that line. A first index that takes more than a second shows progress
// in a notification and can be cancelled.
import * as vscode from 'vscode';
import { SessionIndex, type SessionSummary } from '../../core/sessions';
import { Debouncer } from '../../host/debounce';

/** A refresh that is still running after this long shows a cancellable progress notification. */
const PROGRESS_AFTER_MS = 1000;
const FOLLOW_MS = 3000;

interface Entry {
  readonly index: SessionIndex;
  /** The CODEX_HOME it reads: a new one (setting or environment) starts a new index. */
  readonly home: string;
  sessions?: readonly SessionSummary[];
  skipped: number;
  running?: Promise<void>;
  again?: boolean;
}

export class SessionRecords implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly indexes = new Map<string, Entry>();
  private readonly debounce = new Debouncer(400);
  private readonly disposables: vscode.Disposable[] = [this.changed, this.debounce];
  private watchedHome: string | undefined;
  private watcher: vscode.Disposable | undefined;
  private following: NodeJS.Timeout | undefined;

  constructor(
    private readonly codexHome: () => string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The folder's sessions, newest first; undefined until the first read finished. */
  sessions(folder: vscode.WorkspaceFolder): readonly SessionSummary[] | undefined {
    return this.indexes.get(folder.uri.fsPath)?.sessions;
  }

  /** Reads what is new for the folder (everything, the first time). One read at a time per folder. */
  refresh(folder: vscode.WorkspaceFolder): Promise<void> {
    this.watch();
    const key = folder.uri.fsPath;
    const home = this.codexHome();
    let e = this.indexes.get(key);
    if (!e || e.home !== home) {
      e = { index: new SessionIndex({ codexHome: home, folder: key }), home, skipped: 0 };
      this.indexes.set(key, e);
    }
    const entry = e;
    if (entry.running) {
      entry.again = true;
      return entry.running;
    }
    entry.running = this.read(folder, entry).finally(() => {
      entry.running = undefined;
      if (entry.again) {
        entry.again = false;
        void this.refresh(folder);
      }
    });
    return entry.running;
  }

  private async read(folder: vscode.WorkspaceFolder, entry: Entry): Promise<void> {
    const abort = new AbortController();
    let report: ((done: number, total: number) => void) | undefined;
    const first = entry.sessions === undefined;
    const t0 = performance.now();
    const work = (async () => {
      if (first) await entry.index.resolveFolder();
      return entry.index.refresh({ signal: abort.signal, onProgress: (d, t) => report?.(d, t) });
    })();
    // Only a first index can take long: after a second it shows progress and can be cancelled.
    const timer = first
      ? setTimeout(() => {
          void vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `Reading Codex's session records for ${folder.name}`,
              cancellable: true,
            },
            (p, token) => {
              token.onCancellationRequested(() => abort.abort(new Error('cancelled')));
              let last = 0;
              report = (done, total) => {
                const pct = total ? Math.floor((done / total) * 100) : 0;
                if (pct > last)
                  p.report({ increment: pct - last, message: `${Math.round(done / 1048576)} of ${Math.round(total / 1048576)} MB` });
                last = Math.max(last, pct);
              };
              return work.catch(() => undefined);
            },
          );
        }, PROGRESS_AFTER_MS)
      : undefined;
    try {
      const st = await work;
      const r = entry.index.report();
      entry.sessions = r.sessions;
      if (r.skippedLines !== entry.skipped)
        this.log.warn(`session records of ${folder.name}: ${r.skippedLines} line(s) skipped (damaged, or from a newer Codex)`);
      entry.skipped = r.skippedLines;
      if (!st.filesRead) return;
      this.log.info(
        `session records of ${folder.name}: ${r.sessions.length} session(s); read ${st.filesRead} of ${st.files} file(s), ${(st.bytesRead / 1048576).toFixed(1)} MB in ${(performance.now() - t0).toFixed(0)} ms`,
      );
    } catch (e) {
      this.log.warn(
        `session records of ${folder.name}: ${abort.signal.aborted ? 'reading cancelled' : `not read: ${(e as Error).message}`}`,
      );
      entry.sessions ??= [];
    } finally {
      clearTimeout(timer);
    }
    this.changed.fire();
  }

  /**
   * While a checklist runs, re-reads the folder's records every few seconds too: file events for a
   * folder outside the workspace (CODEX_HOME) can be lost or never come. Unchanged files cost a stat.
   */
  follow(folder: vscode.WorkspaceFolder | undefined): void {
    clearInterval(this.following);
    this.following = folder && setInterval(() => void this.refresh(folder), FOLLOW_MS);
  }

  /** Codex appends to its records while a session runs: refresh the folders already read. */
  private watch(): void {
    const home = this.codexHome();
    if (this.watchedHome === home) return;
    this.watcher?.dispose();
    this.watchedHome = home;
    // Only live sessions change; archiving moves a file, which the next refresh finds anyway.
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(home), 'sessions/**/rollout-*.jsonl'));
    const again = () =>
      this.debounce.trigger(() => {
        for (const f of vscode.workspace.workspaceFolders ?? []) if (this.indexes.has(f.uri.fsPath)) void this.refresh(f);
      });
    w.onDidCreate(again);
    w.onDidChange(again);
    this.watcher = w;
  }

  dispose(): void {
    clearInterval(this.following);
    this.watcher?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
