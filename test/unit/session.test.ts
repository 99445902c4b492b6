// The session playbook's core: checklist states, the approval log (including two concurrent
// writers), revoke edits that keep comments and still parse, the record, the commit summary, the
// audit reminder, and the -c overrides for `codex sandbox`.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { sandboxOverrides } from '../../src/core/codex/sandbox';
import { parseTomlWithPositions } from '../../src/core/config/toml';
import { DEFAULT_BASELINE } from '../../src/core/present/posture';
import { auditReminderDue } from '../../src/core/session/audit';
import { evaluateChecklist, suggestBranchName, type SessionData } from '../../src/core/session/checklist';
import { appendEntry, expiredStillOn, expiryDaysProblem, parseLog, readLog, type LogEntry } from '../../src/core/session/log';
import { commitSummary, sessionRecordMarkdown } from '../../src/core/session/record';
import { revokeText } from '../../src/core/session/revoke';

const now = new Date('2025-06-10T12:00:00Z');
const entry = (over: Partial<LogEntry> = {}): LogEntry => ({
  v: 1,
  id: 'x',
  kind: 'exception',
  at: '2025-06-01T00:00:00Z',
  requester: 'alice',
  scope: 'network for npm install',
  domains: ['registry.npmjs.org'],
  reason: 'deps',
  expires: '2025-06-08T00:00:00Z',
  rollback: 'revoke',
  enables: ['network'],
  ...over,
});
const session: SessionData = {
  id: 's',
  folder: '/w',
  startedAt: '2025-06-10T10:00:00Z',
  startPosture: { loads: true, sandbox: 'workspace-write', approval: 'on-request', networkAccess: false, webSearch: 'cached' },
  startHead: 'a'.repeat(40),
  startBranch: 'main',
  manual: { 'reviewed-diff': true },
  stashes: [],
  testRuns: [{ name: 'task "test"', at: '2025-06-10T11:00:00Z', exitCode: 0 }],
  branchesCreated: [],
};

describe('session: approval log', () => {
  it('parses lines, skips torn or foreign ones', () => {
    const text = `${JSON.stringify(entry())}\n{"id":\n${JSON.stringify({ hello: 1 })}\n\n${JSON.stringify(entry({ id: 'y', kind: 'approval' }))}\n`;
    const p = parseLog(text);
    assert.deepEqual(
      p.entries.map((e) => e.id),
      ['x', 'y'],
    );
    assert.deepEqual(p.badLines, [2, 3]);
  });
  it('warns only for expired entries whose enablement is still on', () => {
    const es = [entry(), entry({ id: 'future', expires: '2025-07-01T00:00:00Z' }), entry({ id: 'web', enables: ['web-search'] })];
    assert.deepEqual(
      expiredStillOn(es, { network: true, webSearch: false }, now).map((x) => x.entry.id),
      ['x'],
    );
    assert.deepEqual(expiredStillOn(es, { network: false, webSearch: false }, now), []);
  });
  it('two processes appending at once lose no line and tear none', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cp-log-'));
    const file = path.join(dir, 'sub', 'approvals.jsonl');
    const mod = require.resolve('../../src/core/session/log');
    const script = `const {appendEntry}=require(${JSON.stringify(mod)});(async()=>{const w=process.argv[1];await Promise.all(Array.from({length:200},(_, i)=>appendEntry(${JSON.stringify(file)},{v:1,id:w+'-'+i,kind:'approval',at:new Date().toISOString(),requester:w,scope:'x'.repeat(300),domains:[],reason:'',rollback:'',enables:[]})))})()`;
    const run = promisify(execFile);
    await Promise.all([
      run(process.execPath, ['-e', script, 'a']),
      run(process.execPath, ['-e', script, 'b']),
      appendEntry(file, entry({ id: 'main' })),
    ]);
    const p = await readLog(file);
    assert.deepEqual(p.badLines, []);
    assert.equal(p.entries.length, 401);
    assert.equal(new Set(p.entries.map((e) => e.id)).size, 401);
    await fs.rm(dir, { recursive: true });
  });
});

