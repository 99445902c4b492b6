// The restricted run (test/harness/runs.ts): workspace trust on, the folder never trusted, so
// VS Code is in Restricted Mode. Proves the fixture is what the other restricted.* tests assume.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GitPostureSource } from '../../src/features/enrich/gitPosture';
import { activateExtension, fixtureInfo, screenshot } from './helpers';

suite('restricted fixture', () => {
  test('the workspace is not trusted and the extension still activates', async () => {
    assert.equal(fixtureInfo().run, 'restricted');
    assert.equal(vscode.workspace.isTrusted, false);
    await activateExtension();
    // The built-in git extension does not support untrusted workspaces: here it is not even listed.
    assert.notEqual(vscode.extensions.getExtension('vscode.git')?.isActive, true);
    await screenshot('restricted-mode');
  });

  test('git posture is unknown with a reason, and comes without running git', async () => {
    const log = vscode.window.createOutputChannel('Codex Posture restricted test', { log: true });
    const source = new GitPostureSource(log, { isTrusted: () => vscode.workspace.isTrusted });
    try {
      const g = await source.get(vscode.workspace.workspaceFolders![0].uri);
      assert.deepEqual({ kind: g.kind, source: g.source }, { kind: 'unknown', source: 'none' });
      assert.match(g.reason ?? '', /Restricted Mode/);
    } finally {
      source.dispose();
      log.dispose();
    }
  });
});
