// Settings with the wrong type or unknown values (hand-edited settings.json): the badge keeps
// showing the posture, uses the documented fallback, and says on the badge what it ignored. Before,
// `"codexPosture.launchArgs": "--profile fast"` showed "Launch arguments: none" with no word why,
// an unknown baseline value or a broken featureBranchPattern regex was dropped silently.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { badge } from './badgeHelpers';
import { activateExtension, waitFor } from './helpers';

suite('settings with wrong types or values', () => {
  const keys = ['launchArgs', 'baseline', 'featureBranchPattern', 'protectedBranches', 'surface'] as const;
  const saved = new Map<string, unknown>();

  suiteSetup(async () => {
    await activateExtension();
    const c = vscode.workspace.getConfiguration('codexPosture');
    for (const k of keys) saved.set(k, c.inspect(k)?.globalValue);
  });

  suiteTeardown(async () => {
    const c = vscode.workspace.getConfiguration('codexPosture');
    for (const k of keys) await c.update(k, saved.get(k), vscode.ConfigurationTarget.Global);
  });

  test('each wrong setting is named on the badge, and the posture is still shown', async () => {
    const c = vscode.workspace.getConfiguration('codexPosture');
    await c.update('launchArgs', '--profile fast', vscode.ConfigurationTarget.Global);
    await c.update('baseline', { sandbox: 'yolo', approval: ['on-request', 42], networkAccess: 'no' }, vscode.ConfigurationTarget.Global);
    await c.update('featureBranchPattern', '([unclosed', vscode.ConfigurationTarget.Global);
    await c.update('protectedBranches', 'main', vscode.ConfigurationTarget.Global);
    await c.update('surface', 'tui', vscode.ConfigurationTarget.Global);
    const b = await waitFor(
      async () => {
        const v = await badge();
        return /protectedBranches/.test(v.tooltip) && /surface/.test(v.tooltip) ? v : undefined;
      },
      { what: 'the badge to name the wrong settings', timeoutMs: 15_000 },
    );
    assert.doesNotMatch(b.text, /config error|resolving/i, 'the posture is still shown');
    assert.equal(b.severity === 'ok', false, 'ignored settings colour the badge');
    // The report escapes brackets (links); the messages are compared without the escapes.
    const report = (b as unknown as { report: string }).report.replace(/\\(.)/g, '$1');
    for (const want of [
      /codexPosture\.launchArgs: must be a list of strings, one per argument, like \["--profile", "fast"\]; got the string "--profile fast"/,
      /codexPosture\.baseline\.sandbox: "yolo" is not one of read-only, workspace-write, danger-full-access; using workspace-write\./,
      /codexPosture\.baseline\.approval: 42 is not one of/,
      /codexPosture\.baseline\.networkAccess must be true or false; got the string "no"/,
      /codexPosture\.featureBranchPattern: The feature-branch pattern \(\[unclosed is not a valid regular expression/,
      /codexPosture\.protectedBranches must be a list of branch names or globs/,
      /codexPosture\.surface must be "interactive" or "exec"; got the string "tui"/,
    ]) {
      assert.match(report, want);
    }
    assert.match(b.label, /Warnings: .*codexPosture\.launchArgs/);
  });
});
