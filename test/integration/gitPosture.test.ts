// GitPostureSource in a real VS Code (main run): the built-in git extension's API as code-server
// 1.139 really ships it, the CLI fallback before it is ready, and change events after a file write.
// Also proves the harness's hover screenshots on a status bar item.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitPostureSource } from '../../src/features/enrich/gitPosture';
import { readGitPostureCli } from '../../src/core/git/gitCli';
import type { GitPosture } from '../../src/core/git/types';
import { fixtureInfo, hoverScreenshot, statusBarItemSelector, waitFor } from './helpers';

suite('git posture in a real VS Code', () => {
  let log: vscode.LogOutputChannel;
  let source: GitPostureSource;
  let folder: vscode.Uri;

  suiteSetup(() => {
    log = vscode.window.createOutputChannel('Codex Posture git test', { log: true });
    source = new GitPostureSource(log, { isTrusted: () => vscode.workspace.isTrusted });
    folder = vscode.Uri.file(fixtureInfo().folders[0]);
  });
  suiteTeardown(() => {
    source.dispose();
    log.dispose();
  });

  test('the first answer comes at once, from whichever source is ready', async () => {
    const started = Date.now();
    const g = await source.get(folder);
    assert.equal(g.kind, 'repository');
    assert.equal(g.branch, 'main');
    assert.ok(Date.now() - started < 5_000);
  });

  test('the built-in git extension takes over: clean tree on main', async () => {
    const g = await waitFor(
      async () => {
        const p = await source.get(folder);
        // Earlier suites add and remove files; wait until the extension's view has caught up.
        return p.source === 'vscode-git' && p.staged + p.unstaged + p.untracked + p.conflicts === 0 ? p : undefined;
      },
      { timeoutMs: 30_000, what: 'the git extension to report the repository clean' },
    );
    assert.equal(g.root, fs.realpathSync(folder.fsPath));
    assert.equal(g.detached, false);
    assert.match(g.head ?? '', /^[0-9a-f]{40}$/);
    assert.deepEqual([g.staged, g.unstaged, g.untracked, g.conflicts], [0, 0, 0, 0]);
  });

  test('a new file fires onDidChange and is counted as untracked; the CLI agrees', async () => {
    const changed = new Promise<void>((resolve) => {
      const d = source.onDidChange((uri) => {
        if (uri.toString() === folder.toString()) {
          d.dispose();
          resolve();
        }
      });
    });
    const file = path.join(folder.fsPath, 'untracked-by-test.txt');
    fs.writeFileSync(file, 'x\n');
    try {
      await Promise.race([changed, new Promise((_, reject) => setTimeout(() => reject(new Error('no onDidChange within 15 s')), 15_000))]);
      const g = await waitFor(
        async () => {
          const p = await source.get(folder);
          return p.untracked === 1 ? p : undefined;
        },
        { timeoutMs: 15_000, what: 'untracked = 1' },
      );
      assert.equal(g.source, 'vscode-git');
      const cli: GitPosture = await readGitPostureCli(folder.fsPath);
      assert.deepEqual({ ...cli, source: 'vscode-git', root: g.root }, g);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('the harness hovers a status bar item and reports its tooltip', async () => {
    const item = vscode.window.createStatusBarItem('harnessHoverProbe', vscode.StatusBarAlignment.Left, 1000);
    item.text = '$(beaker) hover probe';
    item.tooltip = new vscode.MarkdownString('**Hover probe** tooltip from the integration test');
    item.show();
    try {
      await new Promise((r) => setTimeout(r, 500));
      const shot = await hoverScreenshot('harness-hover-probe', statusBarItemSelector('harnessHoverProbe'));
      if (!shot) return; // not under the code-server harness
      assert.equal(shot.hovered, true, shot.error);
      assert.match(shot.hoverText ?? '', /Hover probe tooltip from the integration test/);
    } finally {
      item.dispose();
    }
  });
});
