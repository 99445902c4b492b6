// Security review, as tests, in the real VS Code of the main run:
//
// 1. The codex executable comes from the machine-scoped setting or PATH only. A workspace's
//    .vscode/settings.json naming a codex is ignored (that codex never starts); the same setting in
//    user settings is used (the control: the extension does start it, and the process watcher sees
//    that start as the extension's).
// 2. No secret value reaches anything the extension writes or shows. Secrets are planted in the
//    user config and a project config (test/support/secrets.ts), a task whose name carries one runs
//    during a session, then every surface is collected: the extension's log file, the diagnostics
//    and their quick fixes, the badge (text, label, tooltip), the posture report, the posture data,
//    the audit report, the session data, the commit summary and the session record, and the
//    arguments the extension gave the codex it started. None may contain `PLANTED`.
//
// Everything is restored afterwards (configs, settings, files in the workspace) for session.test.ts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plantedProjectConfig, plantedUserConfig } from '../support/secrets';
import { badge } from './badgeHelpers';
import { writeRecordingExecutable } from './fixture';
import { activateExtension, fixtureInfo, settle, waitFor, workspaceFolder } from './helpers';
import { extensionStarts, recordedStarts, watchProcesses } from './processWatch';

watchProcesses();

/**
 * The extension's log channel as written to disk. code-server keeps the user-data dir next to the
 * private TMPDIR the harness gives it (test/harness/codeServer.ts codeServerDirs: `<state>/t` and
 * `<state>/user-data`), and VS Code writes a log channel to `<user-data>/logs/<session>/…/<name>.log`.
 */
function extensionLog(): { files: string[]; text: string } {
  const logs = path.join(path.dirname(process.env.TMPDIR ?? os.tmpdir()), 'user-data', 'logs');
  const files = fs.existsSync(logs)
    ? fs
        .readdirSync(logs, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('Codex Posture.log'))
        .map((f) => path.join(logs, f))
    : [];
  assert.ok(files.length > 0, `a "Codex Posture.log" below ${logs}`);
  return { files, text: files.map((f) => fs.readFileSync(f, 'utf8')).join('\n') };
}

