// Ground truth for the session-record reader: real Codex 0.171 sessions, made here against a
// scripted model on 127.0.0.1 (no network, no account), each in its own temp HOME / CODEX_HOME /
// TMPDIR / XDG dirs. The test knows what it made Codex do (which commands, which answers to which
// approval request) and asserts that `codex-posture sessions --json` reports exactly that.
//   - `codex exec` under each sandbox mode: a command inside the workspace, a slower one, one
//     asking to run outside the sandbox (refused: exec never asks), a web search;
//   - the app-server, as the IDE extension drives it, approval on-request: approve once, approve
//     for the session, deny, a write the sandbox blocks, a web search, then a turn switched to
//     danger-full-access + never.
// A command the sandbox refuses is recorded in one of two shapes, depending on how fast the machine
// ran it (docs/codex-findings.md, section 11): with a CommandExecution item, or, when it ended within
// Codex's 150 ms startup window, with only the call and its output. The reader counts both; the
// slower command is always of the first shape. CODEX_POSTURE_KEEP_SESSIONS=1 keeps each case's temp
// root (HOME, CODEX_HOME with the rollout files) and prints where it is, to look at what Codex wrote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/index';
import type { SessionsReport } from '../../src/core/sessions';
import { briefSession } from '../support/sessionBrief';
import { AppServerDriver, type ServerRequest } from './appServerDriver';
import { findCodex, materialise, type Materialised } from './oracle';
import { runProc } from './proc';
import { byTurn, ScriptedModel, shell, webSearch } from './scriptedModel';

const codex = findCodex();

/** `codex-posture sessions --json --cwd DIR`, in process, with the temp CODEX_HOME. */
async function sessionsJson(m: Materialised, cwd: string): Promise<SessionsReport> {
  let out = '';
  const code = await main(['sessions', '--json', '--cwd', cwd], { out: (s) => (out += s), err: (s) => assert.fail(s) }, m.env);
  assert.equal(code, 0);
  return JSON.parse(out) as SessionsReport;
}

/** Removes the temp root, unless CODEX_POSTURE_KEEP_SESSIONS asks to keep it for a look. */
async function done(m: Materialised): Promise<void> {
  if (process.env.CODEX_POSTURE_KEEP_SESSIONS) console.log(`    kept ${m.root}`);
  else await m.cleanup();
}

async function home(name: string): Promise<Materialised> {
  return materialise({ name, covers: 'issue 14: session records', cwd: 'ws', dirs: ['outside', 'elsewhere'] });
}

const brief = briefSession;

/** How the rollout of session `id` recorded each exec_command call: 'item' or the output's first line. */
function recordedShapes(m: Materialised, id: string): Record<string, string> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.includes(id)) files.push(path.join(d, e.name));
    }
  };
  walk(path.join(m.codexHome, 'sessions'));
  assert.equal(files.length, 1);
  const shapes: Record<string, string> = {};
  for (const line of fs.readFileSync(files[0], 'utf8').split('\n')) {
    if (!line) continue;
    const p = (JSON.parse(line) as { payload: Record<string, unknown> }).payload;
    const item = p.item as Record<string, unknown> | undefined;
    if (p.type === 'item_completed' && item?.type === 'CommandExecution') shapes[String(item.id)] = 'item';
    else if (p.type === 'function_call_output' && !(String(p.call_id) in shapes))
      shapes[String(p.call_id)] = /Process exited with code \d+/.exec(String(p.output))?.[0] ?? String(p.output).split('\n')[0];
  }
  return shapes;
}

