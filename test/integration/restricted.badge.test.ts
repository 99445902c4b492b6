// Restricted Mode: the badge still shows the posture (files are only read and parsed), says so in
// its tooltip, and the extension starts no process at all, whatever the user does: every command it
// contributes is run, with codex configured (the machine setting) and git and codex on PATH.
//
// How "no process" is proven (test/integration/processWatch.ts): Node's child_process functions
// are wrapped in this extension host from this module's load on, before the extension activates,
// and PATH starts with the fixture's `git` and `codex` that record every start with their parent
// pids (so even a process started by a process we started would show). A control at the end shows
// that both witnesses do see a process this host starts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { badge } from './badgeHelpers';
import { activateExtension, EXTENSION_ID, fixtureInfo, settle, waitFor } from './helpers';
import { extensionStarts, processStarts, startedByThisHost, watchInstalled, watchProcesses } from './processWatch';

// Before the extension activates (it activates on startup finished; the test asserts the order):
// from here on every child_process call is seen, and `git` or `codex` looked up on PATH is one
// that records its start.
watchProcesses();
process.env.PATH = `${fixtureInfo().paths.recordingBin}${path.delimiter}${process.env.PATH ?? ''}`;

/** Arguments that keep a command from waiting for input (the rest get none). */
const ARGS: Record<string, unknown[]> = {
  'codexPosture.setChecklistItem': ['reviewed-diff', true],
  'codexPosture.recordApproval': [
    {
      kind: 'approval',
      requester: 'restricted test',
      scope: 'npm install',
      domains: ['registry.npmjs.org'],
      reason: 'test',
      expiryDays: 1,
      rollback: 'none',
    },
  ],
  'codexPosture.revokeEnablements': [{ preview: false }],
  'codexPosture.verifySandbox': [{ show: false }],
  'codexPosture.createFeatureBranch': ['codex/restricted-test'],
};
/** Run first and last: a session must be running for some commands, and Finish ends it. */
const FIRST = 'codexPosture.startChecklist';
const LAST = 'codexPosture.finishSession';

/** Runs a command; one that waits on a quick pick or input box is dismissed after a while. */
async function runDismissingUi(id: string, args: unknown[]): Promise<string> {
  const run = Promise.resolve(vscode.commands.executeCommand(id, ...args)).then(
    () => 'done',
    (e) => `threw: ${e instanceof Error ? e.message : String(e)}`,
  );
  const first = await Promise.race([run, settle(4000).then(() => 'waiting')]);
  if (first !== 'waiting') return first;
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return Promise.race([run, settle(4000).then(() => 'still waiting after the quick pick was closed')]);
}

suite('badge in Restricted Mode', () => {
  const processLog = () => fixtureInfo().paths.processLog;
  const cfg = () => vscode.workspace.getConfiguration('codexPosture');
  let tmp: string;

  suiteSetup(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'restricted-'));
    await activateExtension();
    // A configured, executable codex: the only thing keeping it from running is Restricted Mode.
    await cfg().update('codexPath', fixtureInfo().paths.codexShim, vscode.ConfigurationTarget.Global);
    await cfg().update('session.recordsFolder', path.join(tmp, 'records'), vscode.ConfigurationTarget.Global);
    await cfg().update('session.approvalLog', path.join(tmp, 'approvals.jsonl'), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('shows the posture and says Restricted Mode', async () => {
    await vscode.commands.executeCommand('codexPosture.refresh');
    const b = await waitFor(
      async () => {
        const v = await badge();
        return /Restricted Mode/.test(v.tooltip) && /^Codex posture: sandbox/.test(v.label) ? v : undefined;
      },
      { timeoutMs: 15_000, what: 'badge with the Restricted Mode note' },
    );
    assert.match(b.text, /Workspace|Read Only|Full Access|YOLO/);
    await settle(2000);
    const after = await badge();
    assert.match(after.tooltip, /\*\*Codex:\*\* not asked \\\(Restricted Mode starts no process/);
    assert.match(after.tooltip, /\*\*Git:\*\* unknown \\\(Restricted Mode/);
  });

  test('every command, refreshes and config edits start no process', async function () {
    this.timeout(180_000);
    const commands = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map(
      (c) => c.command,
    );
    assert.ok(commands.includes(FIRST) && commands.includes(LAST));
    const order = [FIRST, ...commands.filter((c) => c !== FIRST && c !== LAST), LAST];
    const outcomes: string[] = [];
    for (const id of order) {
      outcomes.push(`${id}: ${await runDismissingUi(id, ARGS[id] ?? [])}`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    // A config edit goes through the watchers and the posture refresh (the git and codex enrichers).
    const userConfig = path.join(fixtureInfo().codexHome, 'config.toml');
    fs.writeFileSync(userConfig, `# edited by the restricted test\nweb_search = "live"\n${fs.readFileSync(userConfig, 'utf8')}`);
    await waitFor(async () => /web live/.test((await badge()).text), { timeoutMs: 15_000, what: 'the badge to follow the edit' });
    await vscode.commands.executeCommand('codexPosture.refresh');
    // Enrichers and timers run after the commands return.
    await settle(3000);

    assert.equal(
      watchInstalled().extensionWasActive,
      false,
      'the extension activated before the process watch was installed: the proof would miss its first refresh',
    );
    const extension = extensionStarts().map((s) => `${s.fn} ${s.file} ${s.args}\n${s.stack}`);
    assert.deepEqual(extension, [], `the extension started processes; commands: ${outcomes.join('; ')}`);
    const recorded = startedByThisHost(processLog());
    assert.deepEqual(recorded, [], 'git or codex was started from this extension host (including before the wrapper was installed)');
    console.log(
      `restricted: ${order.length} commands run (${outcomes.join('; ')}); ${processStarts().length} process start(s) by VS Code itself in this host: ${[...new Set(processStarts().map((p) => `${p.fn} ${path.basename(p.file)}`))].join(', ')}`,
    );
  });

  test('control: both witnesses see a process this host starts', async () => {
    const before = processStarts().length;
    const cp = require('node:child_process') as typeof import('node:child_process');
    await new Promise<void>((resolve, reject) => cp.execFile('git', ['--version'], (e) => (e ? reject(e) : resolve())));
    const seen = processStarts().slice(before);
    assert.deepEqual(
      seen.map((s) => [s.fn, s.file, s.byExtension]),
      [['execFile', 'git', false]],
    );
    const recorded = startedByThisHost(processLog());
    assert.deepEqual(
      recorded.map((r) => [r.name, r.args, r.parents[0]]),
      [['git', '--version', process.pid]],
    );
  });
});
