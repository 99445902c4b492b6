// The "Codex Session" tree view and the session commands: start, finish, record an approval,
// the item actions (stash, feature branch, open config) and data commands for tests. Renders the
// SessionController's state; computes nothing itself.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/present/posture';
import { plainText, themeIconText } from '../../core/present/safeText';
import { PHASES, progress, type ActionId, type ItemView } from '../../core/session/checklist';
import { recordKey } from '../../core/sessions/evidence';
import { DEFAULT_EXPIRY_DAYS, describeEntry, expiryDaysProblem, isExpired, type Enablement, type LogEntry } from '../../core/session/log';
import { Debouncer } from '../../host/debounce';
import type { RecordArgs, SessionController } from './session';
import { expiryDaysFor } from '../../core/policy';
import * as settings from '../../host/settings';

export const VIEW_ID = 'codexPosture.sessionView';

const ACTION_COMMAND: Record<ActionId, string> = {
  stash: 'codexPosture.stashChanges',
  createBranch: 'codexPosture.createFeatureBranch',
  openConfig: 'codexPosture.openConfig',
  verifySandbox: 'codexPosture.verifySandbox',
  revoke: 'codexPosture.revokeEnablements',
  recordApproval: 'codexPosture.recordApproval',
  insertSummary: 'codexPosture.insertSessionSummary',
  audit: 'codexPosture.auditConfig',
};

type Node =
  | { type: 'summary' }
  | { type: 'phase'; phase: (typeof PHASES)[number] }
  | { type: 'item'; item: ItemView }
  | { type: 'log' }
  | { type: 'entry'; entry: LogEntry }
  | { type: 'sandbox' }
  | { type: 'probe'; title: string; passed: boolean; output: string };

const ICON: Record<ItemView['state'], vscode.ThemeIcon> = {
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  todo: new vscode.ThemeIcon('circle-large-outline'),
  warn: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  unknown: new vscode.ThemeIcon('question'),
};

class SessionTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  items: ItemView[] = [];

  constructor(private readonly c: SessionController) {}

  refresh(): void {
    this.items = this.c.items();
    this.emitter.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const s = this.c.session;
    if (!node) {
      if (!s) return [];
      return [{ type: 'summary' }, ...PHASES.map((phase) => ({ type: 'phase' as const, phase })), { type: 'log' }, { type: 'sandbox' }];
    }
    switch (node.type) {
      case 'phase':
        return this.items.filter((i) => i.phase === node.phase.id).map((item) => ({ type: 'item' as const, item }));
      case 'log':
        return [...this.c.entries()]
          .reverse()
          .slice(0, 50)
          .map((entry) => ({ type: 'entry' as const, entry }));
      case 'sandbox':
        return (this.c.sandbox?.probes ?? []).map((p) => ({ type: 'probe' as const, title: p.title, passed: p.passed, output: p.output }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState;
    switch (node.type) {
      case 'summary': {
        const s = this.c.session!;
        const p = progress(this.items);
        const t = new vscode.TreeItem(
          `Session since ${new Date(s.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`,
          Collapsed.None,
        );
        t.description = `${p.done}/${p.total} done${p.warnings ? ` · ${p.warnings} warning${p.warnings > 1 ? 's' : ''}` : ''}`;
        t.iconPath = new vscode.ThemeIcon('checklist');
        t.tooltip = `Folder: ${s.folder}\nStarted: ${s.startedAt}`;
        t.contextValue = 'summary';
        return t;
      }
      case 'phase': {
        const its = this.items.filter((i) => i.phase === node.phase.id);
        const t = new vscode.TreeItem(node.phase.label, node.phase.id === 'periodic' ? Collapsed.Collapsed : Collapsed.Expanded);
        t.id = `phase:${node.phase.id}`;
        t.description = `${its.filter((i) => i.state === 'done').length}/${its.length}`;
        if (its.some((i) => i.state === 'warn'))
          t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        return t;
      }
      case 'item': {
        const i = node.item;
        const t = new vscode.TreeItem(i.label, Collapsed.None);
        t.id = `item:${i.id}`;
        t.description = i.detail && i.detail !== 'checked' ? plainText(i.detail) : undefined;
        // The detail carries branch names, task names, terminal command lines and the approval log's
        // text (a workspace file): escaped, so no link or image (fetched on hover) comes from it.
        t.tooltip = new vscode.MarkdownString(
          `**${i.label}**\n\n${i.kind === 'manual' ? 'Manual: tick it when done.' : 'Checked automatically.'}${i.detail ? `\n\n${escapeMarkdown(i.detail)}` : ''}${i.action ? `\n\nClick to ${actionWords(i.action)}.` : ''}`,
        );
        (t.tooltip as vscode.MarkdownString).isTrusted = false;
        if (i.kind === 'manual')
          t.checkboxState = i.state === 'done' ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
        else t.iconPath = ICON[i.state];
        t.contextValue = `item.${i.kind}${i.action ? `.action-${i.action}` : ''}`;
        t.accessibilityInformation = {
          label: `${i.label}: ${i.state === 'done' ? 'done' : i.state === 'warn' ? 'warning' : i.state === 'todo' ? 'to do' : 'unknown'}${i.detail ? `, ${i.detail}` : ''}`,
        };
        if (i.action) t.command = { command: ACTION_COMMAND[i.action], title: actionWords(i.action) };
        return t;
      }
      case 'log': {
        const entries = this.c.entries();
        const t = new vscode.TreeItem('Approvals & exceptions', entries.length ? Collapsed.Expanded : Collapsed.None);
        t.id = 'log';
        t.description = entries.length ? `${entries.length}` : 'none · click to record';
        t.iconPath = new vscode.ThemeIcon('law');
        t.command = entries.length ? undefined : { command: 'codexPosture.recordApproval', title: 'Record' };
        t.contextValue = 'log';
        return t;
      }
      case 'entry': {
        const e = node.entry;
        const expired = isExpired(e, new Date());
        const t = new vscode.TreeItem(describeEntry(e), Collapsed.None);
        t.description =
          e.kind === 'revocation'
            ? e.at.slice(0, 16).replace('T', ' ')
            : e.expires
              ? `${expired ? 'expired' : 'until'} ${e.expires.slice(0, 10)}`
              : '';
        t.iconPath =
          e.kind === 'revocation'
            ? new vscode.ThemeIcon('debug-restart')
            : expired
              ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
              : new vscode.ThemeIcon('unlock');
        t.tooltip = [
          `${e.kind} by ${e.requester || '?'} at ${e.at}`,
          e.reason && `Reason: ${e.reason}`,
          e.rollback && `Rollback: ${e.rollback}`,
          ...(e.changes ?? []),
        ]
          .filter(Boolean)
          .join('\n');
        return t;
      }
      case 'sandbox': {
        const v = this.c.sandbox;
        const t = new vscode.TreeItem('Sandbox verification', v?.probes.length ? Collapsed.Collapsed : Collapsed.None);
        t.id = 'sandbox';
        t.description = v
          ? `${v.unavailable ? 'unavailable' : v.passed ? 'pass' : 'FAIL'} · ${v.at.slice(0, 16).replace('T', ' ')}`
          : 'not run · click to verify';
        t.iconPath = new vscode.ThemeIcon(v?.passed ? 'shield' : 'beaker');
        t.command = { command: 'codexPosture.verifySandbox', title: 'Verify' };
        t.tooltip = v?.unavailable ?? undefined;
        return t;
      }
      case 'probe': {
        const t = new vscode.TreeItem(node.title, Collapsed.None);
        t.iconPath = ICON[node.passed ? 'done' : 'warn'];
        t.description = node.output.split('\n').slice(-1)[0]?.slice(0, 80);
        t.tooltip = node.output;
        return t;
      }
    }
  }
}

function actionWords(a: ActionId): string {
  return {
    stash: 'stash the changes',
    createBranch: 'create a feature branch',
    openConfig: 'open the Codex config',
    verifySandbox: 'verify the sandbox',
    revoke: 'revoke temporary enablements',
    recordApproval: 'record an approval',
    insertSummary: 'insert the session summary into the commit message',
    audit: 'audit the Codex configuration',
  }[a];
}

async function pickConfig(c: SessionController): Promise<void> {
  const folder = c.folder();
  const state = folder && (await c.posture.resolveNow(folder));
  const s = state?.snapshot;
  const seen = new Set<string>();
  const items: (vscode.QuickPickItem & { file: string; line?: number })[] = [];
  const add = (file: string | undefined, label: string, line?: number) => {
    if (!file || seen.has(file + line)) return;
    seen.add(file + line);
    items.push({ label, description: themeIconText(`${file}${line ? `:${line}` : ''}`), file, line });
  };
  if (s?.loadError?.file) add(s.loadError.file, '$(error) The config error', s.loadError.line);
  for (const [k, v] of [
    ['network', s?.networkAccess],
    ['web search', s?.webSearch],
    ['sandbox', s?.sandbox],
    ['approval', s?.approval],
  ] as const)
    add(v?.from.file, `$(go-to-file) Where ${k} is set`, v?.from.line);
  for (const l of s?.layers ?? [])
    if (l.exists && (l.kind === 'user' || l.kind === 'project' || l.kind === 'profile')) add(l.file, `$(file) ${l.kind} layer`);
  add(path.join(c.posture.codexHome(), 'config.toml'), '$(file) user config.toml');
  const picked =
    items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Open Codex config', placeHolder: 'Which file?' });
  if (!picked) return;
  const uri = vscode.Uri.file(picked.file);
  const doc = await vscode.workspace
    .openTextDocument(uri)
    .then(undefined, () => vscode.workspace.openTextDocument(uri.with({ scheme: 'untitled' })));
  const line = Math.max(0, (picked.line ?? 1) - 1);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
}

/**
 * Approvals Codex's records hold that the log does not: offered first, so the entry starts from
 * what really happened (who approved, the command line, secrets redacted) and the user adds the
 * reason, expiry and rollback. `undefined`: the user chose to type one, or there is none.
 */
async function pickRecordedApproval(c: SessionController, folder: vscode.WorkspaceFolder): Promise<RecordArgs | undefined | null> {
  const sessions = c.recordedSessions(folder) ?? [];
  const logged = new Set(c.entries(folder).flatMap((e) => (typeof e.codexRecord === 'string' ? [e.codexRecord] : [])));
  const open = sessions.flatMap((s) =>
    s.approvals
      .filter((a) => a.decision === 'approved' && !logged.has(recordKey(s.id, a.at)))
      .map((a) => ({ a, key: recordKey(s.id, a.at) })),
  );
  if (!open.length) return undefined;
  const items: (vscode.QuickPickItem & { given?: RecordArgs })[] = open.map(({ a, key }) => ({
    label: `$(history) ${a.command ? themeIconText(a.command) : `${a.kind} outside the workspace`}`,
    description: `approved by ${a.reviewer === 'auto_review' ? 'auto review' : 'the user'} at ${a.at.slice(11, 16)} UTC`,
    given: {
      kind: 'approval',
      requester: `codex (approved by ${a.reviewer === 'auto_review' ? 'auto review' : 'the user'} in the session)`,
      scope: a.command ?? `${a.kind} outside the workspace at ${a.at}`,
      domains: [],
      codexRecord: key,
    },
  }));
  items.push({ label: '$(edit) Something else…', description: 'type the approval or exception' });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Record Approval or Exception',
    placeHolder: `${open.length} approval(s) in Codex's records are not in the log yet`,
  });
  if (!picked) return null;
  return picked.given;
}