describe('sessions: the records real codex 0.171 writes', function () {
  this.timeout(180_000);

  for (const mode of ['read-only', 'workspace-write', 'danger-full-access'] as const) {
    it(`codex exec -s ${mode}`, async () => {
      const m = await home(`exec-${mode}`);
      const model = new ScriptedModel(
        byTurn({
          T1: [
            shell('c1', 'touch inside.txt'),
            shell('c1s', 'sleep 0.4; touch slow.txt'),
            shell('c2', `touch ${m.root}/outside/escalated.txt`, true),
            webSearch('ws1', 'codex posture'),
          ],
        }),
      );
      await model.start();
      try {
        const r = await runProc(codex, [...model.configArgs(), '-s', mode, 'exec', '--skip-git-repo-check', 'T1 go'], {
          cwd: m.cwd,
          env: m.env,
          timeoutMs: 90_000,
        });
        assert.equal(r.code, 0, r.stderr.slice(-800));
        // And a session in another folder of the same CODEX_HOME, which must not be listed.
        const other = await runProc(codex, [...model.configArgs(), 'exec', '--skip-git-repo-check', 'T9 elsewhere'], {
          cwd: path.join(m.root, 'elsewhere'),
          env: m.env,
          timeoutMs: 90_000,
        });
        assert.equal(other.code, 0, other.stderr.slice(-800));
        const report = await sessionsJson(m, m.cwd);
        assert.equal(report.sessions.length, 1);
        assert.equal(report.skippedLines, 0);
        const ran = mode !== 'read-only';
        assert.equal(fs.existsSync(path.join(m.cwd, 'inside.txt')), ran, 'the sandbox did what the mode says');
        assert.equal(fs.existsSync(path.join(m.cwd, 'slow.txt')), ran, 'the sandbox did what the mode says');
        assert.deepEqual(brief(report.sessions[0]), {
          surface: 'exec',
          originator: 'codex_exec',
          version: '0.171.0',
          postures: [`${mode}/never/user/net ${mode === 'danger-full-access'}`],
          commands: 2,
          outside: mode === 'danger-full-access' ? 2 : 0,
          escalations: ['refused'],
          approvals: [],
          denials: mode === 'read-only' ? 2 : 0,
          searches: 1,
        });
        assert.equal(report.sessions[0].cwd, m.cwd);
        if (mode === 'read-only') {
          // The two shapes of a refused command: the quick one has its item or, when it ended within
          // the startup window, only its output; the one that sleeps past the window always has its item.
          const shapes = recordedShapes(m, report.sessions[0].id);
          assert.ok(['item', 'Process exited with code 1'].includes(shapes.c1), shapes.c1);
          assert.equal(shapes.c1s, 'item');
        }
      } finally {
        await model.stop();
        await done(m);
      }
    });
  }

  it('app-server (IDE), on-request: approve once, for the session, deny; a sandbox denial; a posture change', async () => {
    const m = await home('app-server');
    const out = path.join(m.root, 'outside');
    const secret = 'sk-test0123456789abcdefXYZ';
    const model = new ScriptedModel(
      byTurn({
        T1: [shell('c1', `touch ${out}/t1.txt`, true)],
        T2: [shell('c2', `env API_TOKEN=${secret} touch ${out}/t2.txt`, true)],
        T3: [shell('c3', `touch ${out}/t3.txt`, true)],
        T4: [shell('c4', `touch ${out}/t4.txt`)],
        T5: [webSearch('ws5', 'codex posture')],
        T6: [shell('c6', `touch ${out}/t6.txt`)],
      }),
    );
    await model.start();
    // Which answer each request gets, by the file its command writes.
    const answers: Record<string, string> = { 't1.txt': 'accept', 't2.txt': 'acceptForSession', 't3.txt': 'decline' };
    let threadId: string | undefined;
    const driver = new AppServerDriver((req: ServerRequest) => {
      const cmd = String(req.params.command ?? '');
      const file = Object.keys(answers).find((f) => cmd.includes(f));
      return { decision: file ? answers[file] : 'decline' };
    });
    try {
      // /tmp and $TMPDIR are writable under workspace-write by default; the temp root lives there.
      driver.start(
        codex,
        [
          ...model.configArgs(),
          '-c',
          'sandbox_workspace_write.exclude_slash_tmp=true',
          '-c',
          'sandbox_workspace_write.exclude_tmpdir_env_var=true',
        ],
        m.cwd,
        m.env,
      );
      await driver.request('initialize', {
        clientInfo: { name: 'codex_vscode', version: '0.0.0-test' },
        capabilities: { experimentalApi: true },
      });
      driver.notify('initialized');
      const started = await driver.request<{ thread: { id: string } }>('thread/start', {
        cwd: m.cwd,
        approvalPolicy: 'on-request',
        sandbox: 'workspace-write',
      });
      threadId = started.thread.id;
      const turn = async (marker: string, extra: Record<string, unknown> = {}) => {
        const from = driver.notifications.length;
        await driver.request('turn/start', { threadId: started.thread.id, input: [{ type: 'text', text: `${marker} please` }], ...extra });
        await driver.waitFor('turn/completed', from);
      };
      for (const t of ['T1', 'T2', 'T3', 'T4', 'T5']) await turn(t);
      await turn('T6', { approvalPolicy: 'never', sandboxPolicy: { type: 'dangerFullAccess' } });
    } finally {
      await driver.close();
      await model.stop();
    }
    try {
      assert.deepEqual(
        driver.serverRequests.map((r) => r.method),
        Array(3).fill('item/commandExecution/requestApproval'),
      );
      assert.deepEqual(fs.readdirSync(out).sort(), ['t1.txt', 't2.txt', 't6.txt'], 'what really happened');
      const report = await sessionsJson(m, m.cwd);
      assert.equal(report.sessions.length, 1);
      assert.equal(report.skippedLines, 0);
      const s = report.sessions[0];
      assert.equal(s.id, threadId);
      assert.deepEqual(brief(s), {
        surface: 'ide',
        originator: 'codex_vscode',
        version: '0.171.0',
        postures: ['workspace-write/on-request/user/net false', 'danger-full-access/never/user/net true'],
        commands: 4,
        outside: 3,
        escalations: ['ran', 'ran', 'denied'],
        approvals: ['command approved by user', 'command approved by user', 'command denied by user'],
        denials: 1,
        searches: 1,
      });
      assert.deepEqual(
        s.approvals.map((a) => a.command),
        [`touch ${out}/t1.txt`, `env API_TOKEN=**** touch ${out}/t2.txt`, null],
      );
      assert.equal(s.turns, 6);
      // The write the sandbox refused, in either of its two shapes (see recordedShapes).
      assert.ok(['item', 'Process exited with code 1'].includes(recordedShapes(m, s.id).c4));
      assert.ok(!JSON.stringify(report).includes(secret), 'the token in an approved command is redacted');
      assert.ok(!JSON.stringify(report).includes('please'), 'no prompt text');
    } finally {
      await done(m);
    }
  });
});
