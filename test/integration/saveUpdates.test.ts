// Editing config.toml in the editor and saving it updates the badge within the watcher's latency.
// Kept apart from badge.test.ts and after the diagnostics suite (files run in name order), which
// needs the user config never to have been opened in an editor.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureLayout, userConfigToml } from './fixture';
import { badge, relaxBranchPolicy, restoreBranchPolicy, writeConfigAndWait } from './badgeHelpers';
import { activateExtension, screenshot, settle, waitFor, workspaceFolder } from './helpers';
import * as fs from 'node:fs';


suite('badge: edit and save in the editor', () => {
  const f = fixtureLayout(path.dirname(workspaceFolder().uri.fsPath));
  const userConfig = path.join(f.codexHome, 'config.toml');
  const trust = `\n[projects.${JSON.stringify(f.workspace)}]\ntrust_level = "trusted"\n`;

  suiteSetup(async () => {
    await activateExtension();
    await relaxBranchPolicy();
  });
  suiteTeardown(async () => {
    fs.writeFileSync(userConfig, userConfigToml(f));
    await restoreBranchPolicy();
  });

  const withConfig = (toml: string, text: string) => writeConfigAndWait(userConfig, toml, text);

  test('editing and saving config.toml in the editor updates the badge', async () => {
    await withConfig(`sandbox_mode = "workspace-write"\n${trust}`, '$(shield) Workspace · Ask · net off · web cached');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(userConfig));
    const editor = await vscode.window.showTextDocument(doc);
    const started = Date.now();
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'web_search = "live"\n'));
    await doc.save();
    await waitFor(async () => (await badge()).text === '$(warning) Workspace · Ask · net off · web live', { timeoutMs: 5000, what: 'badge after save' });
    console.log(`badge updated ${Date.now() - started} ms after the edit and save`);
    await settle(300);
    await screenshot('badge-after-save');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
