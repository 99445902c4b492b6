// The session-record reader on real Codex 0.171.0 rollout files (made with the real binary against
// a scripted model, then anonymised: paths under /srv/demo, prompts and messages replaced), plus
// the damage a live or foreign file can carry: half-written lines, garbage, unknown kinds, newer
// shapes, huge lines, files of other folders.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionIndex, type SessionSummary } from '../../src/core/sessions';
import { briefSession } from '../support/sessionBrief';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/codex-sessions');
const DEMO = '/srv/demo/ws';

interface Home {
  readonly codexHome: string;
  readonly day: string;
  cleanup(): Promise<void>;
}

async function makeHome(files: Record<string, string>, archived: Record<string, string> = {}): Promise<Home> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cxp-sessions-'));
  const codexHome = path.join(root, '.codex');
  const day = path.join(codexHome, 'sessions', '2026', '12', '06');
  await fs.mkdir(day, { recursive: true });
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(day, name), text);
  if (Object.keys(archived).length) {
    await fs.mkdir(path.join(codexHome, 'archived_sessions'));
    for (const [name, text] of Object.entries(archived)) await fs.writeFile(path.join(codexHome, 'archived_sessions', name), text);
  }
  return { codexHome, day, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

const fixture = (name: string) => fs.readFile(path.join(FIXTURES, `${name}.jsonl`), 'utf8');
const rollout = (n: number) => `rollout-2026-12-06T04-40-0${n}-0000000${n}-0000-7000-8000-000000000000.jsonl`;

async function read(files: Record<string, string>, folder = DEMO, archived: Record<string, string> = {}) {
  const home = await makeHome(files, archived);
  try {
    const index = new SessionIndex({ codexHome: home.codexHome, folder });
    await index.refresh();
    return index.report();
  } finally {
    await home.cleanup();
  }
}

async function one(name: string): Promise<SessionSummary> {
  const r = await read({ [rollout(1)]: await fixture(name) });
  assert.equal(r.sessions.length, 1, `${name}: one session`);
  assert.equal(r.skippedLines, 0, `${name}: nothing skipped`);
  return r.sessions[0];
}

const brief = briefSession;

describe('sessions: real 0.171.0 records', () => {
  const table: Array<{ name: string; want: ReturnType<typeof brief> }> = [
    {
      name: 'exec-read-only',
      want: {
        surface: 'exec',
        originator: 'codex_exec',
        version: '0.171.0',
        postures: ['read-only/never/user/net false'],
        commands: 2,
        outside: 0,
        escalations: ['refused'],
        approvals: [],
        denials: 2,
        searches: 1,
      },
    },
    {
      // The sandbox refused `touch inside.txt` within Codex's 150 ms startup window: the record has
      // the call and its output but no CommandExecution item. `sleep 0.4; touch slow.txt`, refused
      // the same way but later, has its item. Both are commands refused by the sandbox.
      name: 'exec-read-only-refused-at-once',
      want: {
        surface: 'exec',
        originator: 'codex_exec',
        version: '0.171.0',
        postures: ['read-only/never/user/net false'],
        commands: 2,
        outside: 0,
        escalations: ['refused'],
        approvals: [],
        denials: 2,
        searches: 1,
      },
    },
    {
      name: 'exec-workspace-write',
      want: {
        surface: 'exec',
        originator: 'codex_exec',
        version: '0.171.0',
        postures: ['workspace-write/never/user/net false'],
        commands: 2,
        outside: 0,
        escalations: ['refused'],
        approvals: [],
        denials: 0,
        searches: 1,
      },
    },
    {
      name: 'exec-danger-full-access',
      want: {
        surface: 'exec',
        originator: 'codex_exec',
        version: '0.171.0',
        postures: ['danger-full-access/never/user/net true'],
        commands: 2,
        outside: 2,
        escalations: ['refused'],
        approvals: [],
        denials: 0,
        searches: 1,
      },
    },
    {
      // accept, acceptForSession (then the same command again, not asked), decline, a sandboxed write
      // outside the workspace, a web search, then a turn switched to danger-full-access + never.
      name: 'ide-approvals',
      want: {
        surface: 'ide',
        originator: 'codex_vscode',
        version: '0.171.0',
        postures: ['workspace-write/on-request/user/net false', 'danger-full-access/never/user/net true'],
        commands: 5,
        outside: 4,
        escalations: ['ran', 'ran', 'ran', 'denied'],
        approvals: ['command approved by user', 'command approved by user', 'command approved by user', 'command denied by user'],
        denials: 1,
        searches: 1,
      },
    },
    {
      // The IDE (app-server), workspace-write + on-request: eight writes outside the workspace, all
      // refused by the sandbox; two have their item, six ended within the startup window and have
      // none. On-request asks nothing after a refusal (no approval request was made).
      name: 'ide-refused-at-once',
      want: {
        surface: 'ide',
        originator: 'codex_vscode',
        version: '0.171.0',
        postures: ['workspace-write/on-request/user/net false'],
        commands: 8,
        outside: 0,
        escalations: [],
        approvals: [],
        denials: 8,
        searches: 0,
      },
    },
    {
      name: 'tui-approved',
      want: {
        surface: 'interactive',
        originator: 'codex-tui',
        version: '0.171.0',
        postures: ['workspace-write/on-request/user/net false'],
        commands: 1,
        outside: 1,
        escalations: ['ran'],
        approvals: ['command approved by user'],
        denials: 0,
        searches: 0,
      },
    },
    {
      name: 'ide-patch-declined',
      want: {
        surface: 'ide',
        originator: 'codex_vscode',
        version: '0.171.0',
        postures: ['workspace-write/on-request/user/net false'],
        commands: 0,
        outside: 0,
        escalations: [],
        approvals: ['patch denied by user'],
        denials: 0,
        searches: 0,
      },
    },
    {
      name: 'ide-auto-review-denied',
      want: {
        surface: 'ide',
        originator: 'codex_vscode',
        version: '0.171.0',
        postures: ['workspace-write/on-request/auto_review/net false'],
        commands: 0,
        outside: 0,
        escalations: ['denied'],
        approvals: ['command denied by auto_review'],
        denials: 0,
        searches: 0,
      },
    },
    {
      name: 'exec-mcp-call',
      want: {
        surface: 'exec',
        originator: 'codex_exec',
        version: '0.171.0',
        postures: ['read-only/never/user/net false'],
        commands: 0,
        outside: 0,
        escalations: [],
        approvals: [],
        denials: 0,
        searches: 0,
      },
    },
  ];
  for (const t of table) {
    it(t.name, async () => {
      assert.deepEqual(brief(await one(t.name)), t.want);
    });
  }

  it('an approved command line is shown, redacted; denied ones and all output are not', async () => {
    const s = await one('ide-approvals');
    assert.deepEqual(
      s.approvals.map((a) => a.command),
      ['touch /srv/demo/outside/t1.txt', 'touch /srv/demo/outside/t2.txt', 'touch /srv/demo/outside/t2.txt', null],
    );
    const json = JSON.stringify(s);
    // The denied command carried a token in its text; no output, prompt or message reaches the summary.
    for (const secret of ['sk-abcdef1234567890abcdef', 'SECRET_TOKEN', 'Read-only file system', 'removed for the fixture', 'Chunk ID'])
      assert.ok(!json.includes(secret), secret);
  });

  it('a refused command is counted once, whether its item comes before its output, after it, or never', async () => {
    const lines = (await fixture('exec-read-only-refused-at-once')).split('\n').filter(Boolean);
    const at = (pred: (l: string) => boolean) => {
      const i = lines.findIndex(pred);
      assert.ok(i >= 0);
      return i;
    };
    const slowItem = at((l) => l.includes('"type":"CommandExecution","id":"call_slow"'));
    const slowOutput = at((l) => l.includes('"type":"function_call_output"') && l.includes('"call_id":"call_slow"'));
    const fastOutput = at((l) => l.includes('"type":"function_call_output"') && l.includes('"call_id":"call_fast"'));
    assert.ok(slowItem < slowOutput, 'as Codex wrote it: the item first');
    // The item after its output (Codex's exit watcher and the tool's answer race), and an item for
    // the call that had none, coming late: still two commands and two denials.
    const reordered = [...lines];
    const [item] = reordered.splice(slowItem, 1);
    reordered.splice(slowOutput, 0, item);
    reordered.splice(fastOutput + 1, 0, lines[slowItem].split('call_slow').join('call_fast'));
    const want = brief(await one('exec-read-only-refused-at-once'));
    const r = await read({ [rollout(1)]: reordered.join('\n') + '\n' });
    assert.equal(r.skippedLines, 0);
    assert.deepEqual(brief(r.sessions[0]), want);
  });

  it('an output with no item counts only for an exec_command call, refused by the sandbox', async () => {
    const text = await fixture('exec-read-only-refused-at-once');
    const count = async (t: string) => {
      const s = (await read({ [rollout(1)]: t })).sessions[0];
      return [s.commands, s.sandboxDenials];
    };
    // The same output for a call of another tool (write_stdin answers with the same header).
    assert.deepEqual(
      await count(
        text.replace(
          '"name":"exec_command","arguments":"{\\"cmd\\":\\"touch inside.txt',
          '"name":"write_stdin","arguments":"{\\"cmd\\":\\"touch inside.txt',
        ),
      ),
      [1, 1],
    );
    // A failure that is not the sandbox's error is no denial (Codex writes an item for such a command).
    assert.deepEqual(
      await count(text.replace("touch: cannot touch 'inside.txt': Read-only file system", 'touch: missing operand')),
      [1, 1],
    );
    // A command that exited 0 with no item is not a refusal either.
    assert.deepEqual(
      await count(
        text.replace(
          String.raw`code 1\nOriginal token count: 14\nOutput:\ntouch: cannot touch 'inside.txt'`,
          String.raw`code 0\nOriginal token count: 14\nOutput:\ntouch: cannot touch 'inside.txt'`,
        ),
      ),
      [1, 1],
    );
  });

  it('records the MCP tool call and the session times', async () => {
    const s = await one('exec-mcp-call');
    assert.deepEqual(s.mcpToolCalls, [{ server: 'probe', tool: 'ping', status: 'completed' }]);
    assert.ok(s.startedAt <= s.endedAt);
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    assert.equal(s.cwd, DEMO);
  });

  it('reads archived sessions and counts the aborted turn', async () => {
    const r = await read({}, DEMO, { [rollout(2)]: await fixture('ide-cancelled-archived') });
    assert.equal(r.sessions.length, 1);
    assert.equal(r.sessions[0].archived, true);
    assert.equal(r.sessions[0].abortedTurns, 1);
    assert.deepEqual(brief(r.sessions[0]).approvals, ['command aborted by user']);
  });

  it('does not list the auto-review sub-agent as a session', async () => {
    const r = await read({
      [rollout(1)]: await fixture('ide-auto-review-denied'),
      [rollout(2)]: await fixture('ide-auto-review-denied.guardian'),
    });
    assert.equal(r.sessions.length, 1);
    assert.equal(r.sessions[0].surface, 'ide');
  });

  it('lists sessions of the folder and below it, newest first, and no other folder', async () => {
    const ro = await fixture('exec-read-only');
    const tui = await fixture('tui-approved');
    const r = await read({ [rollout(1)]: ro, [rollout(2)]: tui }, '/srv/demo');
    assert.deepEqual(
      r.sessions.map((s) => s.surface),
      ['interactive', 'exec'],
    );
    assert.equal((await read({ [rollout(1)]: ro }, '/srv/dem')).sessions.length, 0, 'a prefix of the name is another folder');
    assert.equal(
      (await read({ [rollout(1)]: ro }, '/srv/demo/ws/sub')).sessions.length,
      0,
      'a session of the parent is not a session of the child',
    );
  });
});

describe('sessions: damaged and foreign records', () => {
  it('a file of another folder is read no further than its first line', async () => {
    const ro = await fixture('exec-read-only');
    const [first] = ro.split('\n');
    // Garbage after the first line would be counted if it were read.
    const r = await read({ [rollout(1)]: `${first}\nnot json\n{"type":"brand_new"}\n` }, '/somewhere/else');
    assert.deepEqual(r, { sessions: [], skippedLines: 0 });
  });

  it('counts garbage, unknown kinds and torn lines, and keeps going', async () => {
    const lines = (await fixture('exec-read-only')).split('\n').filter(Boolean);
    const damaged =
      [
        lines[0],
        'not json at all',
        '{"timestamp":"2026-12-06T04:40:27.000Z","ordinal":1,"type":"brand_new_kind","payload":{}}',
        '[1,2,3]',
        '{"half":',
        ...lines.slice(1),
      ].join('\n') + '\n';
    const r = await read({ [rollout(1)]: damaged });
    assert.equal(r.skippedLines, 4);
    assert.deepEqual(brief(r.sessions[0]), brief(await one('exec-read-only')));
  });

  it('a half-written last line waits for the rest, then is read once', async () => {
    const lines = (await fixture('ide-approvals')).split('\n').filter(Boolean);
    const home = await makeHome({});
    try {
      const file = path.join(home.day, rollout(3));
      const full = lines.join('\n') + '\n';
      const cut = full.lastIndexOf('"type":"CommandExecution"');
      await fs.writeFile(file, full.slice(0, cut));
      const index = new SessionIndex({ codexHome: home.codexHome, folder: DEMO });
      await index.refresh();
      const partial = index.report();
      assert.equal(partial.skippedLines, 0);
      assert.equal(partial.sessions[0].commands, 4);
      await fs.appendFile(file, full.slice(cut));
      await index.refresh();
      const after = index.report();
      assert.equal(after.skippedLines, 0);
      assert.deepEqual(brief(after.sessions[0]), brief(await one('ide-approvals')));
    } finally {
      await home.cleanup();
    }
  });

  it('a refresh reads only what was appended, and nothing when nothing changed', async () => {
    const text = await fixture('ide-approvals');
    const home = await makeHome({ [rollout(1)]: text });
    try {
      const index = new SessionIndex({ codexHome: home.codexHome, folder: DEMO });
      const first = await index.refresh();
      assert.equal(first.bytesRead, Buffer.byteLength(text));
      const again = await index.refresh();
      assert.deepEqual([again.filesRead, again.bytesRead], [0, 0]);
      const extra =
        '{"timestamp":"2026-12-06T05:00:00.000Z","ordinal":500,"type":"event_msg","payload":{"type":"turn_aborted","turn_id":"t","reason":"interrupted"}}\n';
      await fs.appendFile(path.join(home.day, rollout(1)), extra);
      const inc = await index.refresh();
      assert.deepEqual([inc.filesRead, inc.bytesRead], [1, Buffer.byteLength(extra)]);
      const s = index.report().sessions[0];
      assert.equal(s.abortedTurns, 1);
      assert.equal(s.endedAt, '2026-12-06T05:00:00.000Z');
    } finally {
      await home.cleanup();
    }
  });

  it('a newer Codex degrades to unknown values, not to a crash', async () => {
    const meta = JSON.stringify({
      timestamp: '2027-01-01T00:00:00.000Z',
      type: 'session_meta',
      payload: {
        id: 'future',
        timestamp: '2027-01-01T00:00:00.000Z',
        cwd: DEMO,
        originator: 'codex_future',
        cli_version: '9.0.0',
        source: { hologram: {} },
      },
    });
    const turn = JSON.stringify({
      timestamp: '2027-01-01T00:00:01.000Z',
      type: 'turn_context',
      payload: {
        approval_policy: { quantum: true },
        approvals_reviewer: 'committee',
        sandbox_policy: { type: 'vm' },
        permission_profile: { type: 'external' },
      },
    });
    const item = JSON.stringify({
      timestamp: '2027-01-01T00:00:02.000Z',
      type: 'event_msg',
      payload: { type: 'item_completed', item: { type: 'CommandExecution', id: 'c', status: 42 } },
    });
    const r = await read({ [rollout(1)]: `${meta}\n${turn}\n${item}\n` });
    const s = r.sessions[0];
    assert.deepEqual([s.surface, s.codexVersion, s.commands], ['unknown', '9.0.0', 1]);
    assert.deepEqual(
      s.postures.map((p) => [p.sandbox, p.approval, p.approvalsReviewer, p.networkAccess]),
      [['unknown', 'unknown', 'unknown', null]],
    );
  });

  it('a line too long to hold is skipped, the rest is read', async function () {
    // 17 MB of text to write and read: slow on a busy machine.
    this.timeout(30_000);
    const lines = (await fixture('exec-read-only')).split('\n').filter(Boolean);
    const huge = JSON.stringify({
      timestamp: '2026-12-06T04:40:27.000Z',
      type: 'response_item',
      payload: { type: 'message', content: 'x'.repeat(17 * 1024 * 1024) },
    });
    const r = await read({ [rollout(1)]: [lines[0], huge, ...lines.slice(1)].join('\n') + '\n' });
    assert.equal(r.skippedLines, 1);
    assert.equal(r.sessions[0].commands, 2);
  });

  it('an empty, binary or non-rollout file is no session and no crash', async () => {
    const r = await read({ [rollout(1)]: '', [rollout(2)]: '\u0000\u0001\u0002garbage', [rollout(3)]: '{"hello":"world"}\n' });
    assert.deepEqual(r.sessions, []);
  });

  it('--since leaves out files and sessions that ended before it', async () => {
    const home = await makeHome({ [rollout(1)]: await fixture('exec-read-only') });
    try {
      const later = new SessionIndex({ codexHome: home.codexHome, folder: DEMO, since: new Date('2026-12-07T00:00:00Z') });
      await later.refresh();
      assert.equal(later.report().sessions.length, 0);
      const earlier = new SessionIndex({ codexHome: home.codexHome, folder: DEMO, since: new Date('2026-12-01T00:00:00Z') });
      await earlier.refresh();
      assert.equal(earlier.report().sessions.length, 1);
    } finally {
      await home.cleanup();
    }
  });

  it('never opens a file for writing', async () => {
    const text = await fixture('exec-read-only');
    const home = await makeHome({ [rollout(1)]: text });
    try {
      const file = path.join(home.day, rollout(1));
      await fs.chmod(file, 0o444);
      await fs.chmod(home.day, 0o555);
      const index = new SessionIndex({ codexHome: home.codexHome, folder: DEMO });
      await index.refresh();
      assert.equal(index.report().sessions.length, 1);
      assert.equal(await fs.readFile(file, 'utf8'), text);
      await fs.chmod(home.day, 0o755);
    } finally {
      await home.cleanup();
    }
  });
});

describe('sessions: codex-posture sessions', () => {
  async function cli(args: string[], codexHome: string): Promise<{ code: number; out: string; err: string }> {
    const { main } = await import('../../src/cli/index');
    let out = '';
    let err = '';
    const code = await main(
      ['sessions', ...args],
      { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') },
      { CODEX_HOME: codexHome, HOME: path.dirname(codexHome) },
    );
    return { code, out, err };
  }

  it('prints the JSON contract for --cwd, and text without output or prompts', async () => {
    const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'cxp-sessions-cli-')));
    try {
      const ws = path.join(root, 'ws');
      await fs.mkdir(ws);
      const home = await makeHome({
        [rollout(1)]: (await fixture('ide-approvals')).split('/srv/demo').join(root),
        [rollout(2)]: await fixture('tui-approved'),
      });
      try {
        const j = await cli(['--json', '--cwd', ws], home.codexHome);
        assert.equal(j.code, 0, j.err);
        const report = JSON.parse(j.out) as { sessions: Array<Record<string, unknown>>; skippedLines: number };
        assert.deepEqual(Object.keys(report), ['sessions', 'skippedLines']);
        assert.equal(report.sessions.length, 1, 'the TUI session is in /srv/demo/ws, another folder');
        for (const k of [
          'id',
          'startedAt',
          'endedAt',
          'surface',
          'cwd',
          'codexVersion',
          'postures',
          'commands',
          'escalations',
          'approvals',
          'sandboxDenials',
          'webSearches',
        ])
          assert.ok(k in report.sessions[0], k);
        assert.deepEqual(Object.keys((report.sessions[0].postures as object[])[0]), [
          'sandbox',
          'approval',
          'approvalsReviewer',
          'networkAccess',
          'webSearch',
          'at',
        ]);
        assert.deepEqual(Object.keys((report.sessions[0].approvals as object[])[0]), ['at', 'kind', 'decision', 'reviewer', 'command']);
        const t = await cli(['--cwd', ws], home.codexHome);
        assert.equal(t.code, 0);
        assert.match(t.out, /ide \(codex_vscode\), Codex 0\.171\.0/);
        assert.match(t.out, /command approved by user: touch .*\/outside\/t1\.txt/);
        for (const s of ['removed for the fixture', 'Read-only file system', 'sk-abcdef'])
          assert.ok(!t.out.includes(s) && !j.out.includes(s), s);
        const later = await cli(['--json', '--cwd', ws, '--since', '2027-01-01'], home.codexHome);
        assert.equal(JSON.parse(later.out).sessions.length, 0);
      } finally {
        await home.cleanup();
      }
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('bad usage exits 2', async () => {
    const home = await makeHome({});
    try {
      assert.equal((await cli(['--since', 'last tuesday'], home.codexHome)).code, 2);
      assert.equal((await cli(['--cwd', path.join(home.codexHome, 'nope')], home.codexHome)).code, 2);
      assert.equal((await cli(['--verbose'], home.codexHome)).code, 2);
      assert.equal((await cli(['--help'], home.codexHome)).code, 0);
    } finally {
      await home.cleanup();
    }
  });
});
