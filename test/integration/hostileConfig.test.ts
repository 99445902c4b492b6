// A 15.8 MB user config (200,000 MCP server tables; a cloned repository can ship the same as its
// .codex/config.toml) in the real VS Code: the posture is worked out in the worker thread, so the
// extension host keeps answering meanwhile, the badge keeps the last good posture until the answer
// comes, and then shows either the new posture or that the file is too large to read in time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { writeHugeConfig } from '../support/hugeConfig';
import { badge, userConfigSuite, type BadgeView } from './badgeHelpers';
import { screenshot, settle, waitFor } from './helpers';

suite('nothing blocks the extension host: a 15.8 MB user config', () => {
  const { userConfig, trust, withConfig } = userConfigSuite();
  const lastGood = '$(shield) Workspace · Ask · net off · web cached';
  const newPosture = '$(warning) Workspace · Ask · net off · web live';

  test('the badge keeps the last good posture while the worker reads it, and the host answers meanwhile', async function () {
    this.timeout(180_000);
    await withConfig(`sandbox_mode = "workspace-write"\n${trust}`, lastGood);
    // Renamed into place, as editors save: the watcher never sees half a file.
    // The noise floor: the host's longest task over a few idle seconds (other extensions, a busy machine).
    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await settle(3000);
    idle.disable();
    writeHugeConfig(`${userConfig}.tmp`, 200_000, `sandbox_mode = "workspace-write"\nweb_search = "live"\n${trust}`);
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    const started = Date.now();
    fs.renameSync(`${userConfig}.tmp`, userConfig);
    // getPosture resolves the folder now and answers only when the worker does: while it is
    // pending, the work runs, and every other command must still answer.
    let resolved = false;
    const posture = Promise.resolve(vscode.commands.executeCommand<{ loads: boolean }>('codexPosture.getPosture')).finally(
      () => (resolved = true),
    );
    const whileWorking: BadgeView[] = [];
    let shot: Promise<unknown> | undefined;
    while (!resolved) {
      const b = await badge();
      if (!resolved) whileWorking.push(b);
      if (whileWorking.length === 3) shot = screenshot('hostile-config-working');
      await settle(50);
    }
    const json = await posture;
    await shot;
    stalls.disable();
    console.log(
      `15.8 MB config: resolved in ${Date.now() - started} ms (loads: ${json.loads}); ${whileWorking.length} badge answers meanwhile; longest host task ${(stalls.max / 1e6).toFixed(1)} ms (idle before: ${(idle.max / 1e6).toFixed(1)} ms)`,
    );
    assert.ok(whileWorking.length >= 3, `getBadge answered ${whileWorking.length} time(s) while the posture was being worked out`);
    // Every answer before the result: the last good posture, never "resolving" or a blank.
    assert.deepEqual([...new Set(whileWorking.map((b) => b.text))], [lastGood]);

    const after = await waitFor(
      async () => {
        const b = await badge();
        return b.text === newPosture || /too large to read in time/.test(b.label) ? b : undefined;
      },
      { timeoutMs: 15_000, what: 'the new posture or a too-large message on the badge' },
    );
    if (after.text !== newPosture) {
      // Our time budget ran out, not Codex's patience: unknown, never "Codex would refuse".
      assert.equal(after.text, '$(warning) Codex: posture unknown');
      assert.match(
        after.label,
        /^Codex posture: unknown, a config file was not read\. Warnings: The posture is unknown: .*config\.toml is too large to read in time \(15\.8 MB/,
      );
    }
    await settle(300);
    await screenshot('hostile-config-result');

    // Back to a small config: the worker (restarted if it was stopped) answers again.
    await waitFor(
      async () => {
        fs.writeFileSync(userConfig, `sandbox_mode = "workspace-write"\n${trust}`);
        return await waitFor(async () => (await badge()).text === lastGood, {
          timeoutMs: 20_000,
          what: 'the small config on the badge again',
        }).catch(() => false);
      },
      { timeoutMs: 60_000, what: 'the badge back to the small config' },
    );
  });
});
