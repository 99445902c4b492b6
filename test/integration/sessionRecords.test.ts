// Codex's own session records in a real VS Code (main run): a real 0.171.0 record (the committed
// fixture, its paths moved to this workspace and its times to now) lands in CODEX_HOME while a
// checklist runs; the During and After items, the badge tooltip, the audit's Incidents and
// timeline, and the session record follow it. The record is removed in teardown.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fixtureInfo, screenshot, statusBarItemSelector, waitFor, workspaceFolder } from './helpers';

interface ItemView {
  id: string;
  state: string;
  detail: string;
}
interface SessionData {
  session?: { startedAt: string };
  items: ItemView[];
}
const getSession = () => vscode.commands.executeCommand<SessionData>('codexPosture.getSession');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/codex-sessions');

/** The fixture as if it ran in `folder` just now (times shifted so its first line is `start`). */
function recordFor(name: string, folder: string, start: number): string {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8');
  const first = Date.parse(/"timestamp":"([^"]+)"/.exec(text)![1]);
  return text
    .split('/srv/demo/ws')
    .join(folder)
    .split('/srv/demo')
    .join(path.dirname(folder))
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, (iso) => new Date(Date.parse(iso) - first + start).toISOString());
}

suite('Codex session records', () => {
  const folder = workspaceFolder().uri.fsPath;
  const day = path.join(fixtureInfo().codexHome, 'sessions', '2026', '12', '06');
  const file = path.join(day, 'rollout-2026-12-06T04-41-32-01a249a8-3d32-7c62-9a5f-b045e07254b9.jsonl');
  let tmp: string;
  const cfg = () => vscode.workspace.getConfiguration('codexPosture');

  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'records-it-'));
    await cfg().update('session.recordsFolder', path.join(tmp, 'records'), vscode.ConfigurationTarget.Global);
    await cfg().update('session.approvalLog', path.join(tmp, 'log', 'approvals.jsonl'), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    if ((await getSession()).session) await vscode.commands.executeCommand('codexPosture.finishSession');
    fs.rmSync(file, { force: true });
    await cfg().update('session.recordsFolder', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('session.approvalLog', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the checklist, the badge, the audit and the record follow what Codex recorded', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('codexPosture.startChecklist');
    const started = Date.parse((await getSession()).session!.startedAt);
    // Codex writes its record while the checklist runs: approve, approve for the session, deny, a
    // sandbox error, a web search, then a turn switched to danger-full-access + never.
    fs.mkdirSync(day, { recursive: true });
    fs.writeFileSync(file, recordFor('ide-approvals', folder, started + 1000));
    const item = (id: string) =>
      waitFor(
        async () =>
          (await getSession()).items.find(
            (i) => i.id === id && i.state !== 'unknown' && i.detail !== 'no Codex session recorded since the start',
          ),
        { timeoutMs: 30_000, what: `${id} from the records` },
      );
    const turns = await item('codex-baseline-turns');
    assert.equal(turns.state, 'warn');
    assert.match(turns.detail, /YOLO/);
    const escalations = await item('codex-escalations');
    assert.equal(escalations.state, 'warn');
    assert.match(escalations.detail, /1 command\(s\) ran with no sandbox and no approval/);
    const errors = await item('codex-sandbox-errors');
    assert.deepEqual([errors.state, errors.detail], ['warn', '1 command(s) failed on a sandbox error']);
    await vscode.commands.executeCommand('codexPosture.startChecklist');
    await screenshot('session-records-checklist');

    // The tooltip is Markdown with its punctuation escaped; compare the words.
    const tooltip = await waitFor(
      async () => {
        const b = await vscode.commands.executeCommand<{ tooltip: string }>('codexPosture.getBadge');
        const text = b.tooltip.replace(/\\/g, '');
        return /Last Codex session here: /.test(text) ? text : undefined;
      },
      { timeoutMs: 20_000, what: 'the badge tooltip line' },
    );
    assert.match(tooltip, /Last Codex session here: (just now|\d+ min ago), YOLO \(danger-full-access, approval never\), 3 approvals/);
    await screenshot('session-records-badge', { hover: statusBarItemSelector('codexPosture.badge') });

    const audit = await vscode.commands.executeCommand<string>('codexPosture.auditConfig');
    assert.match(audit, /## Incidents\n\n\d+ in 1 recorded session\(s\)/);
    assert.match(audit, /yolo: ide session ran YOLO/);
    assert.match(audit, /<svg [^>]*role="img"[^>]*aria-label="Codex sessions in the last 90 days by posture: 1 session\(s\)"/);
    assert.match(audit, /<\/svg>\n\n\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: 1 YOLO\.\n/);
    // The screenshot shows the timeline (the preview follows the editor's scroll).
    const editor = vscode.window.activeTextEditor!;
    const incidents = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('## Sessions in the last'));
    editor.revealRange(new vscode.Range(incidents, 0, incidents, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('markdown.showPreviewToSide');
    await new Promise((r) => setTimeout(r, 5000));
    await screenshot('session-records-audit');

    const record = await vscode.commands.executeCommand<string>('codexPosture.finishSession');
    const md = fs.readFileSync(record, 'utf8');
    assert.match(
      md,
      /## What Codex recorded\n\n1 Codex session; 3 approvals \(1 denied\); 4 commands outside the sandbox; 1 sandbox error; 1 off-baseline posture change\./,
    );
    assert.match(md, /command approved by user: `touch .*\/outside\/t1\.txt`/);
    // Codex's records hold command output; none of it may reach the record. (The record's own
    // sandbox probes, run by an earlier test in this window, may quote their last line: left out.)
    const fromRecords = md
      .split('\n')
      .filter((l) => !/^- (pass|FAIL): /.test(l))
      .join('\n');
    for (const secret of ['sk-abcdef', 'Read-only file system', 'removed for the fixture'])
      assert.ok(!fromRecords.includes(secret), secret);
  });
});
