// What the playbook takes from Codex's records (src/core/sessions/evidence.ts): off-baseline turns,
// incidents, the record and commit lines, the 90-day timeline SVG and the badge's line, on the real
// 0.171.0 fixtures.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_BASELINE } from '../../src/core/present/posture';
import { SessionIndex, type SessionSummary } from '../../src/core/sessions';
import { evaluateChecklist, type ChecklistInput, type SessionData } from '../../src/core/session/checklist';
import { commitSummary, sessionRecordMarkdown } from '../../src/core/session/record';
import { auditMarkdown } from '../../src/core/session/audit';
import type { PostureSnapshot } from '../../src/core/config/types';
import {
  commitLines,
  recordKey,
  incidents,
  incidentsMarkdown,
  lastSessionLine,
  offBaselineReasons,
  postureClass,
  recordMarkdown,
  sessionClass,
  timelineSummary,
  timelineSvg,
} from '../../src/core/sessions/evidence';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/codex-sessions');

async function sessionsOf(names: string[]): Promise<SessionSummary[]> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cxp-evidence-'));
  try {
    const day = path.join(root, 'sessions', '2026', '12', '06');
    await fs.mkdir(day, { recursive: true });
    for (const [i, n] of names.entries())
      await fs.copyFile(path.join(FIXTURES, `${n}.jsonl`), path.join(day, `rollout-2026-12-06T00-00-0${i}-${n}.jsonl`));
    const index = new SessionIndex({ codexHome: root, folder: '/srv/demo' });
    await index.refresh();
    return [...index.report().sessions];
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

describe('sessions: evidence for the playbook', () => {
  let ide: SessionSummary;
  let all: SessionSummary[];
  before(async () => {
    all = await sessionsOf(['ide-approvals', 'exec-read-only', 'exec-danger-full-access', 'tui-approved', 'ide-auto-review-denied']);
    ide = all.find((s) => s.originator === 'codex_vscode' && s.commands === 5)!;
  });

  it('classes postures against the baseline', () => {
    assert.deepEqual(
      ide.postures.map((p) => postureClass(p, DEFAULT_BASELINE)),
      ['baseline', 'yolo'],
    );
    assert.equal(sessionClass(ide, DEFAULT_BASELINE), 'yolo');
    const ro = all.find((s) => s.surface === 'exec' && s.postures[0].sandbox === 'read-only')!;
    assert.deepEqual(offBaselineReasons(ro.postures[0], DEFAULT_BASELINE), ['sandbox read-only', 'approval never']);
    assert.deepEqual(
      offBaselineReasons(ro.postures[0], {
        ...DEFAULT_BASELINE,
        sandbox: ['read-only', 'workspace-write'],
        approval: ['on-request', 'never'],
      }),
      [],
    );
  });

  it('lists incidents: YOLO, escalations, denials, sandbox errors', () => {
    const kinds = incidents([ide], DEFAULT_BASELINE)
      .map((i) => i.kind)
      .sort();
    assert.deepEqual(kinds, ['denied', 'escalation', 'escalation', 'escalation', 'sandbox-error', 'yolo']);
    const md = incidentsMarkdown(all, DEFAULT_BASELINE).join('\n');
    assert.match(md, /^## Incidents/);
    assert.match(md, /request denied by auto review/);
  });

  it('the record and the commit lines name approved commands only', () => {
    const md = recordMarkdown([ide], DEFAULT_BASELINE).join('\n');
    assert.match(md, /command approved by user: `touch \/srv\/demo\/outside\/t1\.txt`/);
    assert.match(md, /command denied by user\n/);
    assert.ok(!md.includes('SECRET_TOKEN') && !md.includes('Read-only file system'));
    const commit = commitLines([ide], DEFAULT_BASELINE);
    assert.equal(
      commit[0],
      '- Codex records: 1 Codex session; 3 approvals (1 denied); 4 commands outside the sandbox; 1 sandbox error; 1 off-baseline posture change',
    );
    assert.ok(commit.some((l) => l.includes('touch /srv/demo/outside/t2.txt')));
    assert.ok(commit.every((l) => !l.includes('\n')));
  });

  it('draws a theme-aware timeline of the last 90 days', () => {
    const svg = timelineSvg(all, DEFAULT_BASELINE, new Date('2026-12-07T00:00:00Z'));
    assert.match(svg, /^<svg [^>]*role="img"[^>]*>.*<\/svg>$/s);
    assert.equal((svg.match(/<rect [^>]*><title>/g) ?? []).length, all.length, 'one square a session');
    assert.match(svg, /var\(--vscode-charts-red, #e51400\)/);
    assert.ok(!/<script|on[a-z]+=/i.test(svg));
    assert.equal((svg.match(/<svg/g) ?? []).length, 1);
    const outside = timelineSvg(all, DEFAULT_BASELINE, new Date('2027-06-01T00:00:00Z'));
    assert.equal((outside.match(/<title>/g) ?? []).length, 0, 'older than 90 days: not drawn');
    // It shrinks to a narrow preview instead of cutting off the latest days.
    assert.match(svg, /^<svg [^>]*style="max-width:100%;height:auto"/);
  });

  it('says the timeline in words under it', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    const words = timelineSummary(all, DEFAULT_BASELINE, now);
    assert.match(words, /^2026-09-09 to 2026-12-07: /);
    const drawn = (timelineSvg(all, DEFAULT_BASELINE, now).match(/<rect [^>]*><title>/g) ?? []).length;
    const counted = [...words.matchAll(/(\d+) (YOLO|off the baseline|at the baseline|not recorded)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    assert.equal(counted, drawn);
    assert.equal(timelineSummary(all, DEFAULT_BASELINE, new Date('2027-06-01T00:00:00Z')), '2027-03-04 to 2027-06-01: no sessions.');
  });

  it('says the last session in one line', () => {
    const sorted = [...all].sort((a, b) => (a.endedAt < b.endedAt ? 1 : -1));
    assert.equal(
      lastSessionLine(sorted, new Date(Date.parse(sorted[0].endedAt) + 3 * 3_600_000)),
      `Last Codex session here: 3 h ago, sandbox workspace-write, approval on-request, auto review, network off, 0 approvals`,
    );
    assert.equal(lastSessionLine([], new Date()), undefined);
  });

  describe('in the playbook', () => {
    const session: SessionData = {
      id: 's',
      folder: '/srv/demo/ws',
      startedAt: '2026-12-06T00:00:00Z',
      manual: {},
      stashes: [],
      testRuns: [],
      branchesCreated: [],
    };
    const base: ChecklistInput = {
      now: new Date('2026-12-06T12:00:00Z'),
      session,
      baseline: DEFAULT_BASELINE,
      findings: [],
      gitWarnings: [],
      expired: [],
    };
    const item = (input: Partial<ChecklistInput>, id: string) => evaluateChecklist({ ...base, ...input }).find((i) => i.id === id)!;

    it('During and After items come from the records', () => {
      assert.equal(item({}, 'codex-baseline-turns').state, 'unknown', 'records not read yet');
      assert.equal(item({ codexSessions: [] }, 'codex-baseline-turns').state, 'todo');
      assert.equal(item({ codexSessions: [] }, 'codex-escalations').state, 'done');
      const tui = all.find((s) => s.surface === 'interactive')!;
      assert.deepEqual(
        [item({ codexSessions: [tui] }, 'codex-baseline-turns').state, item({ codexSessions: [tui] }, 'codex-escalations').state],
        ['done', 'todo'],
      );
      const logged = tui.approvals.map((a) => recordKey(tui.id, a.at));
      assert.equal(item({ codexSessions: [tui], loggedRecords: logged }, 'codex-escalations').state, 'done');
      const off = item({ codexSessions: [ide] }, 'codex-baseline-turns');
      assert.equal(off.state, 'warn');
      assert.match(off.detail, /sandbox danger-full-access|YOLO/);
      assert.match(item({ codexSessions: [ide] }, 'codex-escalations').detail, /1 command\(s\) ran with no sandbox and no approval/);
      assert.match(item({ codexSessions: [ide] }, 'codex-sandbox-errors').detail, /1 command\(s\) failed on a sandbox error/);
    });

    it('the record, the commit summary and the audit carry them', () => {
      const items = evaluateChecklist({ ...base, codexSessions: [ide] });
      const md = sessionRecordMarkdown({
        session,
        finishedAt: new Date('2026-12-06T12:00:00Z'),
        items,
        entries: [],
        codexSessions: [ide],
        baseline: DEFAULT_BASELINE,
      });
      assert.match(md, /## What Codex recorded\n\n1 Codex session; 3 approvals \(1 denied\)/);
      const commit = commitSummary({ session, now: new Date(), items, entries: [], codexSessions: [ide], baseline: DEFAULT_BASELINE });
      assert.match(commit, /- Codex records: 1 Codex session/);
      const snapshot = {
        loads: false,
        codexHome: '/h',
        surface: 'interactive',
        layers: [],
        loadError: { message: 'x', kind: 'syntax' },
      } as unknown as PostureSnapshot;
      const audit = auditMarkdown({
        now: new Date('2026-12-07T00:00:00Z'),
        folderName: 'demo',
        snapshot,
        findings: [],
        lint: [],
        entries: [],
        codexSessions: all,
        baseline: DEFAULT_BASELINE,
      });
      assert.match(audit, /## Incidents\n\n\d+ in 5 recorded session\(s\)/);
      assert.match(audit, /## Sessions in the last 90 days[\s\S]*<svg [\s\S]*<\/svg>/);
    });
  });
});
