// Leaving Restricted Mode: the user trusts the folder in VS Code's own workspace trust editor and
// the extension switches to full behaviour without a reload: git and codex are asked, the tooltip
// drops its Restricted Mode notes.
//
// No API grants trust, so the harness clicks the editor's Trust button as a user would. This file
// must run after every other restricted.* file (files run in sorted order: "trustGrant" is last),
// because from here on the workspace is trusted.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { badge } from './badgeHelpers';
import { activateExtension, clickAndScreenshot, fixtureInfo, waitFor } from './helpers';
import { startedByThisHost } from './processWatch';

/**
 * The Trust button of the workspace trust editor: the button inside the box whose aria-label is
 * "Trust, <keybinding>" (the box also holds the keybinding text, which does not react to a click).
 */
const TRUST_BUTTON = '.workspace-trust-editor [aria-label^="Trust,"] .monaco-button';

suite('badge when trust is granted', () => {
  suiteSetup(async () => {
    await activateExtension();
    // The fixture's recording codex, as a machine setting: after the grant it may run.
    await vscode.workspace
      .getConfiguration('codexPosture')
      .update('codexPath', fixtureInfo().paths.codexShim, vscode.ConfigurationTarget.Global);
    // The recording git first on PATH (restricted.badge.test.ts did the same when it loaded).
    const bin = fixtureInfo().paths.recordingBin;
    if (!(process.env.PATH ?? '').split(path.delimiter).includes(bin))
      process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('trusting the folder in the trust editor switches the badge to full behaviour', async function () {
    this.timeout(90_000);
    assert.equal(vscode.workspace.isTrusted, false, 'this file must run while the folder is still in Restricted Mode');
    const before = await badge();
    assert.match(before.tooltip, /Restricted Mode/);
    const startsBefore = startedByThisHost(fixtureInfo().paths.processLog).length;

    const granted = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('workbench.trust.manage');
    const png = await clickAndScreenshot('trust-granted', TRUST_BUTTON);
    if (png === undefined) this.skip(); // not under the code-server harness: nobody can click
    await Promise.race([
      granted,
      waitFor(() => vscode.workspace.isTrusted, { timeoutMs: 15_000, what: 'workspace trust after clicking Trust' }),
    ]);
    assert.equal(vscode.workspace.isTrusted, true);

    // The same badge, now asking git and codex: no Restricted Mode notes left.
    const after = await waitFor(
      async () => {
        const b = await badge();
        return !/Restricted Mode/.test(b.tooltip) && /\*\*Git:\*\*/.test(b.tooltip) ? b : undefined;
      },
      { timeoutMs: 20_000, what: 'the badge to drop its Restricted Mode notes after the grant' },
    );
    assert.doesNotMatch(after.tooltip, /\*\*Git:\*\* unknown/);
    assert.match(after.label, /^Codex posture: sandbox /);

    // And processes do start now (the recording git or codex notes every start from this host).
    const started = await waitFor(
      () => {
        const s = startedByThisHost(fixtureInfo().paths.processLog);
        return s.length > startsBefore ? s.slice(startsBefore) : undefined;
      },
      { timeoutMs: 20_000, what: 'git or codex to be started once the folder is trusted' },
    );
    assert.ok(
      started.some((r) => r.name === 'git' || r.name === 'codex'),
      JSON.stringify(started),
    );
  });
});
