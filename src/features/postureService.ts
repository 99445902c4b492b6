// Owns the posture snapshots for the open folders. Surfaces ask it; they never compute posture.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigFileCache } from '../core/config/fileCache';
import { resolvePosture } from '../core/config/resolve';
import { NO_LAUNCH_ARGS, type PostureSnapshot } from '../core/config/types';

export class PostureService implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<PostureSnapshot>>();
  private readonly files = new ConfigFileCache();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** CODEX_HOME the way Codex finds it: the environment, else ~/.codex. */
  codexHome(): string {
    return process.env.CODEX_HOME ? path.resolve(process.env.CODEX_HOME) : path.join(os.homedir(), '.codex');
  }

  /** The folder whose posture matters now: the active editor's folder, else the first one. */
  currentFolder(): vscode.WorkspaceFolder | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  }

  posture(folder: vscode.WorkspaceFolder): Promise<PostureSnapshot> {
    const key = folder.uri.fsPath;
    let p = this.cache.get(key);
    if (!p) {
      const started = performance.now();
      p = resolvePosture({ cwd: key, codexHome: this.codexHome(), launch: NO_LAUNCH_ARGS, cache: this.files }).then((s) => {
        this.log.info(`posture for ${key} resolved in ${(performance.now() - started).toFixed(1)} ms`);
        return s;
      });
      this.cache.set(key, p);
      // A failed resolution must not stick: the next request tries again.
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  invalidate(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.cache.clear();
  }
}
