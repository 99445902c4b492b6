// Everything that can change the posture, turned into `posture.refresh(reason)` calls:
// Codex config files inside and outside the workspace, workspace folders, settings and trust.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostureService } from './postureService';
import { FilePoller, POLL_INTERVAL_MS } from '../../host/filePoller';
import { POSTURE_SETTINGS } from '../../host/settings';

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

  // Watchers can miss an event; the poller re-checks the files the posture was computed from.
  disposables.push(new FilePoller(() => postureInputFiles(posture), (changed) => posture.refresh(`poll: ${changed.map((f) => path.basename(f)).join(', ')} changed`)));

  vscode.workspace.onDidChangeWorkspaceFolders(() => posture.refresh('workspace folders changed'), undefined, disposables);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (POSTURE_SETTINGS.some((s) => e.affectsConfiguration(s))) posture.refresh('settings changed');
    },
    undefined,
    disposables,
  );
  vscode.workspace.onDidGrantWorkspaceTrust(() => posture.refresh('workspace trust granted'), undefined, disposables);
  log.trace(`watching ${posture.codexHome()}/*.toml, ${SYSTEM_DIR}/*.toml and **/.codex/config.toml; polling them every ${POLL_INTERVAL_MS} ms`);
  return vscode.Disposable.from(...disposables);
}

/** Every file that decided (or, by existing, would change) the posture of an open folder. */
function* postureInputFiles(posture: PostureService): Iterable<string> {
  const home = posture.codexHome();
  yield path.join(home, 'config.toml');
  for (const f of ['config.toml', 'managed_config.toml', 'requirements.toml']) yield path.join(SYSTEM_DIR, f);
  for (const state of posture.allStates()) {
    for (const layer of state.snapshot.layers) yield layer.file;
    // Project layers that do not exist yet: every folder from the cwd up to the project root.
    for (let dir = state.snapshot.cwd; ; dir = path.dirname(dir)) {
      yield path.join(dir, '.codex', 'config.toml');
      if (dir === state.snapshot.projectRoot || path.dirname(dir) === dir) break;
    }
  }
}
