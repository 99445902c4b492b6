// The extension activates in a real VS Code and reports the posture of the opened folder, as
// written by test/integration/fixture.ts: a user config with sandbox_mode = "workspace-write",
// [sandbox_workspace_write] network_access = true plus one writable root, and a trust entry for
// the workspace. What Codex 0.171 makes of that (checked with `codex app-server` thread/start):
// workspace-write, network on, approval on-request and web search cached (both defaults).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostureJson } from '../../src/core/config/json';
import { fixtureLayout } from './fixture';
import { EXTENSION_ID, activateExtension, screenshot, settle, workspaceFolder } from './helpers';

suite('activation in a real VS Code', () => {
  const f = fixtureLayout(path.dirname(workspaceFolder().uri.fsPath));
  const userConfig = path.join(f.codexHome, 'config.toml');
  let posture: PostureJson;

  suiteSetup(async () => {
    await activateExtension();
    const result = await vscode.commands.executeCommand<PostureJson | undefined>('codexPosture.getPosture');
    assert.ok(result, 'codexPosture.getPosture returned nothing for the opened folder');
    posture = result;
  });

  test('the extension is active and the host sees the fixture, not the real ~/.codex', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(process.env.CODEX_HOME, f.codexHome);
    assert.equal(process.env.HOME, f.home);
  });

  test('the posture follows the user config', () => {
    assert.equal(posture.loads, true);
    assert.equal(posture.sandbox, 'workspace-write');
    assert.equal(posture.networkAccess, true);
    // Legacy sandbox_mode syntax is in effect, so no permission profile is active.
    assert.equal(posture.permissionProfile, null);
    assert.equal(posture.trusted, true);
    assert.deepEqual(posture.writableRoots, [fs.realpathSync(f.sharedCache)]);
  });

  test('unset values are reported as Codex defaults', () => {
    assert.equal(posture.approval, 'on-request');
    assert.equal(posture.approvalsReviewer, 'user');
    assert.equal(posture.webSearch, 'cached');
    assert.equal(posture.provenance.approval?.layer, 'default');
    assert.equal(posture.provenance.webSearch?.layer, 'default');
  });

  test('provenance points at the lines of the user config', () => {
    assert.deepEqual(pick(posture.provenance.sandbox), { layer: 'user', file: userConfig, line: 2 });
    assert.deepEqual(pick(posture.provenance.networkAccess), { layer: 'user', file: userConfig, line: 5 });
    assert.deepEqual(pick(posture.provenance.trusted), { layer: 'user', file: userConfig, line: 9 });
  });

  test('screenshot of the workbench with the workspace open', async () => {
    const readme = vscode.Uri.joinPath(workspaceFolder().uri, 'README.md');
    await vscode.window.showTextDocument(readme, { preview: false });
    await settle();
    const png = await screenshot('activation');
    // Undefined only outside the code-server harness (e.g. @vscode/test-electron on a desktop).
    if (png) assert.ok(fs.statSync(png).size > 10_000, `${png} is suspiciously small`);
  });
});

function pick(p: { layer: string; file?: string; line?: number } | undefined): unknown {
  return p && { layer: p.layer, file: p.file, line: p.line };
}
