// Diagnostics and quick fixes on Codex config files in a real VS Code. The user config of the
// fixture (CODEX_HOME from the harness) is rewritten on disk, never opened, and must show up in the
// Problems panel; a project config is then edited in an editor and three quick fixes are applied
// through the editor's code-action API. The fixture's user config is restored afterwards, since the
// activation suite asserts the posture it describes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { activateExtension, screenshot, settle, waitFor, workspaceFolder } from './helpers';

const SOURCE = 'Codex Posture';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function applyFix(doc: vscode.TextDocument, code: string, title: RegExp): Promise<void> {
  const diag = await waitFor(() => ours(doc.uri).find((d) => codeOf(d) === code), { what: `a ${code} diagnostic`, timeoutMs: 10_000 });
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    diag.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no quick fix ${title} for ${code}; got ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  assert.ok(parseTomlWithPositions(doc.getText()).ok, `after "${action.title}" the file does not parse:\n${doc.getText()}`);
}

suite('diagnostics and quick fixes on Codex config files', () => {
  const codexHome = process.env.CODEX_HOME!;
  const userConfig = path.join(codexHome, 'config.toml');
  const projectDir = path.join(workspaceFolder().uri.fsPath, 'lint-sample', '.codex');
  const projectConfig = path.join(projectDir, 'config.toml');
  let original = '';

  suiteSetup(async () => {
    assert.ok(codexHome && fs.existsSync(userConfig), 'CODEX_HOME and its config.toml come from the harness fixture');
    original = fs.readFileSync(userConfig, 'utf8');
    await activateExtension();
  });

  suiteTeardown(async () => {
    fs.writeFileSync(userConfig, original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.dirname(projectDir), { recursive: true, force: true });
    fs.rmSync(path.join(workspaceFolder().uri.fsPath, '.codex'), { recursive: true, force: true });
  });

  test('an unopened user config gets diagnostics with codes, and they follow the file on disk', async () => {
    const uri = vscode.Uri.file(userConfig);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === userConfig), 'the user config must not be open');
    // Prepended: the fixture ends inside a [projects."..."] table, which would capture the typo.
    fs.writeFileSync(userConfig, 'sandbox_mod = "read-only"\n' + original + '\n[tools]\nweb_search = true\n');
    const diags = await waitFor(
      () => {
        const d = ours(uri);
        return d.some((x) => codeOf(x) === 'CP101') && d.some((x) => codeOf(x) === 'CP201') ? d : undefined;
      },
      { what: 'CP101 and CP201 on the unopened user config', timeoutMs: 15_000 },
    );
    const typo = diags.find((d) => codeOf(d) === 'CP101')!;
    assert.match(typo.message, /did you mean `sandbox_mode`/);
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);
    // The editor opens `#L<n>` at the line; an HTML anchor fragment (`#cp101`) opened line 1.
    assert.ok(typeof typo.code === 'object', 'the code is a link');
    const readmeLines = fs.readFileSync(typo.code.target.fsPath, 'utf8').split('\n');
    const at = /^L(\d+)$/.exec(typo.code.target.fragment);
    assert.ok(at, `the code links to a README line, not ${typo.code.target.fragment}`);
    assert.match(readmeLines[Number(at[1]) - 1], /<a id="cp101"><\/a>`CP101`/, 'the line of the CP101 row');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await settle(800);
    await screenshot('diagnostics-problems-panel');
    fs.writeFileSync(userConfig, original);
    await waitFor(() => !ours(uri).some((x) => codeOf(x) === 'CP101'), {
      what: 'the CP101 diagnostic to go after the fix on disk',
      timeoutMs: 15_000,
    });
  });

  test('a project config updates while edited, and three quick fixes leave a file that parses', async () => {
    fs.mkdirSync(projectDir, { recursive: true });
    fs.writeFileSync(
      projectConfig,
      '# team settings\napproval_policy = "on-failure" # old word\n\n[sandbox_workspace_write]\nnetwork_access = true\n',
    );
    const doc = await vscode.workspace.openTextDocument(projectConfig);
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor(() => ours(doc.uri).some((d) => codeOf(d) === 'CP301'), { what: 'CP301 on the project config', timeoutMs: 15_000 });

    // Typing adds a finding (debounced per document).
    await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), 'web_search = "live"\n'));
    await waitFor(() => ours(doc.uri).some((d) => codeOf(d) === 'CP103'), {
      what: 'CP103 for the key typed below [sandbox_workspace_write]',
      timeoutMs: 10_000,
    });
    await screenshot('diagnostics-project-editing');

    await applyFix(doc, 'CP301', /on-request/);
    await waitFor(() => !ours(doc.uri).some((d) => codeOf(d) === 'CP301'), { what: 'CP301 to go' });
    // A word Codex takes at the top level, so the fix moves it (a `true` there would be refused, and
    // the fix would remove it instead).
    await applyFix(doc, 'CP103', /Move web_search/);
    await waitFor(() => !ours(doc.uri).some((d) => codeOf(d) === 'CP103'), { what: 'CP103 to go' });
    await applyFix(doc, 'CP403', /network off/);
    await waitFor(() => !ours(doc.uri).some((d) => codeOf(d) === 'CP403'), { what: 'CP403 to go' });
    const text = doc.getText();
    assert.match(text, /^# team settings\napproval_policy = "on-request" # old word\n/);
    assert.match(text, /network_access = false/);
    assert.ok(text.indexOf('web_search = "live"') < text.indexOf('[sandbox_workspace_write]'));
    // Each fix is one undo step.
    await vscode.commands.executeCommand('undo');
    assert.match(doc.getText(), /network_access = true/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('moving [profiles.x] offers to open x.config.toml when that file already exists, never an edit that fails', async () => {
    const profile = path.join(codexHome, 'qa.config.toml');
    fs.writeFileSync(profile, '# mine\nmodel = "o3"\n');
    fs.writeFileSync(userConfig, '[profiles.qa]\nmodel = "o4"\n\n' + original);
    try {
      const doc = await vscode.workspace.openTextDocument(userConfig);
      const diag = await waitFor(() => ours(doc.uri).find((d) => codeOf(d) === 'CP203'), {
        what: 'CP203 on [profiles.qa]',
        timeoutMs: 15_000,
      });
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      assert.ok(
        !actions.some((a) => /^Move \[profiles\.qa\]/.test(a.title)),
        `no move over an existing file; got ${actions.map((a) => a.title).join(' | ')}`,
      );
      const open = actions.find((a) => /qa\.config\.toml already exists/.test(a.title));
      assert.ok(open?.command && !open.edit, `an action that opens the existing profile; got ${JSON.stringify(open)}`);
      await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
      await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === profile, { what: 'qa.config.toml in the active editor' });
      assert.equal(fs.readFileSync(profile, 'utf8'), '# mine\nmodel = "o3"\n', 'the existing profile is untouched');
      fs.rmSync(profile);
      const again = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      assert.ok(
        again.some((a) => /^Move \[profiles\.qa\] to qa\.config\.toml/.test(a.title) && a.edit),
        'the move once the file is gone',
      );
    } finally {
      fs.rmSync(profile, { force: true });
      fs.writeFileSync(userConfig, original);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('a config file too large to lint says so in the Problems panel, and is linted again once smaller', async function () {
    this.timeout(60_000);
    fs.mkdirSync(projectDir, { recursive: true });
    const uri = vscode.Uri.file(projectConfig);
    fs.writeFileSync(projectConfig, 'sandbox_mode = "full"\n');
    await waitFor(() => ours(uri).some((d) => codeOf(d) === 'CP002'), { what: 'CP002 on the small project config', timeoutMs: 30_000 });
    // Regression: above 2 MB the file kept its old findings (or none) with only a line in the log.
    fs.writeFileSync(projectConfig, '[sandbox_workspace_write]\nnetwork_access = true\n' + '# pad\n'.repeat(450_000));
    const big = await waitFor(
      () => {
        const d = ours(uri);
        return d.length === 1 && /2 MB/.test(d[0].message) ? d[0] : undefined;
      },
      { what: 'one note that the file is too large to lint', timeoutMs: 30_000 },
    );
    assert.equal(big.severity, vscode.DiagnosticSeverity.Information);
    assert.match(big.message, /^This file is 2\.\d MB; Codex Posture lints config files up to 2 MB/);
    fs.writeFileSync(projectConfig, 'sandbox_mode = "full"\n');
    await waitFor(() => ours(uri).some((d) => codeOf(d) === 'CP002') && !ours(uri).some((d) => /2 MB/.test(d.message)), {
      what: 'the real findings back',
      timeoutMs: 30_000,
    });
    fs.rmSync(projectConfig);
  });

  test('deleting a config file clears its diagnostics', async function () {
    this.timeout(90_000);
    // The folder exists and is watched since the previous test. The previous test's document for
    // this file may linger in the host; findings then still follow the disk, and a delete the
    // watcher misses is caught by the file poller.
    fs.mkdirSync(projectDir, { recursive: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.writeFileSync(projectConfig, 'sandbox_mode = "full"\n');
    const uri = vscode.Uri.file(projectConfig);
    await waitFor(() => ours(uri).some((d) => codeOf(d) === 'CP002' && d.severity === vscode.DiagnosticSeverity.Error), {
      what: 'CP002 error on the project config',
      timeoutMs: 30_000,
    });
    // File watchers coalesce a create and a delete that land in the same batch; a person never
    // deletes a file within milliseconds of creating it.
    await settle(500);
    fs.rmSync(projectConfig);
    await waitFor(() => ours(uri).length === 0, { what: 'diagnostics cleared after delete (watcher or poller)', timeoutMs: 30_000 });
  });

  suite('notes from the layered posture', () => {
    const workspace = workspaceFolder().uri.fsPath;
    const rootProject = path.join(workspace, '.codex', 'config.toml');
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const userUri = vscode.Uri.file(userConfig);
    const projectUri = vscode.Uri.file(rootProject);
    let hadSettings = false;
    const noteOn = (uri: vscode.Uri, code: string, key: RegExp) => ours(uri).find((d) => codeOf(d) === code && key.test(d.message));

    suiteSetup(() => {
      hadSettings = fs.existsSync(settingsFile);
    });
    suiteTeardown(async () => {
      await vscode.workspace.getConfiguration('codexPosture').update('launchArgs', undefined, vscode.ConfigurationTarget.Workspace);
      if (!hadSettings) fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
      fs.rmSync(path.dirname(rootProject), { recursive: true, force: true });
      fs.writeFileSync(userConfig, original);
      // The next suites read the fixture's posture again: wait until the project layer is gone.
      await waitFor(() => !noteOn(userUri, 'CP207', /`sandbox_mode`/), {
        what: 'the override note to go with the project config',
        timeoutMs: 30_000,
      });
    });

    test('a key a trusted project overrides says so, with the project line as related information', async () => {
      // The fixture's user config sets sandbox_mode = "workspace-write" and trusts the workspace.
      fs.writeFileSync(userConfig, original);
      fs.mkdirSync(path.dirname(rootProject), { recursive: true });
      fs.writeFileSync(rootProject, '# team settings\nsandbox_mode = "read-only"\n');
      const note = await waitFor(() => noteOn(userUri, 'CP207', /`sandbox_mode`/), {
        what: 'CP207 on the user sandbox_mode',
        timeoutMs: 30_000,
      });
      assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
      assert.ok(
        typeof note.code === 'object' && /^L\d+$/.test(note.code.target.fragment),
        `the code links to the README line of CP207, not ${typeof note.code === 'object' ? note.code.target.fragment : note.code}`,
      );
      assert.equal(
        note.range.start.line,
        original.split('\n').findIndex((l) => l.startsWith('sandbox_mode')),
      );
      assert.match(note.message, /the sandbox is read-only/);
      const related = note.relatedInformation?.[0];
      assert.equal(related?.location.uri.fsPath, rootProject);
      assert.equal(related?.location.range.start.line, 1);
      assert.equal(ours(projectUri).filter((d) => codeOf(d) === 'CP206').length, 0, 'a trusted project is no ignored project');
    });

    test('an untrusted project config gets CP206 pointing at the trust entry, and it clears when trust changes', async () => {
      const untrusted = original.replace('trust_level = "trusted"', 'trust_level = "untrusted"');
      assert.notEqual(untrusted, original, 'the fixture trusts the workspace');
      fs.writeFileSync(userConfig, untrusted);
      const note = await waitFor(() => noteOn(projectUri, 'CP206', /ignores this whole file/), {
        what: 'CP206 on the untrusted project config',
        timeoutMs: 30_000,
      });
      assert.equal(note.range.start.line, 1, 'on the first key, below the comment');
      assert.match(note.message, /is marked untrusted/);
      const related = note.relatedInformation?.[0];
      assert.equal(related?.location.uri.fsPath, userConfig);
      assert.equal(
        related?.location.range.start.line,
        untrusted.split('\n').findIndex((l) => l.includes('trust_level')),
      );
      // The project is ignored, so nothing overrides the user's sandbox_mode any more.
      await waitFor(() => !noteOn(userUri, 'CP207', /`sandbox_mode`/), { what: 'CP207 to go while the project is untrusted' });
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await settle(800);
      await screenshot('diagnostics-untrusted-project');

      fs.writeFileSync(userConfig, original);
      await waitFor(() => !noteOn(projectUri, 'CP206', /./), { what: 'CP206 to clear once the project is trusted', timeoutMs: 30_000 });
      await waitFor(() => noteOn(userUri, 'CP207', /`sandbox_mode`/), { what: 'CP207 back once the project applies', timeoutMs: 30_000 });
    });

    test('launch arguments in the workspace settings override both files, related to the settings line', async () => {
      await vscode.workspace
        .getConfiguration('codexPosture')
        .update('launchArgs', ['-s', 'danger-full-access'], vscode.ConfigurationTarget.Workspace);
      const note = await waitFor(() => noteOn(projectUri, 'CP207', /-s danger-full-access/), {
        what: 'CP207 on the project sandbox_mode from the launch arguments',
        timeoutMs: 30_000,
      });
      assert.equal(note.range.start.line, 1);
      const related = note.relatedInformation?.[0];
      assert.equal(related?.location.uri.fsPath, settingsFile);
      const settingsText = fs.readFileSync(settingsFile, 'utf8');
      assert.equal(
        related?.location.range.start.line,
        settingsText.split('\n').findIndex((l) => l.includes('"codexPosture.launchArgs"')),
      );
      await waitFor(() => noteOn(userUri, 'CP207', /`sandbox_mode`.*-s danger-full-access/), {
        what: 'the user note to name the launch arguments too',
      });
      await vscode.workspace.getConfiguration('codexPosture').update('launchArgs', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => !noteOn(projectUri, 'CP207', /./), {
        what: 'the project note to go with the launch arguments',
        timeoutMs: 30_000,
      });
    });
  });
});
