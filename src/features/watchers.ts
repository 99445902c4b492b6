// Everything that can change the posture, turned into `posture.refresh(reason)` calls:
// Codex config files inside and outside the workspace, workspace folders, settings and trust.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostureService } from './postureService';
import { POSTURE_SETTINGS } from './settings';

/** Where Codex keeps system config; outside any workspace. */
const SYSTEM_DIR = '/etc/codex';

export function watchPostureInputs(posture: PostureService, log: vscode.LogOutputChannel): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  const subscribe = (w: vscode.FileSystemWatcher, describe: (uri: vscode.Uri) => string) => {
    const fire = (uri: vscode.Uri) => posture.refresh(`${describe(uri)} changed`);
    w.onDidChange(fire, undefined, disposables);
    w.onDidCreate(fire, undefined, disposables);
    w.onDidDelete(fire, undefined, disposables);
    disposables.push(w);
  };
  // A RelativePattern with an absolute base is what makes VS Code watch outside the workspace.
  const watch = (base: string, glob: string, what: string) =>
    subscribe(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), glob)), (uri) => `${what} ${path.basename(uri.fsPath)}`);
  // config.toml (values and the [projects] trust table), <profile>.config.toml, requirements.
  watch(posture.codexHome(), '*.toml', 'CODEX_HOME');
  watch(SYSTEM_DIR, '*.toml', '/etc/codex');
  // Project layers in every workspace folder.
  subscribe(vscode.workspace.createFileSystemWatcher('**/.codex/config.toml'), (uri) => `project config ${vscode.workspace.asRelativePath(uri)}`);

  vscode.workspace.onDidChangeWorkspaceFolders(() => posture.refresh('workspace folders changed'), undefined, disposables);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (POSTURE_SETTINGS.some((s) => e.affectsConfiguration(s))) posture.refresh('settings changed');
    },
    undefined,
    disposables,
  );
  vscode.workspace.onDidGrantWorkspaceTrust(() => posture.refresh('workspace trust granted'), undefined, disposables);
  log.trace(`watching ${posture.codexHome()}/*.toml, ${SYSTEM_DIR}/*.toml and **/.codex/config.toml`);
  return vscode.Disposable.from(...disposables);
}
