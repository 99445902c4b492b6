// Problems-panel diagnostics for Codex config files. The user config and the workspace's project
// configs are linted even when not open (people rarely open ~/.codex/config.toml); open documents
// are re-linted while typed (debounced per document) and on save; a deleted file loses its
// diagnostics. The rules live in src/core/rules; this file only maps findings to VS Code.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ruleAnchor } from '../core/rules/catalog';
import { lintText, type ConfigFileKind, type Finding } from '../core/rules/lint';

export const DIAGNOSTIC_SOURCE = 'Codex Posture';
const DEBOUNCE_MS = 300;
const MAX_BYTES = 2_000_000;

export function codexHomeDir(): string {
  return process.env.CODEX_HOME ? path.resolve(process.env.CODEX_HOME) : path.join(os.homedir(), '.codex');
}

/** Which Codex config file a path is, or undefined for any other file. */
export function configKind(fsPath: string): ConfigFileKind | undefined {
  const file = path.resolve(fsPath);
  const dir = path.dirname(file);
  const base = path.basename(file);
  const home = codexHomeDir();
  if (dir === home) {
    if (base === 'config.toml') return 'user';
    if (/^[A-Za-z0-9_-]+\.config\.toml$/.test(base)) return 'profile';
    return undefined;
  }
  if (dir === '/etc/codex') {
    if (base === 'config.toml') return 'system';
    if (base === 'requirements.toml') return 'requirements';
    if (base === 'managed_config.toml') return 'managed';
    return undefined;
  }
  if (base === 'config.toml' && path.basename(dir) === '.codex') return 'project';
  return undefined;
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(s: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(s.line - 1, s.column - 1, s.endLine - 1, s.endColumn - 1);
}

export function lintFor(uri: vscode.Uri, text: string): Finding[] {
  const kind = configKind(uri.fsPath);
  if (!kind) return [];
  return lintText(text, { kind, file: uri.fsPath }).findings;
}

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('codexPosture');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly readme: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document), this, this.disposables);
    vscode.workspace.onDidOpenTextDocument((d) => this.lintDocument(d), this, this.disposables);
    vscode.workspace.onDidSaveTextDocument((d) => this.lintDocument(d), this, this.disposables);
    // A closed document goes back to what is on disk (the unsaved edits are gone).
    vscode.workspace.onDidCloseTextDocument((d) => void this.lintFile(d.uri), this, this.disposables);
    const home = vscode.Uri.file(codexHomeDir());
    for (const pattern of [new vscode.RelativePattern(home, '*.toml'), '**/.codex/config.toml']) {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      w.onDidCreate((u) => void this.lintFile(u), this, this.disposables);
      w.onDidChange((u) => void this.lintFile(u), this, this.disposables);
      // A delete event can arrive after the file was created again: look before clearing.
      w.onDidDelete((u) => void this.lintFile(u), this, this.disposables);
      this.disposables.push(w);
    }
    void this.lintAll();
    // File watchers can miss a delete (a file created and removed in one batch, a busy host): every
    // few seconds the files that hold findings are checked to still exist. A handful of stats.
    const sweep = setInterval(() => void this.sweepDeleted(), SWEEP_MS);
    this.disposables.push({ dispose: () => clearInterval(sweep) });
  }

  /** Lints the user config, profiles and the workspace's project configs from disk. */
  async lintAll(): Promise<void> {
    const started = performance.now();
    const uris: vscode.Uri[] = [vscode.Uri.file(path.join(codexHomeDir(), 'config.toml'))];
    try {
      for (const [name, type] of await vscode.workspace.fs.readDirectory(vscode.Uri.file(codexHomeDir()))) {
        if (type === vscode.FileType.File && /^[A-Za-z0-9_-]+\.config\.toml$/.test(name)) uris.push(vscode.Uri.file(path.join(codexHomeDir(), name)));
      }
    } catch {
      this.log.trace(`no CODEX_HOME directory at ${codexHomeDir()}`);
    }
    uris.push(...(await vscode.workspace.findFiles('**/.codex/config.toml', '**/node_modules/**', 200)));
    await Promise.all(uris.map((u) => this.lintFile(u)));
    for (const d of vscode.workspace.textDocuments) this.lintDocument(d);
    this.log.info(`linted ${uris.length} Codex config file(s) in ${(performance.now() - started).toFixed(1)} ms`);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.applies(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lintDocument(doc);
      }, DEBOUNCE_MS),
    );
  }

  private applies(uri: vscode.Uri): boolean {
    return (uri.scheme === 'file' || uri.scheme === 'untitled') && configKind(uri.fsPath) !== undefined;
  }

  /** Unsaved text in a tab is linted as typed; otherwise the file on disk, which a document may lag. */
  private lintDocument(doc: vscode.TextDocument): void {
    if (!this.applies(doc.uri) || doc.isClosed) return;
    if (doc.uri.scheme === 'file' && !(doc.isDirty && inTab(doc.uri))) {
      void this.lintFile(doc.uri);
      return;
    }
    this.publish(doc.uri, lintFor(doc.uri, doc.getText()));
  }

  /**
   * Lints a file from disk unless an open editor holds unsaved text. A clean document may lag
   * behind a change on disk (or linger after its editor closed), so disk wins then.
   */
  async lintFile(uri: vscode.Uri): Promise<void> {
    if (!this.applies(uri)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    // A document can outlive its editor tab (and turn dirty when its file is deleted): only text
    // a person can see in a tab counts over the disk.
    if (open?.isDirty && inTab(uri)) return this.publish(uri, lintFor(uri, open.getText()));
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.size > MAX_BYTES) {
        this.log.warn(`${uri.fsPath} is larger than ${MAX_BYTES} bytes; not linted`);
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.publish(uri, lintFor(uri, new TextDecoder('utf-8').decode(bytes)));
    } catch {
      this.clear(uri);
    }
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  private publish(uri: vscode.Uri, findings: readonly Finding[]): void {
    this.collection.set(
      uri,
      findings.map((f) => {
        const d = new vscode.Diagnostic(toRange(f.span), f.message, SEVERITY[f.severity]);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = { value: f.code, target: this.readme.with({ fragment: ruleAnchor(f.code) }) };
        if (f.related.length) {
          d.relatedInformation = f.related
            .filter((r) => r.span)
            .map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(r.file ? vscode.Uri.file(r.file) : uri, toRange(r.span!)), r.message));
        }
        return d;
      }),
    );
  }

  private async sweepDeleted(): Promise<void> {
    const uris: vscode.Uri[] = [];
    this.collection.forEach((uri) => {
      if (uri.scheme === 'file') uris.push(uri);
    });
    for (const uri of uris) {
      const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
      if (!exists && !inTab(uri)) this.clear(uri);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}

const SWEEP_MS = 4000;

function inTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}
