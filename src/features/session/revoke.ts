// "Revoke Temporary Enablements": one undoable WorkspaceEdit over the config files that returns
// network access and web search to the team baseline. Each changed file is previewed as a diff and
// the user confirms; the edit is logged in the approval log; every file still parses afterwards.
import * as vscode from 'vscode';
import { revokeText } from '../../core/session/revoke';
import type { SessionController } from './session';

const PREVIEW_SCHEME = 'codex-posture-revoke';

/** The diff previews' content provider, and the command's handler (src/commands.ts binds its id). */
export function registerRevoke(c: SessionController, log: vscode.LogOutputChannel) {
  const previews = new Map<string, string>();
  const provider = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
    provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '',
  });
  const revokeEnablements = async (opts?: { preview?: boolean }) => {
    const folder = c.folder();
    if (!folder) {
      void vscode.window.showInformationMessage('Open a folder to revoke the temporary enablements of the Codex configs that apply to it.');
      return undefined;
    }
    const state = await c.posture.resolveNow(folder);
    const baseline = state.baseline.baseline;
    const layers = state.snapshot.layers.filter(
      (l) => l.exists && l.applied && (l.kind === 'user' || l.kind === 'profile' || l.kind === 'project'),
    );
    const edit = new vscode.WorkspaceEdit();
    const changes: string[] = [];
    const files: { uri: vscode.Uri; after: string }[] = [];
    for (const l of layers) {
      const uri = vscode.Uri.file(l.file);
      // The open document, so unsaved edits are kept and the edit lands in the editor's undo stack.
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      const plan = revokeText(text, baseline);
      if (plan.error) {
        void vscode.window.showWarningMessage(`${l.file}: ${plan.error}`);
        continue;
      }
      if (!plan.edits.length) continue;
      for (const e of plan.edits) edit.replace(uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
      changes.push(...plan.changes.map((ch) => `${l.file} ${ch}`));
      files.push({ uri, after: plan.after! });
    }
    const s = state.snapshot;
    const notFromFiles: string[] = [];
    for (const v of [s.networkAccess, s.webSearch])
      if (v && (v.from.layer === 'override' || v.from.layer === 'flag'))
        notFromFiles.push(`${v.from.arg ?? v.from.layer} (codexPosture.launchArgs)`);
    if (!files.length) {
      const msg = notFromFiles.length
        ? `Nothing to revoke in the config files; the launch arguments set ${notFromFiles.join(', ')}: change them in settings.`
        : 'Nothing to revoke: network and web search in the config files already match the baseline.';
      void vscode.window.showInformationMessage(msg);
      return { applied: false, changes: [] };
    }
    if (opts?.preview !== false) {
      for (const f of files) {
        previews.set(f.uri.path, f.after);
        await vscode.commands.executeCommand(
          'vscode.diff',
          f.uri,
          f.uri.with({ scheme: PREVIEW_SCHEME }),
          `Revoke: ${vscode.workspace.asRelativePath(f.uri)} (current ↔ after)`,
          { preview: true },
        );
      }
      const ok = await vscode.window.showWarningMessage(
        'Revoke temporary enablements?',
        { modal: true, detail: changes.join('\n') },
        'Apply',
      );
      if (ok !== 'Apply') return { applied: false, changes };
    }
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) {
      void vscode.window.showErrorMessage('The edit could not be applied (a file changed meanwhile?). Nothing was changed.');
      return { applied: false, changes };
    }
    // Codex reads the files from disk: save them. Undo (Ctrl+Z in the editor) still reverts the edit.
    for (const f of files) await vscode.workspace.textDocuments.find((d) => d.uri.toString() === f.uri.toString())?.save();
    await c.append(folder, {
      kind: 'revocation',
      requester: 'codex-posture',
      scope: 'Revoke Temporary Enablements',
      domains: [],
      reason: 'return network and web search to the team baseline',
      rollback: 'undo the edit in the editor',
      enables: [],
      changes,
    });
    log.info(`revoked: ${changes.join('; ')}`);
    c.posture.refresh('revoke');
    if (opts?.preview !== false)
      void vscode.window.showInformationMessage(`Revoked: ${changes.length} change(s). Undo in the editor if needed.`);
    return { applied: true, changes };
  };
  return { disposable: provider, revokeEnablements };
}