async function askRecord(
  defaultDays: number,
  given: RecordArgs,
): Promise<(Required<Omit<RecordArgs, 'enables' | 'codexRecord'>> & { enables?: Enablement[]; codexRecord?: string }) | undefined> {
  const title = 'Record Approval or Exception';
  const ask = async (
    v: string | undefined,
    step: number,
    prompt: string,
    placeHolder: string,
    validate?: (x: string) => string | undefined,
  ) =>
    v ?? vscode.window.showInputBox({ title: `${title} (${step}/6)`, prompt, placeHolder, ignoreFocusOut: true, validateInput: validate });
  const required = (x: string) => (x.trim() ? undefined : 'required');
  const kind =
    given.kind ??
    ((
      await vscode.window.showQuickPick(
        [
          { label: 'approval', description: 'a one-off approval Codex asked for' },
          { label: 'exception', description: 'a temporary change to the baseline (network, web search, ...)' },
        ],
        { title, placeHolder: 'What are you recording?' },
      )
    )?.label as 'approval' | 'exception' | undefined);
  if (!kind) return undefined;
  const requester = await ask(given.requester, 1, 'Who asked for it?', 'e.g. codex (prompt), alice');
  if (requester === undefined) return undefined;
  const scope = await ask(given.scope, 2, 'The command or scope approved', 'e.g. npm install, network for the docs build', required);
  if (scope === undefined) return undefined;
  const domains =
    given.domains ??
    (await ask(undefined, 3, 'Domains it may reach (comma separated, empty for none)', 'registry.npmjs.org, github.com'))
      ?.split(',')
      .map((d) => d.trim())
      .filter(Boolean);
  if (domains === undefined) return undefined;
  const reason = await ask(given.reason, 4, 'Why?', 'e.g. the build needs new dependencies');
  if (reason === undefined) return undefined;
  const daysText =
    given.expiryDays === undefined
      ? await ask(undefined, 5, 'Expires after how many days?', String(defaultDays), expiryDaysProblem)
      : String(given.expiryDays);
  // Checked while typing (expiryDaysProblem): "abc" used to end the flow silently, losing every answer.
  if (daysText === undefined) return undefined;
  const days = Number(daysText.trim() || defaultDays);
  if (!Number.isFinite(days) || days <= 0) return undefined;
  const rollback = await ask(given.rollback, 6, 'How is it rolled back?', 'e.g. set network_access = false (Revoke Temporary Enablements)');
  if (rollback === undefined) return undefined;
  return { kind, requester, scope, domains, reason, expiryDays: days, rollback, enables: given.enables, codexRecord: given.codexRecord };
}

