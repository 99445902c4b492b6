// The badge warns about the repository's state before an agent session: a dirty tree and a
// protected branch, on the fixture's real git repository (which sits on `main`, clean).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { badge } from './badgeHelpers';
import { activateExtension, hoverScreenshot, statusBarItemSelector, waitFor, workspaceFolder } from './helpers';

suite('badge: git warnings', () => {
  const repo = workspaceFolder().uri.fsPath;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  const scratch = path.join(repo, 'agent-scratch.txt');

  suiteSetup(async () => {
    await activateExtension();
  });
  suiteTeardown(() => {
    fs.rmSync(scratch, { force: true });
    git('checkout', '-q', 'main');
  });

  test('a protected branch (main) is named in the label and colours the badge', async () => {
    const b = await waitFor(
      async () => {
        const v = await badge();
        // An earlier test in this window may have just removed files from the workspace: wait for
        // git's answer to settle on a clean tree too.
        return /protected branch/.test(v.label) && /\*\*Git:\*\* main · clean/.test(v.tooltip) ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'protected-branch warning on a clean tree' },
    );
    assert.match(b.label, /^Codex posture: sandbox workspace-write, .*Warnings: .*main/);
    assert.equal(b.background, 'statusBarItem.warningBackground');
    assert.match(b.tooltip, /\*\*Git:\*\* main · clean/);
  });

  test('an untracked file makes the tree dirty; removing it clears the warning', async () => {
    fs.writeFileSync(scratch, 'left behind by an agent\n');
    const dirty = await waitFor(
      async () => {
        const v = await badge();
        return /uncommitted changes: 1 untracked file/.test(v.label) ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'dirty-tree warning' },
    );
    assert.match(dirty.tooltip, /main · 1 untracked file/);
    await hoverScreenshot('badge-tooltip-git', statusBarItemSelector('codexPosture.badge'));
    fs.rmSync(scratch);
    await waitFor(async () => !/uncommitted/.test((await badge()).label), { timeoutMs: 15_000, what: 'dirty warning to clear' });
  });

  // Regression: VS Code renders theme icons after Markdown, so a branch named `codex/$(zap)-x` showed
  // as `codex/-x` in the tooltip (the escape was consumed by Markdown and the rest became an icon).
  test('a branch name holding $(name) shows as written in the real tooltip', async () => {
    git('checkout', '-q', '-b', 'codex/$(zap)-icon');
    await waitFor(async () => /codex\/\\\\\$\\\(zap\\\)\\-icon/.test((await badge()).tooltip), {
      timeoutMs: 15_000,
      what: 'the branch in the tooltip',
    });
    const shot = await hoverScreenshot('badge-tooltip-icon-branch', statusBarItemSelector('codexPosture.badge'));
    if (shot) {
      assert.ok(shot.hovered, shot.error);
      assert.match(shot.hoverText ?? '', /Git: codex\/\$\(zap\)-icon · clean/);
    }
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'codex/$(zap)-icon');
  });

  test('a feature branch clears the branch warning', async () => {
    git('checkout', '-q', '-b', 'feature/badge-test');
    const b = await waitFor(
      async () => {
        const v = await badge();
        return /feature\/badge-test · clean/.test(v.tooltip.replace(/\\/g, '')) ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'feature branch in the tooltip' },
    );
    assert.doesNotMatch(b.label, /protected branch|feature-branch pattern/);
    git('checkout', '-q', 'main');
  });
});
