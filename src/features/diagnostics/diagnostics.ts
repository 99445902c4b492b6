// Problems-panel diagnostics for Codex config files. The user config and the workspace's project
// configs are linted even when not open (people rarely open ~/.codex/config.toml); open documents
// are re-linted while typed (debounced per document) and on save; a deleted file loses its
// diagnostics. The rules live in src/core/rules; this file only maps findings to VS Code.
// What only the layered posture knows (a key another layer overrides, a project config ignored for
// lack of trust) comes from the posture service's snapshots, re-applied when they change.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codexHomeFrom } from '../../core/config/codexHome';
import { SYSTEM_CONFIG_DIR } from '../../core/config/layers';
import { readmeAnchorLines, readmeFragment } from '../../core/present/readmeAnchors';
import { ruleAnchor } from '../../core/rules/catalog';
import type { PostureSnapshot } from '../../core/config/types';
import { checkPosture, isPolicyFile, POLICY_FILE_NAME, type TeamPolicy } from '../../core/policy';
import { softenErrorsOfIgnoredFile, type FolderPosture, type LayerNote, type NotePlace } from '../../core/rules/layerNotes';
import type { ConfigFileKind, Finding } from '../../core/rules/lint';
import type { ConfigWatcher } from '../../host/configWatcher';
import { Debouncer } from '../../host/debounce';
import { lintInPlaceOrOffHost } from '../../host/lintOffHost';
import * as settings from '../../host/settings';
import type { FolderState, PostureService } from '../posture/postureService';

export const DIAGNOSTIC_SOURCE = 'Codex Posture';
const DEBOUNCE_MS = 300;
const MAX_BYTES = 2_000_000;

