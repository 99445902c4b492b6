// The multiroot run (test/harness/runs.ts): a .code-workspace with a git repository and a folder
// that is not one. Proves the fixture is what the other multiroot.* tests assume.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitPostureSource } from '../../src/features/enrich/gitPosture';
import { activateExtension, fixtureInfo } from './helpers';

suite('multiroot fixture', () => {
  test('two folders from the .code-workspace file, a repository and a plain folder', async () => {
    await activateExtension();
    const f = fixtureInfo();
    assert.equal(f.run, 'multiroot');
    assert.equal(vscode.workspace.workspaceFolders?.length, 2);
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((w) => w.uri.fsPath),
      f.folders,
    );
    assert.equal(vscode.workspace.workspaceFile?.fsPath, f.paths.workspaceFile);
    assert.equal(vscode.workspace.isTrusted, true);
    assert.ok(fs.existsSync(path.join(f.paths.repo, '.git')));
    assert.ok(!fs.existsSync(path.join(f.paths.plain, '.git')));
    assert.equal(process.env.CODEX_HOME, f.codexHome);
  });

  test('git posture: repository in one folder, no repository in the other', async () => {
    const log = vscode.window.createOutputChannel('Codex Posture multiroot test', { log: true });
    const source = new GitPostureSource(log, { isTrusted: () => vscode.workspace.isTrusted });
    try {
      const [repo, plain] = vscode.workspace.workspaceFolders!.map((w) => w.uri);
      assert.equal((await source.get(repo)).kind, 'repository');
      assert.equal((await source.get(plain)).kind, 'no-repository');
    } finally {
      source.dispose();
      log.dispose();
    }
  });
});