describe('session: recording an approval', () => {
  // Regression: "abc" (or 0, or 2.5) as the expiry ended the six-step flow silently, losing every
  // answer; the input box now says what it takes while typing.
  it('the expiry box takes empty (the default) or whole days from 1 to 366', () => {
    for (const ok of ['', ' ', '1', '7', ' 30 ', '366']) assert.equal(expiryDaysProblem(ok), undefined, ok);
    for (const bad of ['abc', '0', '-3', '2.5', '367', '1e3', '07', '7 days'])
      assert.match(expiryDaysProblem(bad) ?? '', /whole number of days from 1 to 366/, bad);
  });
});

describe('session: revoke edits', () => {
  it('turns network off and live web search back to cached, keeping comments', () => {
    const text = '# team config\nweb_search = "live" # for the spike\n\n[sandbox_workspace_write]\n# temporary!\nnetwork_access = true\n';
    const r = revokeText(text, DEFAULT_BASELINE);
    assert.equal(
      r.after,
      '# team config\nweb_search = "cached" # for the spike\n\n[sandbox_workspace_write]\n# temporary!\nnetwork_access = false\n',
    );
    assert.equal(r.changes.length, 2);
    assert.ok(parseTomlWithPositions(r.after!).ok);
  });
  it('handles permission profiles and the deprecated web_search_request', () => {
    const text = 'default_permissions = "dev"\n[features]\nweb_search_request = true\n[permissions.dev.network]\nenabled = true\n';
    const r = revokeText(text, DEFAULT_BASELINE);
    assert.equal(r.after, 'default_permissions = "dev"\nweb_search = "cached"\n[features]\n[permissions.dev.network]\nenabled = false\n');
  });
  it('proposes nothing for a file at baseline or one that does not parse', () => {
    assert.deepEqual(revokeText('sandbox_mode = "workspace-write"\n', DEFAULT_BASELINE).edits, []);
    assert.match(revokeText('web_search = \n', DEFAULT_BASELINE).error ?? '', /does not parse/);
  });
});

describe('session: checklist', () => {
  const base = { now, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [], expired: [] };
  const git = {
    kind: 'repository' as const,
    branch: 'feature/x',
    detached: false,
    head: 'b'.repeat(40),
    staged: 0,
    unstaged: 0,
    untracked: 0,
    conflicts: 0,
    source: 'git-cli' as const,
  };
  const state = (items: ReturnType<typeof evaluateChecklist>, id: string) => items.find((i) => i.id === id)!.state;
  it('automatic items follow the facts', () => {
    const items = evaluateChecklist({ ...base, session, git });
    assert.equal(state(items, 'clean-tree'), 'done');
    assert.equal(state(items, 'feature-branch'), 'done');
    assert.equal(state(items, 'committed'), 'done');
    assert.equal(state(items, 'tests-run'), 'done');
    assert.equal(state(items, 'reviewed-diff'), 'done');
    assert.equal(state(items, 'patches'), 'todo');
    assert.equal(state(items, 'sandbox-verified'), 'todo');
    const dirty = evaluateChecklist({
      ...base,
      session,
      git: { ...git, untracked: 2, head: session.startHead },
      gitWarnings: ['protected-branch'],
    });
    assert.equal(state(dirty, 'clean-tree'), 'todo');
    assert.equal(state(dirty, 'feature-branch'), 'todo');
    assert.equal(state(dirty, 'committed'), 'todo');
    const exp = evaluateChecklist({ ...base, session, expired: [{ entry: entry(), stillOn: ['network'] }] });
    assert.equal(state(exp, 'no-expired'), 'warn');
  });
  it('branch names come from the feature-branch pattern', () => {
    assert.equal(suggestBranchName('^(feature|fix|codex)/.+', 'Fix the Login redirect!', now), 'codex/fix-the-login-redirect');
    assert.equal(suggestBranchName('^(feature|fix)/.+', '', now), 'feature/session-2025-06-10');
  });
});