/** Which Codex config file a path is, or undefined for any other file. */
export function configKind(fsPath: string): ConfigFileKind | undefined {
  const file = path.resolve(fsPath);
  const dir = path.dirname(file);
  const base = path.basename(file);
  const home = codexHomeFrom();
  if (dir === home) {
    if (base === 'config.toml') return 'user';
    if (/^[A-Za-z0-9_-]+\.config\.toml$/.test(base)) return 'profile';
    return undefined;
  }
  if (dir === SYSTEM_CONFIG_DIR) {
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

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('codexPosture');
  /** Typing is linted per document once it pauses. */
  private readonly typing = new Debouncer<string>(DEBOUNCE_MS);
  private readonly disposables: vscode.Disposable[] = [this.collection, this.typing];
  /** The open folders' postures the layer notes are computed from, and what they were built from. */
  private folders: readonly FolderPosture[] = [];
  private foldersKey = '';
  /** Folders whose repository has a team policy, for CP900 on the config lines it forbids. */
  private policyStates: { snapshot: PostureSnapshot; policy: TeamPolicy }[] = [];
  /** Where a folder's launch-argument settings are written, for related information. */
  private settingPlaces = new Map<string, vscode.Location>();
  /** README line of each rule's anchor (code links open the README there), read once. */
  private anchors: ReadonlyMap<string, number> = new Map();
  private readonly anchorsRead: Promise<void>;
  /** The README as installed (see readmeOf); its development name until it was looked up. */
  private readme: vscode.Uri;
  /** Per file, the notes whose quick action marks the project untrusted (CP412 in the editor). */
  private readonly untrustNotes = new Map<string, LayerNote[]>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    config: ConfigWatcher,
    private readonly posture?: PostureService,
  ) {
    this.readme = vscode.Uri.joinPath(extensionUri, 'README.md');
    this.anchorsRead = this.readAnchors();
    // Set up after the first badge, the service may hold states already.
    posture?.onDidChange(() => void this.postureChanged(), this, this.disposables);
    if (posture?.allStates().length) void this.postureChanged();
    vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document), this, this.disposables);
    vscode.workspace.onDidOpenTextDocument((d) => this.lintDocument(d), this, this.disposables);
    vscode.workspace.onDidSaveTextDocument((d) => this.lintDocument(d), this, this.disposables);
    // A closed document goes back to what is on disk (the unsaved edits are gone).
    vscode.workspace.onDidCloseTextDocument((d) => void this.lintFile(d.uri), this, this.disposables);
    // The shared watch over the config files: a watcher event or a changed stat of a file that
    // holds findings (a lost event) is linted the same way. A delete event can arrive after the
    // file was created again: lintFile looks before clearing.
    config.onDidChange((e) => e.uris.forEach((u) => void this.lintFile(u)), this, this.disposables);
    this.disposables.push(config.poll(() => this.filesWithFindings(), true));
    void this.lintAll();
  }

  /** Lints the user config, profiles and the workspace's project configs from disk. */
  async lintAll(): Promise<void> {
    await this.anchorsRead;
    const started = performance.now();
    const uris: vscode.Uri[] = [vscode.Uri.file(path.join(codexHomeFrom(), 'config.toml'))];
    try {
      for (const [name, type] of await vscode.workspace.fs.readDirectory(vscode.Uri.file(codexHomeFrom()))) {
        if (type === vscode.FileType.File && /^[A-Za-z0-9_-]+\.config\.toml$/.test(name))
          uris.push(vscode.Uri.file(path.join(codexHomeFrom(), name)));
      }
    } catch {
      this.log.trace(`no CODEX_HOME directory at ${codexHomeFrom()}`);
    }
    uris.push(...(await vscode.workspace.findFiles('**/.codex/config.toml', '**/node_modules/**', 200)));
    await Promise.all(uris.map((u) => this.lintFile(u)));
    for (const d of vscode.workspace.textDocuments) this.lintDocument(d);
    this.log.info(`linted ${uris.length} Codex config file(s) in ${(performance.now() - started).toFixed(1)} ms`);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!this.applies(doc.uri)) return;
    this.typing.trigger(() => this.lintDocument(doc), DEBOUNCE_MS, doc.uri.toString());
  }

  private applies(uri: vscode.Uri): boolean {
    return (uri.scheme === 'file' || uri.scheme === 'untitled') && (configKind(uri.fsPath) !== undefined || isPolicyFile(uri.fsPath));
  }

  /** Unsaved text in a tab is linted as typed; otherwise the file on disk, which a document may lag. */
  private lintDocument(doc: vscode.TextDocument): void {
    if (!this.applies(doc.uri) || doc.isClosed) return;
    if (doc.uri.scheme === 'file' && !(doc.isDirty && inTab(doc.uri))) {
      void this.lintFile(doc.uri);
      return;
    }
    void this.publish(doc.uri, doc.getText());
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
    if (open?.isDirty && inTab(uri)) return this.publish(uri, open.getText());
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.size > MAX_BYTES) {
        // Said in the Problems panel too: with the log alone the file looked clean, and its old
        // findings stayed as they were.
        this.log.warn(`${uri.fsPath} is larger than ${MAX_BYTES} bytes; not linted`);
        const d = new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 0),
          `This file is ${(st.size / 1_000_000).toFixed(1)} MB; Codex Posture lints config files up to ${MAX_BYTES / 1_000_000} MB, so its keys are not checked here (the badge still reads it).`,
          vscode.DiagnosticSeverity.Information,
        );
        d.source = DIAGNOSTIC_SOURCE;
        this.collection.set(uri, [d]);
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      await this.publish(uri, new TextDecoder('utf-8').decode(bytes));
    } catch {
      this.clear(uri);
    }
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.untrustNotes.delete(uri.toString());
  }

  /** The project a CP412 diagnostic at `range` would mark untrusted, and the user config to edit. */
  untrustFor(uri: vscode.Uri, range: vscode.Range): LayerNote['untrust'] {
    return this.untrustNotes.get(uri.toString())?.find((n) => toRange(n.span).isEqual(range))?.untrust;
  }

  private async publish(uri: vscode.Uri, text: string): Promise<void> {
    // A large document goes to the worker: it must not freeze the host while it is linted.
    const lint = await lintInPlaceOrOffHost(
      uri,
      text,
      uri.scheme === 'file' ? this.folders : [],
      'diagnostics',
      configKind(uri.fsPath),
      settings.explicitBaseline(uri),
    );
    // Failed: logged by the worker client; the last diagnostics stay rather than a false all-clear.
    if (lint === 'superseded' || lint === 'failed') return;
    if (lint === 'tooLarge') {
      const d = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        'This file is too large to check in time; Codex Posture did not lint it.',
        vscode.DiagnosticSeverity.Information,
      );
      d.source = DIAGNOSTIC_SOURCE;
      this.collection.set(uri, [d]);
      return;
    }
    const notes = lint?.notes ?? [];
    this.untrustNotes.set(
      uri.toString(),
      notes.filter((n) => n.untrust),
    );
    // Where the layers show that a repository program really runs, that error replaces the
    // one-file warning about the same line.
    const running = new Set(notes.filter((n) => n.code === 'CP412').map((n) => n.span.line));
    const findings = softenErrorsOfIgnoredFile(lint?.findings ?? [], notes).filter(
      (f) => !(f.code === 'CP412' && running.has(f.span.line)),
    );
    this.collection.set(uri, [
      ...findings.map((f) => {
        const d = this.diagnostic(f.span, f.message, f.severity, f.code);
        if (f.related.length) {
          d.relatedInformation = f.related
            .filter((r) => r.span)
            .map(
              (r) =>
                new vscode.DiagnosticRelatedInformation(
                  new vscode.Location(r.file ? vscode.Uri.file(r.file) : uri, toRange(r.span!)),
                  r.message,
                ),
            );
        }
        return d;
      }),
      ...notes.map((n) => this.noteDiagnostic(n)),
      ...(uri.scheme === 'file' ? this.policyDiagnostics(uri) : []),
    ]);
  }

  /** CP900 where a value the repository policy forbids is set, linked to the policy's rule line. */
  private policyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
    const out: vscode.Diagnostic[] = [];
    for (const s of this.policyStates) {
      for (const v of checkPosture(s.snapshot, s.policy)) {
        if (v.from?.file !== uri.fsPath || !v.from.line) continue;
        const line = v.from.line - 1;
        const d = new vscode.Diagnostic(
          new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
          `Team policy: ${v.message}`,
          vscode.DiagnosticSeverity.Error,
        );
        d.source = DIAGNOSTIC_SOURCE;
        d.code = { value: 'CP900', target: this.readme.with({ fragment: readmeFragment(this.anchors, ruleAnchor('CP900')) }) };
        d.relatedInformation = [
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.file(s.policy.file), toRange(v.ruleSpan)),
            `${v.rule} in ${POLICY_FILE_NAME}`,
          ),
        ];
        out.push(d);
      }
    }
    return out;
  }

  private diagnostic(span: Finding['span'], message: string, severity: Finding['severity'], code: string): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(span), message, SEVERITY[severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: code, target: this.readme.with({ fragment: readmeFragment(this.anchors, ruleAnchor(code)) }) };
    return d;
  }

  private noteDiagnostic(n: LayerNote): vscode.Diagnostic {
    const d = this.diagnostic(n.span, n.message, n.severity, n.code);
    const related = n.related.flatMap((r) => {
      const at = this.locationOf(r.place);
      return at ? [new vscode.DiagnosticRelatedInformation(at, r.message)] : [];
    });
    if (related.length) d.relatedInformation = related;
    return d;
  }

  private locationOf(place: NotePlace): vscode.Location | undefined {
    if (place.file) return new vscode.Location(vscode.Uri.file(place.file), new vscode.Position(Math.max(0, (place.line ?? 1) - 1), 0));
    if (place.setting) return this.settingPlaces.get(`${place.folder ?? ''}\0${place.setting}`);
    return undefined;
  }

  private async readAnchors(): Promise<void> {
    try {
      this.readme = await readmeOf(this.extensionUri);
      this.anchors = readmeAnchorLines(new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(this.readme)));
      this.log.info(`rule links: ${this.anchors.size} anchors in ${this.readme.fsPath}`);
    } catch (e) {
      this.log.warn(`cannot read ${this.readme.fsPath} for the rule links: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * The posture service fires on every refresh and enrichment (git, codex): the files are linted
   * again only when what the notes read changed.
   */
  private async postureChanged(): Promise<void> {
    await this.anchorsRead;
    const states = this.posture?.allStates() ?? [];
    const folders = states.map((s) => ({ name: s.folder.name, snapshot: s.snapshot }));
    const key = JSON.stringify(states.map((s) => [s.folder.name, s.launchArgs, s.snapshot, s.findings.filter((f) => f.code === 'policy')]));
    if (key === this.foldersKey) return;
    this.foldersKey = key;
    this.policyStates = states.flatMap((s) => (s.policy?.policy ? [{ snapshot: s.snapshot, policy: s.policy.policy }] : []));
    this.folders = folders;
    this.settingPlaces = await settingPlaces(states);
    const uris = new Map<string, vscode.Uri>();
    this.collection.forEach((uri) => void (uri.scheme === 'file' && uris.set(uri.toString(), uri)));
    for (const f of folders)
      for (const l of f.snapshot.layers) if (l.exists) uris.set(vscode.Uri.file(l.file).toString(), vscode.Uri.file(l.file));
    this.log.trace(`posture changed: layer notes for ${uris.size} config file(s)`);
    await Promise.all([...uris.values()].map((u) => this.lintFile(u)));
  }

  private filesWithFindings(): string[] {
    const files: string[] = [];
    this.collection.forEach((uri) => void (uri.scheme === 'file' && files.push(uri.fsPath)));
    return files;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * For each folder, the line of settings.json (or the .code-workspace file) that holds its
 * `codexPosture.launchArgs` / `codexPosture.surface`. User settings have no file the API names:
 * the note's message still says which setting.
 */
async function settingPlaces(states: readonly FolderState[]): Promise<Map<string, vscode.Location>> {
  const out = new Map<string, vscode.Location>();
  for (const { folder } of states) {
    for (const setting of ['codexPosture.launchArgs', 'codexPosture.surface'] as const) {
      const i = vscode.workspace.getConfiguration('codexPosture', folder).inspect(setting.slice('codexPosture.'.length));
      const folderFile = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
      const file =
        i?.workspaceFolderValue !== undefined
          ? folderFile
          : i?.workspaceValue !== undefined
            ? vscode.workspace.workspaceFile?.scheme === 'file'
              ? vscode.workspace.workspaceFile
              : folderFile
            : undefined;
      if (!file) continue;
      try {
        const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(file));
        const line = text.split('\n').findIndex((l) => l.includes(`"${setting}"`));
        if (line >= 0) out.set(`${folder.name}\0${setting}`, new vscode.Location(file, new vscode.Position(line, 0)));
      } catch {
        // Unreadable settings: the note keeps its message without a link.
      }
    }
  }
  return out;
}

function inTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
}

/**
 * The README as the extension is installed: `vsce` stores it as `readme.md` in the .vsix while the
 * development folder has `README.md`, and file names are case-sensitive on Linux.
 */
async function readmeOf(extensionUri: vscode.Uri): Promise<vscode.Uri> {
  const entries = await vscode.workspace.fs.readDirectory(extensionUri);
  const name = entries.find(([n, type]) => type === vscode.FileType.File && n.toLowerCase() === 'readme.md')?.[0];
  return vscode.Uri.joinPath(extensionUri, name ?? 'README.md');
}
