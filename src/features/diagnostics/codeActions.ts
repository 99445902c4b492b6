// Quick fixes for the diagnostics in diagnostics.ts, tied to them by code and range. Each fix is one
// WorkspaceEdit (one undo step) built from the rule's offset edits, so comments and formatting
// around the edited key stay as written.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { markUntrustedEdit } from '../../core/outside/untrust';
import { DIAGNOSTIC_SOURCE, ConfigDiagnostics, configKind, toRange } from './diagnostics';
import type { ConfigWatcher } from '../../host/configWatcher';
import { lintInPlaceOrOffHost } from '../../host/lintOffHost';
import * as settings from '../../host/settings';
import type { PostureService } from '../posture/postureService';

export class ConfigCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics?: ConfigDiagnostics) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    // Recompute on the current text: offsets must match the document exactly as it is now.
    // Like the diagnostics, a large document is linted in the worker: fixes are plain offset edits.
    const lint = await lintInPlaceOrOffHost(
      doc.uri,
      doc.getText(),
      [],
      'quickFix',
      configKind(doc.uri.fsPath),
      settings.explicitBaseline(doc.uri),
    );
    const findings = typeof lint === 'object' ? lint.findings : [];
    const actions: vscode.CodeAction[] = [];
    for (const diag of ours) {
      const code = typeof diag.code === 'object' ? String(diag.code.value) : String(diag.code);
      const untrust = code === 'CP412' ? this.diagnostics?.untrustFor(doc.uri, diag.range) : undefined;
      if (untrust) {
        const action = await untrustAction(untrust.root, untrust.userConfig);
        if (action) {
          action.diagnostics = [diag];
          actions.push(action);
        }
      }
      const f = findings.find((x) => x.code === code && toRange(x.span).isEqual(diag.range) && x.message === diag.message);
      if (!f) continue;
      for (const fix of f.fixes) {
        const target = fix.createFile && vscode.Uri.file(fix.createFile.path);
        if (target && (await exists(target))) {
          // The edit would fail as a whole (it must not overwrite the file) and VS Code says
          // nothing: the fix did nothing at all. Open the file instead, to merge by hand.
          const open = new vscode.CodeAction(
            `${path.basename(target.fsPath)} already exists: open it to move the keys by hand`,
            vscode.CodeActionKind.QuickFix,
          );
          open.diagnostics = [diag];
          open.command = { command: 'vscode.open', title: 'Open', arguments: [target] };
          actions.push(open);
          continue;
        }
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diag];
        action.isPreferred = fix.preferred === true;
        const edit = new vscode.WorkspaceEdit();
        if (fix.createFile && target) {
          edit.createFile(target, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(fix.createFile.content) });
        }
        for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
        action.edit = edit;
        if (fix.note) action.command = { command: 'codexPosture.showFixNote', title: 'Show note', arguments: [fix.note] };
        actions.push(action);
      }
    }
    return actions;
  }
}

/**
 * "Mark this project untrusted": one edit to the user config, shown in the refactor preview first
 * (needsConfirmation), undoable like any edit. An explicitly untrusted project is never
 * auto-trusted, so its MCP servers and hooks stay unloaded.
 */
async function untrustAction(root: string, userConfig: string): Promise<vscode.CodeAction | undefined> {
  const uri = vscode.Uri.file(userConfig);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text = '';
  if (open) text = open.getText();
  else if (await exists(uri)) text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  const e = markUntrustedEdit(text, root);
  if (!e) return undefined;
  const action = new vscode.CodeAction(
    `Mark ${path.basename(root)} untrusted in ${path.basename(path.dirname(userConfig))}/config.toml (Codex then loads nothing from it)`,
    vscode.CodeActionKind.QuickFix,
  );
  action.isPreferred = true;
  const edit = new vscode.WorkspaceEdit();
  const meta: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label: `trust_level = "untrusted" for ${root}` };
  if (!open && !(await exists(uri))) {
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(e.newText) }, meta);
  } else {
    const pos = (o: number) => (open ? open.positionAt(o) : positionIn(text, o));
    edit.replace(uri, new vscode.Range(pos(e.start), pos(e.end)), e.newText, meta);
  }
  action.edit = edit;
  return action;
}

function positionIn(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export interface DiagnosticsFeature extends vscode.Disposable {
  /** The note some quick fixes leave (what to check by hand), shown after the edit. */
  showFixNote(note: string): void;
}

/**
 * Diagnostics and quick fixes as one disposable for activate(). The posture service is required:
 * the diagnostics read its snapshots to say which layer overrides a key and which project configs
 * Codex ignores (CP207, CP206).
 */
export function registerDiagnostics(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  config: ConfigWatcher,
  posture: PostureService,
): DiagnosticsFeature {
  const diagnostics = new ConfigDiagnostics(context.extensionUri, log, config, posture);
  const selector: vscode.DocumentSelector = [
    { scheme: 'file', pattern: '**/*.toml' },
    { scheme: 'untitled', language: 'toml' },
  ];
  const registered = vscode.Disposable.from(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActions(diagnostics), {
      providedCodeActionKinds: ConfigCodeActions.kinds,
    }),
  );
  return {
    showFixNote: (note) => void vscode.window.showInformationMessage(note),
    dispose: () => registered.dispose(),
  };
}
