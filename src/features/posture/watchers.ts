// Everything that can change the posture, turned into `posture.refresh(reason)` calls: Codex
// config files inside and outside the workspace (the shared config watcher), workspace folders,
// settings and trust.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SYSTEM_CONFIG_DIR } from '../../core/config/layers';
import { POLICY_FILE_NAME } from '../../core/policy';
import type { ConfigWatcher } from '../../host/configWatcher';
import { POSTURE_SETTINGS } from '../../host/settings';
import type { PostureService } from './postureService';

export function watchPostureInputs(posture: PostureService, config: ConfigWatcher): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  config.onDidChange((e) => posture.refresh(e.reason), undefined, disposables);
  disposables.push(config.poll(() => postureInputFiles(posture)));
  vscode.workspace.onDidChangeWorkspaceFolders(() => posture.refresh('workspace folders changed'), undefined, disposables);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (POSTURE_SETTINGS.some((s) => e.affectsConfiguration(s))) posture.refresh('settings changed');
    },
    undefined,
    disposables,
  );
  vscode.workspace.onDidGrantWorkspaceTrust(() => posture.refresh('workspace trust granted'), undefined, disposables);
  return vscode.Disposable.from(...disposables);
}

/** Every file that decided (or, by existing, would change) the posture of an open folder. */
function* postureInputFiles(posture: PostureService): Iterable<string> {
  const home = posture.codexHome();
  yield path.join(home, 'config.toml');
  // hooks.json files decide which hooks run (the "Runs outside the sandbox" part of the posture);
  // the watchers cover *.toml only, so the poll keeps them in view.
  yield path.join(home, 'hooks.json');
  for (const f of ['config.toml', 'managed_config.toml', 'requirements.toml', 'hooks.json']) yield path.join(SYSTEM_CONFIG_DIR, f);
  for (const state of posture.allStates()) {
    for (const layer of state.snapshot.layers) yield layer.file;
    // Project layers that do not exist yet: every folder from the cwd up to the project root.
    for (let dir = state.snapshot.cwd; ; dir = path.dirname(dir)) {
      yield path.join(dir, '.codex', 'config.toml');
      yield path.join(dir, '.codex', 'hooks.json');
      if (dir === state.snapshot.projectRoot || path.dirname(dir) === dir) break;
    }
    // The team policy, where it is or where one would be found (up to the repository root).
    for (let dir = state.snapshot.cwd; ; dir = path.dirname(dir)) {
      yield path.join(dir, POLICY_FILE_NAME);
      if (dir === (state.snapshot.gitRoot ?? state.snapshot.cwd) || path.dirname(dir) === dir) break;
    }
  }
}
