// Editing config.toml in the editor and saving it updates the badge within the watcher's latency.
// Kept apart from badge.test.ts and after the diagnostics suite (files run in name order), which
// needs the user config never to have been opened in an editor.

import * as vscode from 'vscode';
import { badge, userConfigSuite } from './badgeHelpers';
import { screenshot, settle, waitFor } from './helpers';

suite('badge: edit and save in the editor', () => {
  const { userConfig, trust, withConfig } = userConfigSuite();

  test('editing and saving config.toml in the editor updates the badge', async () => {
    await withConfig(`sandbox_mode = "workspace-write"\n${trust}`, '$(shield) Workspace · Ask · net off · web cached');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(userConfig));
    const editor = await vscode.window.showTextDocument(doc);
    const started = Date.now();
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'web_search = "live"\n'));
    await doc.save();
    await waitFor(async () => (await badge()).text === '$(warning) Workspace · Ask · net off · web live', {
      timeoutMs: 5000,
      what: 'badge after save',
    });
    console.log(`badge updated ${Date.now() - started} ms after the edit and save`);
    await settle(300);
    await screenshot('badge-after-save');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
