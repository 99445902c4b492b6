// The repository's team policy on the badge in a real VS Code: with a `.codex-posture.toml` that
// allows only read-only and workspace-write, a user config with danger-full-access turns the badge
// to the error background and its label names the policy and the rule; a value that is only a
// warning without a policy (live web search) is an error when the policy forbids it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { badge, userConfigSuite } from './badgeHelpers';
import { screenshot, waitFor, workspaceFolder } from './helpers';

suite('team policy on the badge', () => {
  const { trust, withConfig, userConfig } = userConfigSuite();
  const policyFile = path.join(workspaceFolder().uri.fsPath, '.codex-posture.toml');

  suiteSetup(() => {
    fs.writeFileSync(
      policyFile,
      'allowed_sandbox_modes = ["read-only", "workspace-write"]\nallowed_web_search_modes = ["disabled", "cached"]\n',
    );
  });
  suiteTeardown(() => fs.rmSync(policyFile, { force: true }));

  test('a danger-full-access user config violates the policy: error background, label names the policy and the rule', async () => {
    await withConfig(`sandbox_mode = "danger-full-access"\n${trust}`, '$(error) Full Access · Ask · net on · web live');
    // The policy is read on the same refresh; wait for its finding rather than the text alone.
    const b = await waitFor(
      async () => {
        const v = await badge();
        return /policy \.codex-posture\.toml allowed_sandbox_modes/.test(v.label) ? v : undefined;
      },
      { timeoutMs: 8000, what: `policy finding in the label (last: ${(await badge()).label})` },
    );
    assert.equal(b.severity, 'error');
    assert.equal(b.background, 'statusBarItem.errorBackground');
    assert.match(b.label, /does not allow sandbox danger-full-access; it comes from user .*config\.toml:1/);
    assert.match(b.tooltip, /\*\*Policy:\*\* the repository policy/);
    await screenshot('badge-policy-violation');
    // The config line that sets the value gets CP900, linked to the rule in the policy.
    const cp900 = await waitFor(
      async () =>
        vscode.languages.getDiagnostics(vscode.Uri.file(userConfig)).find((d) => typeof d.code === 'object' && d.code.value === 'CP900'),
      {
        timeoutMs: 15_000,
        what: 'CP900 on the user config',
      },
    );
    assert.equal(cp900.range.start.line, 0);
    assert.equal(cp900.relatedInformation?.[0].location.uri.fsPath, policyFile);
  });

  test('live web search is an error where the policy forbids it', async () => {
    const b = await withConfig(
      `sandbox_mode = "workspace-write"\nweb_search = "live"\n${trust}`,
      '$(error) Workspace · Ask · net off · web live',
    );
    assert.equal(b.background, 'statusBarItem.errorBackground');
    assert.match(b.label, /allowed_web_search_modes .* live/);
  });

  test('Export Policy as requirements.toml writes what Codex enforces', async () => {
    const target = path.join(path.dirname(workspaceFolder().uri.fsPath), 'exported-requirements.toml');
    try {
      const written = await vscode.commands.executeCommand<string>('codexPosture.exportRequirements', { target, confirm: true });
      assert.equal(written, target);
      const text = fs.readFileSync(target, 'utf8');
      assert.match(text, /^allowed_sandbox_modes = \["read-only", "workspace-write"\]$/m);
      assert.match(text, /^allowed_web_search_modes = \["disabled", "cached"\]$/m);
    } finally {
      fs.rmSync(target, { force: true });
    }
  });

  test('a compliant config is not a policy violation', async () => {
    const b = await withConfig(`sandbox_mode = "workspace-write"\n${trust}`, '$(warning) Workspace · Ask · net off · web cached');
    // Only the untracked policy file makes the tree dirty here: no error.
    assert.notEqual(b.severity, 'error');
    assert.doesNotMatch(b.label, /policy \.codex-posture\.toml/);
  });
});
