// The cloned-repository case in a real VS Code: the user config says only
// `sandbox_mode = "workspace-write"` and has no trust entry for the workspace, whose
// `.codex/config.toml` defines an MCP server. A Codex session started there would trust the project
// by itself and start that server outside the sandbox (measured, docs/codex-findings.md §8). The
// badge turns to the error colour and says so, the tooltip names the command with its file:line,
// the Problems panel has an error on the line, and its quick action marks the project untrusted in
// the user config (one edit, previewed). The extension itself must never start the server: the
// server's command would write a marker file, which must not exist at the end.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { badge, userConfigSuite } from './badgeHelpers';
import { hoverScreenshot, statusBarItemSelector, waitFor } from './helpers';

suite('a repository that starts programs outside the sandbox', () => {
  const { f, userConfig, withConfig } = userConfigSuite();
  const projectDir = path.join(f.workspace, '.codex');
  const projectConfig = path.join(projectDir, 'config.toml');
  let tmp: string;
  let marker: string;

  suiteSetup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-programs-it-'));
    marker = path.join(tmp, 'mcp-server-started');
    fs.mkdirSync(projectDir, { recursive: true });
    fs.writeFileSync(
      projectConfig,
      `# tools for the agent\n[mcp_servers.helper]\ncommand = "sh"\nargs = ["-c", "echo started > ${marker}"]\n`,
    );
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(projectDir, { recursive: true, force: true });
    // Nothing the extension did may have started the repository's server.
    assert.equal(fs.existsSync(marker), false, 'the extension started the repository MCP server');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('badge, tooltip, diagnostic and the quick action that marks the project untrusted', async function () {
    this.timeout(90_000);
    const b = await withConfig('sandbox_mode = "workspace-write"\n', '$(error) Workspace · Ask · net off · web cached · 1 outside');
    assert.equal(b.severity, 'error');
    assert.equal(b.background, 'statusBarItem.errorBackground');
    assert.match(
      b.label,
      /, 1 MCP server outside the sandbox\. Warnings: .*this repository starts 1 program outside the sandbox when a Codex session starts/,
    );
    assert.match(b.tooltip, /\*\*Runs outside the sandbox\*\*/);
    assert.match(
      b.tooltip,
      /\*\*this repository\*\* · MCP server `helper`: `sh -c .*mcp-server-started.*` · project \[.*config\\\.toml:3\]/,
    );

    const uri = vscode.Uri.file(projectConfig);
    const diag = await waitFor(
      () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => d.severity === vscode.DiagnosticSeverity.Error && String((d.code as { value: string }).value) === 'CP412'),
      {
        timeoutMs: 15_000,
        what: 'the CP412 error on the project config',
      },
    );
    assert.equal(diag.range.start.line, 2);
    assert.match(
      diag.message,
      /^This repository starts `sh -c .*` \(MCP server helper\) outside the sandbox when a Codex session starts: a Codex session that can write trusts .* by itself \(auto-trust\)\.$/,
    );

    await vscode.window.showTextDocument(uri);
    const shot = await hoverScreenshot('repository-programs-badge', statusBarItemSelector('codexPosture.badge'));
    if (shot) assert.ok(shot.hovered, shot.error);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const untrust = actions.find((a) => /untrusted/.test(a.title));
    assert.ok(untrust?.edit, `an untrust action among ${actions.map((a) => a.title).join(' | ')}`);
    const entries = untrust.edit.entries();
    assert.equal(entries.length, 1, 'one file changes');
    assert.equal(entries[0][0].fsPath, userConfig);
    assert.equal(entries[0][1].length, 1, 'one edit');
    assert.match(
      entries[0][1][0].newText,
      new RegExp(`\\[projects\\.${JSON.stringify(f.workspace).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]\\ntrust_level = "untrusted"`),
    );
    // Its metadata (needsConfirmation: the refactor preview) is not readable through entries().

    // What accepting the preview does (the preview itself needs a click no test can give).
    const apply = new vscode.WorkspaceEdit();
    apply.replace(entries[0][0], entries[0][1][0].range, entries[0][1][0].newText);
    assert.ok(await vscode.workspace.applyEdit(apply));
    await vscode.workspace.saveAll(false);
    const after = await waitFor(
      async () => {
        const v = await badge();
        return /Ask unless trusted/.test(v.text) ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'the badge after marking the project untrusted' },
    );
    assert.doesNotMatch(after.label, /this repository starts/);
    assert.match(fs.readFileSync(userConfig, 'utf8'), /trust_level = "untrusted"/);
  });
});