suite('security: executables and secrets', () => {
  const repo = workspaceFolder().uri.fsPath;
  const userConfig = path.join(fixtureInfo().codexHome, 'config.toml');
  const projectDir = path.join(repo, '.codex');
  const settingsDir = path.join(repo, '.vscode');
  const cfg = () => vscode.workspace.getConfiguration('codexPosture');
  let configBefore: string;
  let tmp: string;
  let processLog: string;
  let workspaceCodex: string;
  let userCodex: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
    configBefore = fs.readFileSync(userConfig, 'utf8');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'security-it-'));
    processLog = path.join(tmp, 'process-log.tsv');
    workspaceCodex = path.join(tmp, 'workspace-codex');
    userCodex = path.join(tmp, 'user-codex');
    await writeRecordingExecutable(workspaceCodex, 'workspace-codex', processLog, 'exit 1');
    await writeRecordingExecutable(userCodex, 'user-codex', processLog, 'exit 1');
    await cfg().update('session.recordsFolder', path.join(tmp, 'records'), vscode.ConfigurationTarget.Global);
    await cfg().update('session.approvalLog', path.join(tmp, 'approvals.jsonl'), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if ((await vscode.commands.executeCommand<{ session?: unknown }>('codexPosture.getSession'))?.session)
      await vscode.commands.executeCommand('codexPosture.finishSession');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.writeFileSync(userConfig, configBefore);
    fs.rmSync(projectDir, { recursive: true, force: true });
    fs.rmSync(settingsDir, { recursive: true, force: true });
    for (const k of ['codexPath', 'session.recordsFolder', 'session.approvalLog'])
      await cfg().update(k, undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(tmp, { recursive: true, force: true });
    // Back to the fixture's posture (network on) before the next suite looks at it.
    await vscode.commands.executeCommand('codexPosture.refresh');
    await waitFor(async () => /net on/.test((await badge()).text), { timeoutMs: 20_000, what: 'the fixture badge again' });
  });

  test('a workspace cannot choose the codex executable; the user (machine) setting can', async function () {
    this.timeout(60_000);
    const mark = extensionStarts().length;
    fs.mkdirSync(settingsDir, { recursive: true });
    fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'codexPosture.codexPath': workspaceCodex }, null, 2));
    // VS Code reads the workspace file; whatever it makes of a machine setting there, the extension
    // must not run it. Wait until the configuration has seen the file (the workspace value, or
    // the warning-free drop VS Code applies to machine settings in a workspace).
    await settle(1500);
    await vscode.commands.executeCommand('codexPosture.refresh');
    const asked = await waitFor(
      async () => {
        const t = (await badge()).tooltip;
        return /\*\*Codex:\*\* no codex executable found/.test(t) ? t : undefined;
      },
      { timeoutMs: 20_000, what: 'the tooltip to say no codex was found (the workspace value ignored)' },
    );
    assert.ok(asked);
    console.log(`security: the tooltip says ${JSON.stringify(asked.split('\n').find((l) => /\*\*Codex:\*\*/.test(l)))}`);
    console.log(`security: codexPath as VS Code sees it with the workspace file: ${JSON.stringify(cfg().inspect('codexPath'))}`);
    await vscode.commands.executeCommand('codexPosture.verifySandbox', { show: false });
    await settle(1000);
    assert.deepEqual(recordedStarts(processLog), [], 'the codex named by the workspace settings was started');
    assert.deepEqual(
      extensionStarts()
        .slice(mark)
        .map((s) => s.file),
      [],
    );

    // The control: the same path in user settings is used, and both witnesses see it.
    await cfg().update('codexPath', userCodex, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('codexPosture.refresh');
    await waitFor(() => recordedStarts(processLog).length > 0, { timeoutMs: 20_000, what: 'the user-configured codex to be started' });
    await waitFor(async () => /\*\*Codex:\*\* codex \\\(version unknown\\\)|could not be asked/.test((await badge()).tooltip), {
      timeoutMs: 20_000,
      what: 'the tooltip to report the codex it asked',
    });
    assert.deepEqual([...new Set(recordedStarts(processLog).map((r) => r.name))], ['user-codex']);
    assert.ok(
      recordedStarts(processLog).every((r) => r.parents[0] === process.pid),
      'started by this extension host',
    );
    const ours = extensionStarts().slice(mark);
    assert.ok(ours.length > 0 && ours.every((s) => s.file === userCodex), JSON.stringify(ours.map((s) => s.file)));
    await cfg().update('codexPath', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(settingsDir, { recursive: true, force: true });
  });

  test('no planted secret in the log, diagnostics, quick fixes, badge, reports, session record or codex arguments', async function () {
    this.timeout(120_000);
    // A codex to ask (so the confirmation path, its log lines and its arguments are covered too).
    await cfg().update('codexPath', userCodex, vscode.ConfigurationTarget.Global);
    fs.writeFileSync(userConfig, plantedUserConfig(repo));
    fs.mkdirSync(projectDir, { recursive: true });
    const projectConfig = path.join(projectDir, 'config.toml');
    fs.writeFileSync(projectConfig, plantedProjectConfig());

    const surfaces: [string, string][] = [];
    const add = (what: string, value: unknown) => surfaces.push([what, typeof value === 'string' ? value : JSON.stringify(value ?? null)]);

    // Diagnostics for the two files, without and with the user config open in an editor.
    const userUri = vscode.Uri.file(userConfig);
    const projectUri = vscode.Uri.file(projectConfig);
    const secretDiagnostics = (uri: vscode.Uri) =>
      vscode.languages.getDiagnostics(uri).filter((d) => /literal (secret|token)/.test(d.message));
    await waitFor(() => secretDiagnostics(userUri).length >= 7 && secretDiagnostics(projectUri).length >= 1, {
      timeoutMs: 30_000,
      what: 'secret findings in both planted configs',
    });
    for (const uri of [userUri, projectUri]) {
      // Quick fixes are asked of an open document (the provider needs its text model).
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await settle(1000);
      const diags = vscode.languages.getDiagnostics(uri);
      add(
        `diagnostics ${path.basename(path.dirname(uri.fsPath))}`,
        diags.map((d) => ({ message: d.message, code: d.code, related: d.relatedInformation?.map((r) => r.message) })),
      );
      for (const d of diags) {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
        add(
          `quick fixes ${d.message.slice(0, 40)}`,
          (actions ?? []).map((a) => ({ title: a.title, command: a.command?.arguments })),
        );
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // The badge, the report and the data commands, once the posture includes both files.
    await vscode.commands.executeCommand('codexPosture.refresh');
    // The fixture's config has network on; the planted one does not.
    const b = await waitFor(
      async () => {
        const v = await badge();
        return /net off/.test(v.text) ? v : undefined;
      },
      { timeoutMs: 20_000, what: 'the badge for the planted configs' },
    );
    await settle(2000);
    add('badge', await badge());
    add('badge (first)', b);
    add('posture data', await vscode.commands.executeCommand('codexPosture.getPosture'));
    await vscode.commands.executeCommand('codexPosture.showPosture');
    add('posture report', vscode.window.activeTextEditor?.document.getText());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const audit = await vscode.commands.executeCommand<string>('codexPosture.auditConfig');
    assert.match(audit, /experimental_bearer_token/, 'the audit saw the planted token (and must show it redacted)');
    add('audit report', audit);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // A session: a task whose name carries a secret runs; the summary and the record are written.
    await vscode.commands.executeCommand('codexPosture.startChecklist');
    const task = new vscode.Task(
      { type: 'shell' },
      vscode.TaskScope.Workspace,
      'OPENAI_API_KEY=sk-PLANTEDtaskname0123456789 npm test',
      'security-test',
      new vscode.ProcessExecution(process.execPath, ['-e', 'process.exit(0)'], { env: { ELECTRON_RUN_AS_NODE: '1' } }),
    );
    await vscode.tasks.executeTask(task);
    await waitFor(
      async () =>
        (await vscode.commands.executeCommand<{ items: { id: string; state: string }[] }>('codexPosture.getSession')).items.find(
          (i) => i.id === 'tests-run',
        )?.state === 'done',
      { timeoutMs: 20_000, what: 'the task to count as a test run' },
    );
    add('session data', await vscode.commands.executeCommand('codexPosture.getSession'));
    add('commit summary', await vscode.commands.executeCommand('codexPosture.insertSessionSummary'));
    const git = vscode.extensions
      .getExtension<{ getAPI(v: 1): { getRepository(u: vscode.Uri): { inputBox: { value: string } } | null } }>('vscode.git')!
      .exports.getAPI(1);
    const box = git.getRepository(workspaceFolder().uri)!.inputBox;
    add('commit message box', box.value);
    box.value = '';
    const record = await vscode.commands.executeCommand<string>('codexPosture.finishSession');
    add('session record', fs.readFileSync(record, 'utf8'));
    assert.match(fs.readFileSync(record, 'utf8'), /OPENAI_API_KEY=\*\*\*\* npm test/, 'the record names the task, redacted');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // What the extension passed to the codex it started, and its log (after the last lines landed).
    add('codex arguments', recordedStarts(processLog));
    const log = await waitFor(
      () => {
        const l = extensionLog();
        return l.text.includes('session finished; record written') ? l : undefined;
      },
      { timeoutMs: 20_000, what: 'the log file to have the last lines' },
    );
    add('log', log.text);
    assert.match(log.text, /session: task "OPENAI_API_KEY=\*\*\*\* npm test" ended/, 'the log has the task, redacted');

    const leaks = surfaces
      .filter(([, text]) => /PLANTED/.test(text))
      .map(([what, text]) => `${what}: …${text.slice(Math.max(0, text.indexOf('PLANTED') - 120), text.indexOf('PLANTED') + 40)}…`);
    assert.deepEqual(leaks, []);
    assert.ok(
      surfaces.some(
        ([what, text]) =>
          what.startsWith('diagnostics') &&
          /experimental_bearer_token holds a literal secret \(\\"\*\*\*\*\\" \(\d+ characters\)\)/.test(text),
      ),
      'diagnostics name the key with a redacted value',
    );
    console.log(
      `security: ${surfaces.length} surfaces checked for planted secrets (${surfaces
        .map(([w]) => w.split(' ')[0])
        .filter((w, i, a) => a.indexOf(w) === i)
        .join(', ')})`,
    );
  });
});
