// Asks the real Codex, when it is there, whether it reads the config the way the engine does:
// `codex app-server` + `config/read` (no session is started: `thread/start` would write trust
// entries and may start MCP servers). Off the activation path, trusted workspaces only, cached per
// posture so an unchanged config is never asked twice.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { postureToJson } from '../../core/config/json';
import type { LaunchArgs, PostureSnapshot } from '../../core/config/types';
import { AppServerClient, AppServerError } from '../../core/codex/appServer';
import { compareWithConfigRead } from '../../core/codex/confirm';
import { locateCodex } from '../../core/codex/locate';
import type { CodexFacts, Enricher } from '../posture/postureService';
import * as settings from '../../host/settings';

function codexVersion(executable: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(executable, ['--version'], { timeout: 5000, maxBuffer: 64 * 1024 }, (err, stdout) => {
      const m = /(\d+\.\d+\.\d+\S*)/.exec(String(stdout));
      resolve(err || !m ? undefined : m[1]);
    });
  });
}

/** How often, and after how long, a codex that was not found is looked for again. */
const LOOK_AGAIN_MS = [2000, 5000, 15000];

export class CodexCheck implements Enricher<CodexFacts>, vscode.Disposable {
  private readonly cache = new Map<string, Promise<CodexFacts>>();
  private readonly versions = new Map<string, Promise<string | undefined>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private lookedAgain = 0;
  private lookAgain: NodeJS.Timeout | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    // A new codexPath, or trust just granted: look for codex at once, with a fresh set of retries.
    const now = () => {
      this.lookedAgain = 0;
      this.changed.fire(undefined);
    };
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${settings.SECTION}.codexPath`) && now()),
      vscode.workspace.onDidGrantWorkspaceTrust(now),
    );
  }

  dispose(): void {
    if (this.lookAgain) clearTimeout(this.lookAgain);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  /**
   * A codex installed just after the window opened (`npm i -g @openai/codex` in its terminal) is
   * found without waiting for a config or git change: "not found" is looked at again a few times.
   */
  private notFound(folder: vscode.WorkspaceFolder): void {
    const delay = LOOK_AGAIN_MS[this.lookedAgain];
    if (delay === undefined || this.lookAgain) return;
    this.lookedAgain++;
    this.lookAgain = setTimeout(() => {
      this.lookAgain = undefined;
      this.changed.fire(folder.uri);
    }, delay);
  }

  async describe(folder: vscode.WorkspaceFolder, snapshot: PostureSnapshot): Promise<CodexFacts | undefined> {
    if (!vscode.workspace.isTrusted) return { summary: 'not asked (Restricted Mode starts no process)', drift: [] };
    const executable = await locateCodex(settings.codexPath(), process.env.PATH);
    if (!executable) {
      this.log.info(`codex not found (codexPath ${settings.codexPath() ? 'set' : 'not set'}); looking again later`);
      this.notFound(folder);
      // A remote window drops machine settings from the User settings.json: say where it goes.
      // (remoteName is an authority such as `127.0.0.1:34479` in code-server: not worth showing.)
      const where = vscode.env.remoteName ? '; in a remote window, set it in the Remote settings' : '';
      return { summary: `no codex executable found (PATH or codexPosture.codexPath${where})`, drift: [] };
    }
    this.lookedAgain = 0;
    const launch = settings.launchArgs(folder).args;
    if (launch.profile !== undefined) {
      return { summary: `${await this.version(executable)}; --profile cannot be confirmed through codex app-server`, drift: [] };
    }
    const key = `${executable}\n${JSON.stringify(postureToJson(snapshot))}`;
    let facts = this.cache.get(key);
    if (!facts) {
      facts = this.ask(executable, folder.uri.fsPath, snapshot, launch);
      this.cache.set(key, facts);
      if (this.cache.size > 32) this.cache.delete(this.cache.keys().next().value!);
    }
    return facts;
  }

  private version(executable: string): Promise<string> {
    let v = this.versions.get(executable);
    if (!v) {
      v = codexVersion(executable);
      this.versions.set(executable, v);
    }
    return v.then((x) => (x ? `codex ${x}` : 'codex (version unknown)'));
  }

  private async ask(executable: string, cwd: string, snapshot: PostureSnapshot, launch: LaunchArgs): Promise<CodexFacts> {
    const started = performance.now();
    const version = await this.version(executable);
    const args = [
      ...launch.overrides.flatMap((o) => ['-c', o]),
      ...launch.enable.flatMap((f) => ['--enable', f]),
      ...launch.disable.flatMap((f) => ['--disable', f]),
    ];
    let result;
    try {
      result = await AppServerClient.with(
        { executable, args, globalArgs: launch.approveForMe ? ['--approve-for-me'] : [], cwd, requestTimeoutMs: 8000 },
        async (client) => {
          await client.initialize();
          return client.configRead({ cwd, includeLayers: true });
        },
      );
    } catch (e) {
      if (e instanceof AppServerError && e.kind === 'rpc') {
        result = { error: e.message };
      } else {
        this.log.warn(`could not ask ${executable}: ${e instanceof Error ? e.message : e}`);
        return { summary: `${version}; could not be asked (${e instanceof Error ? e.message : e})`, drift: [] };
      }
    }
    const c = compareWithConfigRead(snapshot, result);
    this.log.info(
      `${version} ${c.confirmed ? 'confirmed' : 'disagrees with'} the posture of ${cwd} in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const verdict = c.confirmed ? `confirmed by ${version}` : `${version} disagrees: ${c.drift.join('; ')}`;
    return { summary: c.note ? `${verdict} (${c.note})` : verdict, confirmed: c.confirmed, drift: c.drift };
  }
}