describe('session: record, summary, audit reminder, sandbox args', () => {
  it('the record has times, both postures, every item, entries and tests', () => {
    const items = evaluateChecklist({ now, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [], expired: [], session });
    const md = sessionRecordMarkdown({
      session,
      finishedAt: now,
      endPosture: session.startPosture,
      items,
      entries: [entry()],
      branch: 'feature/x',
    });
    assert.match(md, /^# Codex session 2025-06-10 10:00 UTC/);
    assert.match(md, /Posture at end: sandbox workspace-write, approval on-request, network off, web search cached/);
    assert.match(md, /- \[x\] Reviewed every proposed diff \(manual\)/);
    assert.match(md, /Exception: network for npm install \(registry\.npmjs\.org\) — requested by alice/);
    assert.match(md, /task "test": exit 0/);
    assert.equal(items.length, md.split('\n').filter((l) => /^- \[[ x!?]\] /.test(l)).length);
    const sum = commitSummary({ session, now, items, entries: [entry()] });
    assert.match(sum, /\n\nCodex session:\n- Posture: sandbox workspace-write/);
    assert.match(sum, /- Tests: task "test" \(exit 0\)/);
  });
  // Regression: with no codex installed, the commit summary and the record said "FAIL".
  it('a sandbox verification that could not run reads "could not verify", not FAIL', () => {
    const items = evaluateChecklist({ now, baseline: DEFAULT_BASELINE, findings: [], gitWarnings: [], expired: [], session });
    const sandbox = {
      at: '2025-06-10T10:30:00.000Z',
      folder: '/w',
      sandbox: 'workspace-write',
      networkAccess: false,
      probes: [],
      passed: false,
      unavailable: 'codex was not found',
    };
    const sum = commitSummary({ session, now, items, entries: [], sandbox });
    assert.match(sum, /- Sandbox verification tried 2025-06-10 10:30: could not verify/);
    assert.doesNotMatch(sum, /FAIL/);
    const md = sessionRecordMarkdown({
      session,
      finishedAt: now,
      endPosture: session.startPosture,
      items,
      entries: [],
      branch: 'feature/x',
      sandbox,
    });
    assert.match(md, /\*\*could not verify\*\*/);
    assert.doesNotMatch(md, /FAIL/);
    assert.match(
      commitSummary({ session, now, items, entries: [], sandbox: { ...sandbox, unavailable: undefined } }),
      /- Sandbox verified 2025-06-10 10:30: FAIL/,
    );
  });
  it('reminds after 90 days, at most weekly, never after "don\'t remind me"', () => {
    assert.equal(auditReminderDue({ lastAudit: '2025-05-01T00:00:00Z' }, now), false);
    assert.equal(auditReminderDue({ lastAudit: '2025-01-01T00:00:00Z' }, now), true);
    assert.equal(auditReminderDue({ lastAudit: '2025-01-01T00:00:00Z', lastReminded: '2025-06-05T00:00:00Z' }, now), false);
    assert.equal(auditReminderDue({ lastAudit: '2025-01-01T00:00:00Z', dontRemind: true }, now), false);
  });
  it('passes the posture to codex sandbox explicitly (it ignores sandbox_mode in config files)', () => {
    assert.deepEqual(sandboxOverrides({ sandbox: 'workspace-write', networkAccess: false }), [
      '-c',
      'sandbox_mode="workspace-write"',
      '-c',
      'sandbox_workspace_write.network_access=false',
    ]);
    assert.deepEqual(sandboxOverrides({ sandbox: 'read-only', networkAccess: false }), ['-c', 'sandbox_mode="read-only"']);
  });
});
