// "Export Policy as requirements.toml": the part of the repository's policy that Codex itself
// enforces, for an administrator to install. Shown as a diff against the file it would replace (or
// an empty one) before anything is written, because requirements bind every Codex session on the
// machine; rules Codex has no word for are named, not dropped silently.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SYSTEM_CONFIG_DIR } from '../../core/config/layers';
import { loadPolicyFor, policyToRequirements, POLICY_FILE_NAME } from '../../core/policy';

export interface ExportOptions {
  /** Where to write; tests pass a temp path. Default: ask, starting at /etc/codex/requirements.toml. */
  readonly target?: string;
  /** Skip the confirmation (tests); the diff is still shown. */
  readonly confirm?: boolean;
}

export async function exportRequirements(
  folder: vscode.WorkspaceFolder | undefined,
  log: vscode.LogOutputChannel,
  opts: ExportOptions = {},
): Promise<string | undefined> {
  if (!folder) {
    void vscode.window.showInformationMessage(`Open a folder whose repository has a ${POLICY_FILE_NAME} to export it.`);
    return undefined;
  }
  const found = await loadPolicyFor(folder.uri.fsPath);
  if (!found?.policy) {
    void vscode.window.showWarningMessage(
      found
        ? `${found.file} could not be read as a policy; fix its problems first.`
        : `No ${POLICY_FILE_NAME} applies to ${folder.name} (looked up to the repository root).`,
    );
    return undefined;
  }
  const { text, notExported } = policyToRequirements(found.policy, path.basename(found.file));
  const suggested = opts.target ?? path.join(SYSTEM_CONFIG_DIR, 'requirements.toml');
  const existing = await fs.readFile(suggested, 'utf8').catch(() => '');
  const left = await vscode.workspace.openTextDocument({ content: existing, language: 'toml' });
  const right = await vscode.workspace.openTextDocument({ content: text, language: 'toml' });
  await vscode.commands.executeCommand(
    'vscode.diff',
    left.uri,
    right.uri,
    `requirements.toml: ${existing ? suggested : 'new file'} ↔ exported from ${POLICY_FILE_NAME}`,
    { preview: true },
  );
  const skipped = notExported.length ? ` Not enforceable by Codex (Codex Posture checks them): ${notExported.join(', ')}.` : '';
  let target = opts.target;
  if (!opts.confirm) {
    const choice = await vscode.window.showInformationMessage(`Write these requirements for Codex?${skipped}`, { modal: true }, 'Save As…');
    if (choice !== 'Save As…') return undefined;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(suggested),
      filters: { TOML: ['toml'] },
      title: 'Save requirements.toml (install as /etc/codex/requirements.toml)',
    });
    if (!uri) return undefined;
    target = uri.fsPath;
  }
  if (!target) return undefined;
  try {
    await fs.writeFile(target, text);
  } catch (e) {
    // /etc/codex needs an administrator: say so instead of failing silently.
    void vscode.window.showErrorMessage(
      `Cannot write ${target}: ${e instanceof Error ? e.message : String(e)}. Save it elsewhere and install it as an administrator.`,
    );
    return undefined;
  }
  log.info(`exported ${found.file} as requirements to ${target}`);
  void vscode.window.showInformationMessage(`Wrote ${target}.${skipped}`);
  return target;
}
