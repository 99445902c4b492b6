// The Codex session: what "Start Codex Session Checklist" begins and "Finish Session" ends. Owns
// the per-workspace session state (workspaceState), the approval log cache, test runs seen while a
// session is on, and the checklist items derived from the posture service's state. The tree view
// (sessionView.ts) and the other session commands read it; they never compute posture themselves.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { absolutePathEntries } from '../../core/codex/locate';
import type { SandboxVerification } from '../../core/codex/sandbox';
import { evaluateGitPosture } from '../../core/git';
import type { Finding } from '../../core/present/posture';
import {
  evaluateChecklist,
  summarisePosture,
  suggestBranchName,
  type ItemView,
  type SessionData,
  type TestRun,
} from '../../core/session/checklist';
import {
  appendEntry,
  expiredStillOn,
  expiryFrom,
  inferEnablements,
  newEntryId,
  nextExpiry,
  readLog,
  type Enablement,
  type LogEntry,
} from '../../core/session/log';
import { redactSecretsInText } from '../../core/rules/secrets';
import { recordFileName, sessionEntries, sessionRecordMarkdown } from '../../core/session/record';
import { sessionsSince } from '../../core/sessions/evidence';
import type { SessionSummary } from '../../core/sessions/types';
import { Debouncer } from '../../host/debounce';
import { FilePoller } from '../../host/filePoller';
import type { GitAPI, GitExtension, Repository } from '../../host/gitExtensionApi';
import type { PostureService } from '../posture/postureService';
import { gitRulesFor } from '../../core/policy';
import * as settings from '../../host/settings';
import { SessionRecords } from './records';
import type { lintForAudit } from '../../host/lintOffHost';
import type { showReport } from '../../host/reportDocument';

const SESSION_KEY = 'codexPosture.session';
const SANDBOX_KEY = 'codexPosture.lastSandbox';
export const LAST_AUDIT_KEY = 'codexPosture.lastAudit';
const TEST_COMMAND = /\b(test|tests|jest|mocha|vitest|pytest|tox|lint|eslint|ruff|tsc|cargo|go|gradle|mvn|make|rspec|phpunit|ctest)\b/;

export interface RecordArgs {
  kind?: 'approval' | 'exception';
  requester?: string;
  scope?: string;
  domains?: string[];
  reason?: string;
  expiryDays?: number;
  rollback?: string;
  enables?: Enablement[];
  /** The approval in Codex's records this entry logs (recordKey). */
  codexRecord?: string;
}

/** The git extension's API, if it is there and enabled. */
export async function gitApi(): Promise<GitAPI | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports.enabled ? exports.getAPI(1) : undefined;
}

export async function gitRepository(folder: vscode.WorkspaceFolder): Promise<Repository | undefined> {
  return (await gitApi())?.getRepository(folder.uri) ?? undefined;
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    // PATH without relative entries: the `git` that runs is never a file in the repository (cwd).
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, PATH: absolutePathEntries(process.env.PATH) }, timeout: 30_000, windowsHide: true },
      (err, stdout, stderr) => (err ? reject(new Error((stderr || err.message).trim())) : resolve(stdout)),
    ),
  );
}

/**
 * The extension's services that keep state of their own (the report documents' content provider,
 * the worker thread): this feature is its own bundle (dist/session.js), so it must use the
 * extension's instances, handed in here, rather than import second copies.
 */
export interface SessionHost {
  readonly showReport: typeof showReport;
  readonly lintForAudit: typeof lintForAudit;
}

