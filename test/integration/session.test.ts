// The session playbook in a real VS Code (main run): the checklist follows the fixture's real git
// repository and config as the test changes them, item actions run, the approval log survives
// concurrent writers, revoke edits the user config, `codex sandbox` from the dev dependency runs
// for real, the commit message box gets the summary, and Finish Session writes the record.
// Everything the suite changes (branch, commits, stash, config, settings) is restored in teardown;
// records and the log go to a temp folder through global settings.

import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { activateExtension, fixtureInfo, screenshot, settle, waitFor, workspaceFolder } from './helpers';

interface ItemView {
  id: string;
  state: string;
  detail: string;
}
interface SessionData {
  session?: { startedAt: string; manual: Record<string, boolean> };
  items: ItemView[];
  entries: { kind: string; scope: string; changes?: string[] }[];
  logFile?: string;
}
interface BadgeView {
  label: string;
}
const getSession = () => vscode.commands.executeCommand<SessionData>('codexPosture.getSession');
const itemState = async (id: string) => (await getSession()).items.find((i) => i.id === id)!;
const waitItem = (id: string, state: string, what = `${id} to be ${state}`) =>
  waitFor(async () => ((await itemState(id)).state === state ? itemState(id) : undefined), { timeoutMs: 20_000, what });

suite('session playbook', () => {
  const repo = workspaceFolder().uri.fsPath;
  const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Session Test', '-c', 'user.email=session@test.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: repo,
      env: gitEnv,
      encoding: 'utf8',
    });
  const userConfig = path.join(fixtureInfo().codexHome, 'config.toml');
  let configBefore: string;
  let tmp: string;
  let headBefore: string;
  const cfg = () => vscode.workspace.getConfiguration('codexPosture');

  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
    configBefore = fs.readFileSync(userConfig, 'utf8');
    headBefore = git('rev-parse', 'HEAD').trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'session-it-'));
    await cfg().update('session.recordsFolder', path.join(tmp, 'records'), vscode.ConfigurationTarget.Global);
    await cfg().update('session.approvalLog', path.join(tmp, 'log', 'approvals.jsonl'), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if ((await getSession()).session) await vscode.commands.executeCommand('codexPosture.finishSession');
    fs.writeFileSync(userConfig, configBefore);
    for (const d of vscode.workspace.textDocuments) if (d.uri.fsPath === userConfig && d.isDirty) await d.save();
    fs.writeFileSync(userConfig, configBefore);
    try {
      git('checkout', '-q', 'main');
      git('reset', '-q', '--hard', headBefore);
      git('branch', '-D', 'codex/session-test');
    } catch {
      // the branch may not exist when an earlier test failed
    }
    try {
      if (git('stash', 'list').trim()) git('stash', 'clear');
    } catch {
      // no stash
    }
    await cfg().update('session.recordsFolder', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('session.approvalLog', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('Start Codex Session Checklist starts a session and reveals the view', async () => {
    const items = await vscode.commands.executeCommand<ItemView[]>('codexPosture.startChecklist');
    assert.ok(items && items.length >= 15);
    const s = await getSession();
    assert.ok(s.session?.startedAt);
    // The fixture sits on main (protected) with network_access = true in the user config.
    await waitItem('feature-branch', 'todo');
    await waitItem('network-off', 'warn');
    await waitItem('config-loads', 'done');
  });

  test('a dirty tree unchecks "clean"; the stash action checks it again', async () => {
    await waitItem('clean-tree', 'done');
    fs.writeFileSync(path.join(repo, 'agent-notes.txt'), 'left by the agent\n');
    await waitItem('clean-tree', 'todo', 'the dirty tree to show');
    assert.equal(await vscode.commands.executeCommand('codexPosture.stashChanges'), true);
    await waitItem('clean-tree', 'done', 'the tree to be clean after the stash');
    assert.ok(!fs.existsSync(path.join(repo, 'agent-notes.txt')));
    git('stash', 'drop', '-q');
  });

  test('creating the feature branch (named from the pattern) checks the branch item', async () => {
    const b = await vscode.commands.executeCommand<string>('codexPosture.createFeatureBranch', 'codex/session-test');
    assert.equal(b, 'codex/session-test');
    assert.equal(git('branch', '--show-current').trim(), 'codex/session-test');
    await waitItem('feature-branch', 'done');
  });

  test('an expired exception whose network is still on warns in the badge and the checklist', async () => {
    const log = (await getSession()).logFile!;
    const past = new Date(Date.now() - 86_400_000).toISOString();
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.appendFileSync(
      log,
      JSON.stringify({
        v: 1,
        id: 'expired-1',
        kind: 'exception',
        at: past,
        requester: 'alice',
        scope: 'network for npm install',
        domains: ['registry.npmjs.org'],
        reason: 'deps',
        expires: past,
        rollback: 'revoke',
        enables: ['network'],
      }) + '\n',
    );
    await waitItem('no-expired', 'warn');
    await waitFor(async () => /exception expired/.test((await vscode.commands.executeCommand<BadgeView>('codexPosture.getBadge')).label), {
      timeoutMs: 20_000,
      what: 'the badge to warn about the expired exception',
    });
  });

  test('the approval log survives two writers at once', async function () {
    this.timeout(60_000);
    const log = (await getSession()).logFile!;
    const before = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    const other = `const fs=require('fs');(async()=>{for(let i=0;i<100;i++){const h=await fs.promises.open(${JSON.stringify(log)},'a');await h.write(JSON.stringify({v:1,id:'cli-'+i,kind:'approval',at:new Date().toISOString(),requester:'cli',scope:'x'.repeat(500),domains:[],reason:'',rollback:'',enables:[]})+'\\n');await h.close()}})()`;
    const child = promisify(execFile)(process.execPath, ['-e', other], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const ours = Array.from({ length: 30 }, (_, i) =>
      vscode.commands.executeCommand('codexPosture.recordApproval', {
        kind: 'approval',
        requester: 'codex',
        scope: `npm test run ${i}`,
        domains: [],
        reason: 'tests',
        expiryDays: 7,
        rollback: 'none',
      }),
    );
    await Promise.all([child, ...ours]);
    const lines = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, before + 130);
    for (const l of lines) JSON.parse(l);
    await waitFor(async () => (await getSession()).entries.length === before + 130, { what: 'the view to load every entry' });
  });

  test('Revoke Temporary Enablements turns network off in the user config; the file still parses', async () => {
    const r = await vscode.commands.executeCommand<{ applied: boolean; changes: string[] }>('codexPosture.revokeEnablements', {
      preview: false,
    });
    assert.equal(r.applied, true);
    assert.match(r.changes.join('\n'), /network_access = true → false/);
    const text = fs.readFileSync(userConfig, 'utf8');
    assert.ok(parseTomlWithPositions(text).ok);
    assert.match(text, /^network_access = false$/m);
    assert.match(text, /^# Written by test\/integration\/fixture\.ts/);
    const posture = await vscode.commands.executeCommand<{ networkAccess: boolean }>('codexPosture.getPosture');
    assert.equal(posture.networkAccess, false);
    await waitItem('network-off', 'done');
    await waitItem('no-expired', 'done');
    assert.ok((await getSession()).entries.some((e) => e.kind === 'revocation'));
  });

  test('editing the config turns the network item back to a warning, live', async () => {
    const text = fs.readFileSync(userConfig, 'utf8');
    fs.writeFileSync(userConfig, text.replace('sandbox_mode = "workspace-write"', 'sandbox_mode = "workspace-write"\nweb_search = "live"'));
    await waitItem('network-off', 'warn', 'live web search to show');
    fs.writeFileSync(userConfig, text);
    await waitItem('network-off', 'done', 'the item to clear again');
  });

  test('Verify Codex Sandbox runs the real codex sandbox and every probe passes', async function () {
    this.timeout(90_000);
    const codex = path.resolve(__dirname, '../../../node_modules/.bin');
    const oldPath = process.env.PATH;
    process.env.PATH = `${codex}${path.delimiter}${oldPath ?? ''}`;
    try {
      const v = await vscode.commands.executeCommand<{
        passed: boolean;
        unavailable?: string;
        probes: { id: string; passed: boolean; output: string; durationMs: number }[];
      }>('codexPosture.verifySandbox', { show: false });
      assert.equal(v.unavailable, undefined);
      assert.deepEqual(
        v.probes.map((p) => [p.id, p.passed]),
        [
          ['write-outside', true],
          ['write-inside', true],
          ['network', true],
        ],
        JSON.stringify(v.probes, null, 1),
      );
      assert.match(v.probes[0].output, /Read-only file system/);
      console.log(`sandbox probes: ${v.probes.map((p) => `${p.id} ${p.durationMs} ms`).join(', ')}`);
    } finally {
      process.env.PATH = oldPath;
    }
    await waitItem('sandbox-verified', 'done');
    await waitItem('blocked-network', 'done');
    assert.equal(git('status', '--porcelain').trim(), '', 'the probes leave no file behind');
  });

  test('tests that pass and a commit check the After items; the summary fills the commit box', async function () {
    this.timeout(60_000);
    const task = new vscode.Task(
      { type: 'shell' },
      vscode.TaskScope.Workspace,
      'unit tests',
      'session-test',
      new vscode.ProcessExecution(process.execPath, ['-e', 'process.exit(0)'], { env: { ELECTRON_RUN_AS_NODE: '1' } }),
    );
    await vscode.tasks.executeTask(task);
    await waitItem('tests-run', 'done');
    await vscode.commands.executeCommand('codexPosture.setChecklistItem', 'reviewed-diff', true);
    await waitItem('reviewed-diff', 'done');
    fs.writeFileSync(
      path.join(repo, 'README.md'),
      fs.readFileSync(path.join(repo, 'README.md'), 'utf8') + '\nchanged by the session test\n',
    );
    git('commit', '-qam', 'session test change');
    await waitItem('committed', 'done');
    const value = await vscode.commands.executeCommand<string>('codexPosture.insertSessionSummary');
    assert.match(value, /Codex session:\n- Posture: sandbox workspace-write, approval on-request, network off, web search cached/);
    assert.match(value, /- Tests: task "unit tests" \(exit 0\)/);
    const api = vscode.extensions
      .getExtension<{ getAPI(v: 1): { getRepository(u: vscode.Uri): { inputBox: { value: string } } | null } }>('vscode.git')!
      .exports.getAPI(1);
    assert.equal(api.getRepository(workspaceFolder().uri)!.inputBox.value, value);
    api.getRepository(workspaceFolder().uri)!.inputBox.value = '';
  });

  test('screenshot of the checklist view', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('codexPosture.sessionView.focus');
    await settle(1000);
    await screenshot('session-checklist');
  });

  test('Audit Codex Configuration opens a report with layers, posture and provenance', async () => {
    const md = await vscode.commands.executeCommand<string>('codexPosture.auditConfig');
    assert.match(md, /## Layers/);
    assert.match(md, /\| network access \| false \| user .*config\.toml:\d+/);
    assert.match(md, /Exception: network for npm install .*: expired/);
    // Opened as a read-only Markdown report named after the folder: nothing to save when closed.
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, 'codex-posture-report');
    assert.match(doc?.uri.path ?? '', /^\/Codex audit - .+\.md$/);
    assert.equal(doc?.languageId, 'markdown');
    assert.equal(doc?.isDirty, false);
    assert.equal(doc?.getText(), md);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Finish Session writes the record into the configured folder', async () => {
    const file = await vscode.commands.executeCommand<string>('codexPosture.finishSession');
    assert.ok(file.startsWith(path.join(tmp, 'records')));
    const md = fs.readFileSync(file, 'utf8');
    assert.match(md, /^# Codex session /);
    assert.match(md, /Branch: main → codex\/session-test/);
    assert.match(md, /Posture at start: sandbox workspace-write, approval on-request, network on, web search cached/);
    assert.match(md, /Posture at end: sandbox workspace-write, approval on-request, network off, web search cached/);
    assert.match(md, /- \[x\] Reviewed every proposed diff \(manual\)/);
    assert.match(md, /- \[x\] On a feature branch — codex\/session-test/);
    assert.match(md, /Revoked: Revoke Temporary Enablements/);
    assert.match(md, /## Sandbox verification\n\nVerified .*: \*\*pass\*\*/);
    assert.equal((await getSession()).session, undefined);
    // Shown for whoever reads the CI log; the two-writers test left 130 log entries, so keep it short.
    const lines = md.split('\n').map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l));
    const shown = lines.length > 70 ? [...lines.slice(0, 35), `… ${lines.length - 65} lines …`, ...lines.slice(-30)] : lines;
    console.log(`session record (${lines.length} lines):\n${shown.join('\n')}`);
  });

  test("a repository's own settings cannot point the approval log or the records outside its folder", async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const settingsDir = path.join(folder.uri.fsPath, '.vscode');
    const hadSettings = fs.existsSync(settingsDir);
    const wcfg = () => vscode.workspace.getConfiguration('codexPosture', folder.uri);
    try {
      await wcfg().update('session.approvalLog', path.join(tmp, 'elsewhere.jsonl'), vscode.ConfigurationTarget.WorkspaceFolder);
      await waitFor(async () => (await getSession()).logFile === path.join(tmp, 'log', 'approvals.jsonl'), {
        what: 'the outside workspace value to be ignored (the user value stays)',
      });
      await wcfg().update('session.approvalLog', 'audit/approvals.jsonl', vscode.ConfigurationTarget.WorkspaceFolder);
      await waitFor(async () => (await getSession()).logFile === path.join(folder.uri.fsPath, 'audit', 'approvals.jsonl'), {
        what: 'an inside workspace value to apply',
      });
    } finally {
      await wcfg().update('session.approvalLog', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      if (!hadSettings) fs.rmSync(settingsDir, { recursive: true, force: true });
    }
  });

  test('screenshot of the walkthrough', async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'catlab-kit.codex-posture#codexPosture.gettingStarted', false);
    await settle(2000);
    await screenshot('walkthrough');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