/** The checklist view, and the handlers of the commands around it (src/commands.ts binds the ids). */
export function registerSessionView(c: SessionController) {
  const tree = new SessionTree(c);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  const render = () => {
    tree.refresh();
    const p = progress(tree.items);
    view.badge = c.session && p.warnings ? { value: p.warnings, tooltip: `${p.warnings} checklist warning(s)` } : undefined;
    view.message = c.session ? undefined : undefined;
  };
  const rendering = new Debouncer(100);
  const disposables: vscode.Disposable[] = [view, rendering, c.onDidChange(() => rendering.trigger(render))];
  void vscode.commands.executeCommand('setContext', 'codexPosture.sessionActive', !!c.session);
  render();

  view.onDidChangeCheckboxState(
    (e) => {
      for (const [node, state] of e.items)
        if (node.type === 'item') void c.setManual(node.item.id, state === vscode.TreeItemCheckboxState.Checked);
    },
    undefined,
    disposables,
  );

  const reveal = async () => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  };
  const commands = {
    startChecklist: async () => {
      if (!vscode.workspace.workspaceFolders?.length) {
        void vscode.window.showInformationMessage('Open a folder to start a Codex session checklist.');
        return undefined;
      }
      if (!c.session) await c.start();
      render();
      await reveal();
      return c.items();
    },
    finishSession: async () => {
      if (!c.session) {
        void vscode.window.showInformationMessage('No Codex session is running. Start one with "Start Codex Session Checklist".');
        return undefined;
      }
      const file = await c.finish();
      if (file) {
        void vscode.window
          .showInformationMessage(`Session record written to ${file}`, 'Open')
          .then((a) => a && vscode.window.showTextDocument(vscode.Uri.file(file)));
      }
      render();
      return file;
    },
    recordApproval: async (given?: RecordArgs) => {
      const folder = c.folder();
      if (!folder) {
        void vscode.window.showInformationMessage('Open a folder to record an approval or exception: the log lives in the folder.');
        return undefined;
      }
      const fromRecords = given ? undefined : await pickRecordedApproval(c, folder);
      if (fromRecords === null) return undefined;
      const answers = await askRecord(
        expiryDaysFor(c.posture.state(folder)?.policy, settings.exceptionExpiryDays(folder) || DEFAULT_EXPIRY_DAYS),
        given ?? fromRecords ?? {},
      );
      if (!answers) return undefined;
      const entry = await c.record(folder, answers);
      if (!given) void vscode.window.showInformationMessage(`Recorded in ${c.logFile(folder)} (expires ${entry.expires?.slice(0, 10)}).`);
      return entry;
    },
    stashChanges: async () => {
      try {
        const done = await c.stash();
        void vscode.window.showInformationMessage(
          done
            ? 'Changes stashed (git stash, including untracked files). Restore them after the session with git stash pop.'
            : 'Nothing to stash.',
        );
        return done;
      } catch (e) {
        void vscode.window.showErrorMessage(`git stash failed: ${(e as Error).message}`);
        return false;
      }
    },
    createFeatureBranch: async (name?: string) => {
      try {
        const b = await c.createBranch(typeof name === 'string' ? name : undefined);
        if (b && typeof name !== 'string') void vscode.window.showInformationMessage(`Switched to the new branch ${b}.`);
        return b;
      } catch (e) {
        void vscode.window.showErrorMessage(`Could not create the branch: ${(e as Error).message}`);
        return undefined;
      }
    },
    openConfig: () => pickConfig(c),
    setChecklistItem: (id: string, checked: boolean) => c.setManual(id, checked),
    getSession: () => ({
      session: c.session,
      items: c.items(),
      entries: c.entries(),
      sandbox: c.sandbox,
      logFile: c.folder() && c.logFile(c.folder()!),
    }),
  };
  return { disposable: vscode.Disposable.from(...disposables), commands };
}