export class SessionController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Exceptions expire without any event: one timer for the next expiry, replaced when the logs change. */
  private readonly expiry = new Debouncer(0);
  private readonly disposables: vscode.Disposable[] = [this.changed, this.expiry];
  private readonly logs = new Map<string, { file: string; entries: readonly LogEntry[]; badLines: readonly number[] }>();
  private readonly logWatchers = new Map<string, vscode.Disposable>();
  /** Codex's own session records of each folder. */
  readonly records: SessionRecords;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly posture: PostureService,
    private readonly log: vscode.LogOutputChannel,
    /** What the extension's own bundle owns and this one uses (see SessionHost). */
    readonly host: SessionHost,
  ) {
    this.disposables.push(posture.addFindingSource((folder, snapshot) => this.expiredFindings(folder, snapshot)));
    this.records = new SessionRecords(() => posture.codexHome(), log);
    this.disposables.push(this.records);
    this.records.onDidChange(() => this.changed.fire(), this, this.disposables);
    this.records.follow(this.session && this.folder());
    posture.onDidChange(() => this.changed.fire(), this, this.disposables);
    vscode.tasks.onDidEndTaskProcess(
      (e) => {
        if (e.exitCode !== undefined)
          void this.addTestRun({ name: `task "${e.execution.task.name}"`, at: new Date().toISOString(), exitCode: e.exitCode });
      },
      this,
      this.disposables,
    );
    // Test commands typed in a terminal with shell integration count too.
    vscode.window.onDidEndTerminalShellExecution?.(
      (e) => {
        const line = e.execution.commandLine.value.trim();
        if (e.exitCode !== undefined && TEST_COMMAND.test(line))
          void this.addTestRun({
            name: `\`${redactSecretsInText(line).slice(0, 80)}\``,
            at: new Date().toISOString(),
            exitCode: e.exitCode,
          });
      },
      this,
      this.disposables,
    );
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (settings.SESSION_SETTINGS.some((k) => e.affectsConfiguration(k))) {
          this.logs.clear();
          for (const d of this.logWatchers.values()) d.dispose();
          this.logWatchers.clear();
          void this.loadAllLogs();
        }
      },
      this,
      this.disposables,
    );
    // The log's folder may not exist when the watcher is made, and watchers can miss events: poll too.
    this.disposables.push(
      new FilePoller(
        () => (vscode.workspace.workspaceFolders ?? []).map((f) => this.logFile(f)),
        (changed) => {
          for (const f of vscode.workspace.workspaceFolders ?? []) if (changed.includes(this.logFile(f))) void this.loadLog(f);
        },
      ),
    );
    void this.loadAllLogs();
  }

  /** The session in this workspace, if one is running. */
  get session(): SessionData | undefined {
    return this.context.workspaceState.get<SessionData>(SESSION_KEY);
  }

  get sandbox(): SandboxVerification | undefined {
    return this.context.workspaceState.get<SandboxVerification>(SANDBOX_KEY);
  }

  get lastAudit(): string | undefined {
    return this.context.globalState.get<string>(LAST_AUDIT_KEY);
  }

  /** The folder the checklist is about: the session's, else the posture's current folder. */
  folder(): vscode.WorkspaceFolder | undefined {
    const s = this.session;
    const f = s && vscode.workspace.workspaceFolders?.find((x) => x.uri.fsPath === s.folder);
    return f ?? this.posture.currentFolder();
  }

  entries(folder: vscode.WorkspaceFolder | undefined = this.folder()): readonly LogEntry[] {
    return (folder && this.logs.get(folder.uri.toString())?.entries) ?? [];
  }

  logFile(folder: vscode.WorkspaceFolder): string {
    return settings.approvalLogFile(folder);
  }

  /**
   * Codex's records of the folder's sessions since the checklist started (all of them without a
   * checklist); undefined until the first read is done, which this starts.
   */
  recordedSessions(
    folder: vscode.WorkspaceFolder | undefined = this.folder(),
    since = this.session?.startedAt,
  ): readonly SessionSummary[] | undefined {
    if (!folder) return undefined;
    const all = this.records.sessions(folder);
    if (!all) {
      void this.records.refresh(folder);
      return undefined;
    }
    return since ? sessionsSince(all, since) : all;
  }

  items(): ItemView[] {
    const folder = this.folder();
    const state = folder && this.posture.state(folder);
    const now = new Date();
    const s = state?.snapshot;
    const expired = s?.loads
      ? expiredStillOn(this.entries(folder), { network: !!s.networkAccess?.value, webSearch: s.webSearch?.value === 'live' }, now)
      : [];
    return evaluateChecklist({
      now,
      session: this.session,
      snapshot: s,
      baseline: state?.baseline.baseline ?? settings.baseline(folder),
      findings: state?.findings ?? [],
      git: state?.git?.posture,
      gitWarnings: state?.git
        ? evaluateGitPosture(
            state.git.posture,
            gitRulesFor(state.policy, settings.protectedBranches(folder), settings.featureBranchPattern(folder)),
          ).map((w) => w.code)
        : [],
      sandbox: this.sandbox,
      expired,
      lastAudit: this.lastAudit,
      codexSessions: this.session ? this.recordedSessions(folder) : undefined,
      loggedRecords: this.entries(folder).flatMap((e) => (typeof e.codexRecord === 'string' ? [e.codexRecord] : [])),
    });
  }

  private expiredFindings(folder: vscode.WorkspaceFolder, snapshot: import('../../core/config/types').PostureSnapshot): Finding[] {
    if (!snapshot.loads) return [];
    const entries = this.logs.get(folder.uri.toString())?.entries ?? [];
    return expiredStillOn(
      entries,
      { network: !!snapshot.networkAccess?.value, webSearch: snapshot.webSearch?.value === 'live' },
      new Date(),
    ).map((x) => ({
      severity: 'warning',
      code: 'exception-expired',
      message: `exception expired ${x.entry.expires!.slice(0, 10)} but ${x.stillOn.join(' and ')} is still on (${x.entry.scope})`,
    }));
  }

  async start(): Promise<SessionData | undefined> {
    const folder = this.posture.currentFolder();
    if (!folder) return undefined;
    const state = await this.posture.resolveNow(folder);
    const g = state.git?.posture;
    const session: SessionData = {
      id: newEntryId(new Date()),
      folder: folder.uri.fsPath,
      startedAt: new Date().toISOString(),
      startPosture: summarisePosture(state.snapshot),
      startHead: g?.head,
      startBranch: g?.detached ? `detached ${g.head?.slice(0, 8) ?? ''}` : g?.branch,
      manual: {},
      stashes: [],
      testRuns: [],
      branchesCreated: [],
    };
    await this.save(session);
    this.log.info(`session started in ${folder.name}`);
    void this.records.refresh(folder);
    await this.loadLog(folder);
    return session;
  }

  private async save(s: SessionData | undefined): Promise<void> {
    await this.context.workspaceState.update(SESSION_KEY, s);
    this.records.follow(s && this.folder());
    void vscode.commands.executeCommand('setContext', 'codexPosture.sessionActive', !!s);
    this.changed.fire();
  }

  async update(fn: (s: SessionData) => SessionData): Promise<void> {
    const s = this.session;
    if (s) await this.save(fn(s));
  }

  async setManual(id: string, checked: boolean): Promise<void> {
    await this.update((s) => ({ ...s, manual: { ...s.manual, [id]: checked } }));
  }

  private async addTestRun(found: TestRun): Promise<void> {
    if (!this.session) return;
    // A command line or a task name can carry a secret (`API_TOKEN=… npm test`): redacted before it
    // is logged, shown in the view, or written to the record and the commit message.
    const run = { ...found, name: redactSecretsInText(found.name) };
    this.log.info(`session: ${run.name} ended with exit code ${run.exitCode}`);
    await this.update((s) => ({ ...s, testRuns: [...s.testRuns, run].slice(-50) }));
  }

  async setSandbox(v: SandboxVerification): Promise<void> {
    await this.context.workspaceState.update(SANDBOX_KEY, v);
    this.changed.fire();
  }

  async setLastAudit(at: string): Promise<void> {
    await this.context.globalState.update(LAST_AUDIT_KEY, at);
    this.changed.fire();
  }

  /** Writes the record, ends the session, and returns the record's path. */
  async finish(): Promise<string | undefined> {
    const session = this.session;
    const folder = this.folder();
    if (!session || !folder) return undefined;
    const state = await this.posture.resolveNow(folder);
    await this.loadLog(folder);
    // What Codex wrote up to now, so the record has the session's last turns.
    await this.records.refresh(folder);
    const now = new Date();
    const g = state.git?.posture;
    const md = sessionRecordMarkdown({
      session,
      finishedAt: now,
      endPosture: summarisePosture(state.snapshot),
      items: this.items(),
      entries: sessionEntries(this.entries(folder), session, now),
      sandbox: this.sandbox,
      branch: g?.detached ? 'detached' : g?.branch,
      head: g?.head,
      codexSessions: this.recordedSessions(folder, session.startedAt) ?? [],
      baseline: settings.baseline(folder),
    });
    const dir = settings.sessionRecordsFolder(folder);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, recordFileName(session));
    await fs.writeFile(file, md, { flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      await fs.writeFile(file.replace(/\.md$/, `-${session.id}.md`), md, { flag: 'wx' });
    });
    await this.save(undefined);
    this.log.info(`session finished; record written to ${file}`);
    return file;
  }

  /** Appends an entry to the folder's log and reloads it. */
  async append(folder: vscode.WorkspaceFolder, entry: Omit<LogEntry, 'v' | 'id' | 'at' | 'folder'>): Promise<LogEntry> {
    const now = new Date();
    const full: LogEntry = { v: 1, id: newEntryId(now), at: now.toISOString(), folder: folder.uri.fsPath, ...entry };
    await appendEntry(this.logFile(folder), full);
    this.log.info(`approval log: ${full.kind} "${full.scope}" appended to ${this.logFile(folder)}`);
    await this.loadLog(folder);
    return full;
  }

  async record(
    folder: vscode.WorkspaceFolder,
    a: Required<Omit<RecordArgs, 'enables' | 'codexRecord'>> & { enables?: Enablement[]; codexRecord?: string },
  ): Promise<LogEntry> {
    return this.append(folder, {
      ...(a.codexRecord ? { codexRecord: a.codexRecord } : {}),
      kind: a.kind,
      requester: a.requester,
      scope: a.scope,
      domains: a.domains,
      reason: a.reason,
      expires: expiryFrom(new Date(), a.expiryDays),
      rollback: a.rollback,
      enables: a.enables ?? inferEnablements(a.scope, a.domains),
    });
  }

  private async loadAllLogs(): Promise<void> {
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => this.loadLog(f)));
  }

  async loadLog(folder: vscode.WorkspaceFolder): Promise<void> {
    const file = this.logFile(folder);
    const key = folder.uri.toString();
    if (!this.logWatchers.has(key)) {
      // Watch from the nearest folder that exists: a watcher on a missing folder never fires, and
      // the log's folder is created by the first append (maybe by another window or the CLI).
      let base = path.dirname(file);
      while (
        !(await fs.stat(base).then(
          (st) => st.isDirectory(),
          () => false,
        )) &&
        path.dirname(base) !== base
      )
        base = path.dirname(base);
      const rel = path.relative(base, file).split(path.sep).join('/');
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(base), rel));
      const reload = () => void this.loadLog(folder);
      w.onDidChange(reload);
      w.onDidCreate(reload);
      w.onDidDelete(reload);
      this.logWatchers.set(key, w);
    }
    try {
      const parsed = await readLog(file);
      if (parsed.badLines.length)
        this.log.warn(`approval log ${file}: lines ${parsed.badLines.join(', ')} are not valid entries (ignored)`);
      const before = this.logs.get(key);
      this.logs.set(key, { file, ...parsed });
      if (!before || before.entries.length !== parsed.entries.length) {
        this.posture.refresh('approval log changed');
        this.changed.fire();
      }
    } catch (e) {
      this.log.error(`approval log ${file} could not be read: ${e}`);
    }
    this.scheduleExpiryCheck();
  }

  /** Exceptions expire without any event: re-check at the next expiry time. */
  private scheduleExpiryCheck(): void {
    this.expiry.cancel();
    const now = new Date();
    const next = nextExpiry(
      [...this.logs.values()].flatMap((l) => l.entries),
      now,
    );
    if (next === undefined) return;
    this.expiry.trigger(
      () => {
        this.posture.refresh('an exception expired');
        this.changed.fire();
        this.scheduleExpiryCheck();
      },
      Math.min(next - now.getTime() + 1000, 2 ** 31 - 1),
    );
  }

  // ---- item actions -------------------------------------------------------------------------

  async stash(): Promise<boolean> {
    const folder = this.folder();
    if (!folder || !vscode.workspace.isTrusted) return false;
    const msg = `codex-posture: before Codex session ${new Date().toISOString()}`;
    const out = await git(['stash', 'push', '--include-untracked', '-m', msg], folder.uri.fsPath);
    this.log.info(`git stash: ${out.trim()}`);
    if (/No local changes to save/.test(out)) return false;
    await this.update((s) => ({ ...s, stashes: [...s.stashes, { at: new Date().toISOString(), message: msg }] }));
    this.posture.refresh('stash');
    return true;
  }

  async createBranch(name?: string): Promise<string | undefined> {
    const folder = this.folder();
    if (!folder || !vscode.workspace.isTrusted) return undefined;
    const pattern = gitRulesFor(this.posture.state(folder)?.policy, [], settings.featureBranchPattern(folder)).featureBranchPattern;
    let branch = name;
    if (!branch) {
      const task = await vscode.window.showInputBox({
        title: 'Create a feature branch for this Codex session',
        prompt: 'What is the task? (becomes the branch name)',
        placeHolder: 'e.g. fix login redirect',
      });
      if (task === undefined) return undefined;
      branch = await vscode.window.showInputBox({
        title: 'Branch name',
        value: suggestBranchName(pattern, task, new Date()),
        validateInput: (v) => (/^[\w./-]+$/.test(v) && !v.includes('..') ? undefined : 'letters, digits, / . _ - only'),
      });
      if (!branch) return undefined;
    }
    const repo = await gitRepository(folder).catch(() => undefined);
    if (repo) await repo.createBranch(branch, true);
    else await git(['checkout', '-b', branch], folder.uri.fsPath);
    const created = branch;
    await this.update((s) => ({ ...s, branchesCreated: [...s.branchesCreated, created] }));
    this.posture.refresh('branch created');
    return branch;
  }

  dispose(): void {
    for (const d of this.logWatchers.values()) d.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
