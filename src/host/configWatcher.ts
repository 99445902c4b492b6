// The one watch over Codex's config files, shared by the badge and the diagnostics: file system
// watchers on CODEX_HOME, the system folder and every workspace's .codex/config.toml, plus a stat
// poll under them. Two features used to set up the same watchers and pollers on the same files, so
// each change was noticed twice and a lost event could be caught by one and missed by the other.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codexHomeFrom } from '../core/config/codexHome';
import { SYSTEM_CONFIG_DIR } from '../core/config/layers';
import { FilePoller, POLL_INTERVAL_MS } from './filePoller';

export interface ConfigChange {
  /** One file for a watcher event; every file a poll tick found changed. */
  readonly uris: readonly vscode.Uri[];
  /** Which file and how the change was noticed, for the log. */
  readonly reason: string;
}

interface PolledFiles {
  readonly files: () => Iterable<string>;
  readonly listedFilesExist: boolean;
}

export class ConfigWatcher implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConfigChange>();
  readonly onDidChange = this.changed.event;
  private readonly polled = new Set<PolledFiles>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private started = false;
  private readFiles = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Creates the watchers and the poller: apart from the constructor, so activate() can defer it. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const home = codexHomeFrom();
    // A RelativePattern with an absolute base is what makes VS Code watch outside the workspace.
    for (const pattern of [
      new vscode.RelativePattern(vscode.Uri.file(home), '*.toml'),
      new vscode.RelativePattern(vscode.Uri.file(SYSTEM_CONFIG_DIR), '*.toml'),
      '**/.codex/config.toml',
    ]) {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      const fire = (uri: vscode.Uri) => this.changed.fire({ uris: [uri], reason: `${describe(uri, home)} changed` });
      w.onDidChange(fire, undefined, this.disposables);
      w.onDidCreate(fire, undefined, this.disposables);
      // A delete event can arrive after the file was created again: listeners look before clearing.
      w.onDidDelete(fire, undefined, this.disposables);
      this.disposables.push(w);
    }
    // Watchers can miss an event; the poll re-checks the files the features registered.
    this.disposables.push(
      new FilePoller(
        () => this.polledFiles(),
        (changed) =>
          this.changed.fire({
            uris: changed.map((f) => vscode.Uri.file(f)),
            reason: `poll: ${changed.map((f) => path.basename(f)).join(', ')} changed`,
          }),
        POLL_INTERVAL_MS,
        (file) => this.readFiles.has(file),
      ),
    );
    this.log.trace(
      `watching ${home}/*.toml, ${SYSTEM_CONFIG_DIR}/*.toml and **/.codex/config.toml; polling them every ${POLL_INTERVAL_MS} ms`,
    );
  }

  /**
   * Adds files to the poll (asked on every tick, so the list follows the feature's state).
   * `listedFilesExist`: the feature lists only files it has just read, so one missing at its first
   * sighting was deleted before the tick and counts as a change.
   */
  poll(files: () => Iterable<string>, listedFilesExist = false): vscode.Disposable {
    const entry = { files, listedFilesExist };
    this.polled.add(entry);
    return new vscode.Disposable(() => this.polled.delete(entry));
  }

  /** Each tick's files; the ones a feature has just read are noted for `listedFilesExist`. */
  private polledFiles(): Set<string> {
    const all = new Set<string>();
    this.readFiles = new Set();
    for (const p of this.polled) {
      for (const f of p.files()) {
        all.add(f);
        if (p.listedFilesExist) this.readFiles.add(f);
      }
    }
    return all;
  }

  dispose(): void {
    this.polled.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function describe(uri: vscode.Uri, home: string): string {
  const dir = path.dirname(uri.fsPath);
  if (dir === home) return `CODEX_HOME ${path.basename(uri.fsPath)}`;
  if (dir === SYSTEM_CONFIG_DIR) return `${SYSTEM_CONFIG_DIR} ${path.basename(uri.fsPath)}`;
  return `project config ${vscode.workspace.asRelativePath(uri)}`;
}
