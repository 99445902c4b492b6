// What the session playbook, the record, the commit summary, the audit and the badge take from
// Codex's own records: off-baseline turns, commands outside the sandbox, approvals and denials,
// sandbox errors, and a timeline. Plain data in, plain text out (no VS Code).
import type { Baseline } from '../present/posture';
import { markdownCode, markdownText, plainText } from '../present/safeText';
import type { RecordedApproval, RecordedPosture, SessionSummary } from './types';

/** Names one recorded approval, so the approval log can say it was logged. */
export function recordKey(session: string, at: string): string {
  return `${session}@${at}`;
}

export type PostureClass = 'yolo' | 'off-baseline' | 'baseline' | 'unknown';

/** Why a recorded posture is not the team's baseline (empty: it is, as far as the record says). */
export function offBaselineReasons(p: RecordedPosture, b: Baseline): string[] {
  const out: string[] = [];
  if (p.sandbox !== 'unknown' && !b.sandbox.includes(p.sandbox)) out.push(`sandbox ${p.sandbox}`);
  // on-failure is read as on-request by 0.171.
  const approval = p.approval === 'on-failure' ? 'on-request' : p.approval;
  if (approval !== 'unknown' && !(b.approval as readonly string[]).includes(approval)) out.push(`approval ${p.approval}`);
  if (p.networkAccess === true && !b.networkAccess && p.sandbox !== 'danger-full-access') out.push('network on');
  return out;
}

export function postureClass(p: RecordedPosture, b: Baseline): PostureClass {
  if (p.sandbox === 'danger-full-access' && p.approval === 'never') return 'yolo';
  if (offBaselineReasons(p, b).length) return 'off-baseline';
  if (p.sandbox === 'unknown' || p.approval === 'unknown') return 'unknown';
  return 'baseline';
}

const RANK: Record<PostureClass, number> = { baseline: 0, unknown: 1, 'off-baseline': 2, yolo: 3 };

/** The worst posture a session ran with. */
export function sessionClass(s: SessionSummary, b: Baseline): PostureClass {
  let worst: PostureClass = s.postures.length ? 'baseline' : 'unknown';
  for (const p of s.postures) {
    const c = postureClass(p, b);
    if (RANK[c] > RANK[worst]) worst = c;
  }
  return worst;
}

export function recordedPostureWords(p: RecordedPosture): string {
  if (p.sandbox === 'danger-full-access' && p.approval === 'never') return 'YOLO (danger-full-access, approval never)';
  const bits = [`sandbox ${p.sandbox}`, `approval ${p.approval}`];
  if (p.approvalsReviewer === 'auto_review') bits.push('auto review');
  if (p.networkAccess !== null) bits.push(`network ${p.networkAccess ? 'on' : 'off'}`);
  return bits.join(', ');
}

/** Sessions that were active at or after `since`. */
export function sessionsSince(sessions: readonly SessionSummary[], since: string): SessionSummary[] {
  return sessions.filter((s) => s.endedAt >= since);
}

export interface EvidenceTotals {
  readonly sessions: number;
  readonly offBaseline: Array<{ at: string; words: string; reasons: string[] }>;
  readonly approved: Array<RecordedApproval & { session: string }>;
  readonly denied: number;
  readonly outsideSandbox: number;
  /** Commands that ran with no sandbox and no approval (danger-full-access turns). */
  readonly unapprovedOutside: number;
  readonly sandboxDenials: number;
  readonly webSearches: number;
  readonly refused: number;
}

export function totals(sessions: readonly SessionSummary[], b: Baseline): EvidenceTotals {
  const t = {
    sessions: sessions.length,
    offBaseline: [] as EvidenceTotals['offBaseline'],
    approved: [] as EvidenceTotals['approved'],
    denied: 0,
    outsideSandbox: 0,
    unapprovedOutside: 0,
    sandboxDenials: 0,
    webSearches: 0,
    refused: 0,
  };
  for (const s of sessions) {
    for (const p of s.postures) {
      const reasons = postureClass(p, b) === 'yolo' ? ['YOLO'] : offBaselineReasons(p, b);
      if (reasons.length) t.offBaseline.push({ at: p.at, words: recordedPostureWords(p), reasons });
    }
    for (const a of s.approvals) {
      if (a.decision === 'approved') t.approved.push({ ...a, session: s.id });
      else t.denied++;
    }
    const approvedCommands = s.approvals.filter((a) => a.kind === 'command' && a.decision === 'approved').length;
    t.outsideSandbox += s.commandsOutsideSandbox;
    t.unapprovedOutside += Math.max(0, s.commandsOutsideSandbox - approvedCommands);
    t.sandboxDenials += s.sandboxDenials;
    t.webSearches += s.webSearches;
    t.refused += s.escalations.filter((e) => e.outcome === 'refused').length;
  }
  return t;
}

const hhmm = (iso: string) => iso.slice(11, 16);
const day = (iso: string) => iso.slice(0, 10);

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 Codex sessions; 3 approvals (1 denied); 4 commands outside the sandbox; 1 sandbox error". */
export function evidenceWords(t: EvidenceTotals): string {
  const bits = [count(t.sessions, 'Codex session'), `${count(t.approved.length, 'approval')}${t.denied ? ` (${t.denied} denied)` : ''}`];
  if (t.outsideSandbox) bits.push(`${count(t.outsideSandbox, 'command')} outside the sandbox`);
  if (t.sandboxDenials) bits.push(count(t.sandboxDenials, 'sandbox error'));
  if (t.offBaseline.length) bits.push(count(t.offBaseline.length, 'off-baseline posture change'));
  return bits.join('; ');
}

/** The session record's section: what Codex's own records say happened during the session. */
export function recordMarkdown(sessions: readonly SessionSummary[], b: Baseline): string[] {
  const out = ['## What Codex recorded', ''];
  if (!sessions.length)
    return [...out, 'No Codex session in this folder since the checklist started (or Codex has not written its records yet).'];
  const t = totals(sessions, b);
  out.push(`${markdownText(evidenceWords(t))}.`, '');
  for (const s of sessions) {
    out.push(
      `- ${s.startedAt.slice(0, 16).replace('T', ' ')} to ${hhmm(s.endedAt)} UTC, ${s.surface} (${markdownText(s.originator)}), Codex ${markdownText(s.codexVersion)}: ${s.commands} command(s), ${s.commandsOutsideSandbox} outside the sandbox, ${s.sandboxDenials} sandbox error(s), ${s.webSearches} web search(es)`,
    );
    for (const p of s.postures)
      out.push(
        `  - from ${hhmm(p.at)}: ${markdownText(recordedPostureWords(p))}${offBaselineReasons(p, b).length ? ' (off baseline)' : ''}`,
      );
    for (const a of s.approvals)
      out.push(
        `  - ${hhmm(a.at)} ${a.kind} ${a.decision} by ${a.reviewer === 'auto_review' ? 'auto review' : a.reviewer}${a.command ? `: ${markdownCode(a.command)}` : ''}`,
      );
    const unapproved = s.commandsOutsideSandbox - s.approvals.filter((a) => a.kind === 'command' && a.decision === 'approved').length;
    if (unapproved > 0)
      out.push(`  - ${unapproved} command(s) ran with no sandbox and no approval (danger-full-access); their command lines are not shown`);
    for (const f of s.writesOutsideWorkspace) out.push(`  - wrote outside the workspace: ${markdownCode(f)}`);
  }
  return out;
}

/** Commit message lines (plain text, one line each). */
export function commitLines(sessions: readonly SessionSummary[], b: Baseline): string[] {
  if (!sessions.length) return [];
  const t = totals(sessions, b);
  const out = [`- Codex records: ${plainText(evidenceWords(t))}`];
  if (t.approved.length)
    out.push(
      `- Approved by ${[...new Set(t.approved.map((a) => a.reviewer))].join('/')}: ${t.approved.map((a) => (a.command ? plainText(a.command) : `${a.kind} at ${hhmm(a.at)}`)).join('; ')}`,
    );
  if (t.unapprovedOutside) out.push(`- Ran with no sandbox and no approval: ${t.unapprovedOutside} command(s)`);
  return out;
}

export interface Incident {
  readonly at: string;
  readonly session: string;
  readonly kind: 'yolo' | 'off-baseline' | 'escalation' | 'denied' | 'sandbox-error';
  readonly text: string;
}

/** The audit's Incidents: sessions that ran YOLO or off the baseline, escalations, denials, sandbox errors. */
export function incidents(sessions: readonly SessionSummary[], b: Baseline): Incident[] {
  const out: Incident[] = [];
  for (const s of sessions) {
    for (const p of s.postures) {
      const c = postureClass(p, b);
      if (c === 'yolo' || c === 'off-baseline')
        out.push({ at: p.at, session: s.id, kind: c, text: `${s.surface} session ran ${recordedPostureWords(p)}` });
    }
    for (const e of s.escalations) {
      if (e.outcome === 'ran')
        out.push({
          at: e.at,
          session: s.id,
          kind: 'escalation',
          text: `command ran outside the sandbox after approval${e.command ? `: ${e.command}` : ''}`,
        });
      else if (e.outcome === 'refused')
        out.push({
          at: e.at,
          session: s.id,
          kind: 'escalation',
          text: 'the agent asked to run outside the sandbox (refused: approval never)',
        });
    }
    for (const a of s.approvals)
      if (a.decision !== 'approved')
        out.push({
          at: a.at,
          session: s.id,
          kind: 'denied',
          text: `${a.kind} request ${a.decision} by ${a.reviewer === 'auto_review' ? 'auto review' : a.reviewer}`,
        });
    if (s.sandboxDenials)
      out.push({ at: s.endedAt, session: s.id, kind: 'sandbox-error', text: `${s.sandboxDenials} command(s) failed on a sandbox error` });
  }
  return out.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}

export function incidentsMarkdown(sessions: readonly SessionSummary[], b: Baseline): string[] {
  const list = incidents(sessions, b);
  const out = ['## Incidents', ''];
  if (!list.length)
    return [...out, sessions.length ? `None in ${sessions.length} recorded session(s).` : 'No Codex session recorded for this folder.'];
  out.push(`${list.length} in ${sessions.length} recorded session(s), newest first:`, '');
  // At most 100: `codex-posture sessions` lists everything.
  for (const i of list.slice(0, 100))
    out.push(
      `- ${i.at.slice(0, 16).replace('T', ' ')} UTC ${i.kind}: ${markdownText(i.text)} (session ${markdownCode(i.session.slice(0, 13))})`,
    );
  return out;
}

const CLASS_COLOUR: Record<PostureClass, { v: string; fallback: string; label: string }> = {
  baseline: { v: '--vscode-charts-green', fallback: '#388a34', label: 'at the baseline' },
  unknown: { v: '--vscode-charts-blue', fallback: '#1a85ff', label: 'not recorded' },
  'off-baseline': { v: '--vscode-charts-yellow', fallback: '#bf8803', label: 'off the baseline' },
  yolo: { v: '--vscode-charts-red', fallback: '#e51400', label: 'YOLO' },
};

/**
 * The last `days` days of sessions, one column a day, one square a session (stacked), coloured by
 * the worst posture it ran with. Theme-aware: colours are VS Code's chart colours (with fallbacks
 * outside VS Code), text and axis use currentColor.
 */
const DAY_MS = 86_400_000;

/** The last `days` whole UTC days up to today, and each day's sessions by class (day 0 is the first). */
function lastDays(sessions: readonly SessionSummary[], b: Baseline, now: Date, days: number) {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const start = end - days * DAY_MS;
  const perDay = new Map<number, PostureClass[]>();
  for (const s of sessions) {
    const t = Date.parse(s.startedAt);
    if (!(t >= start && t < end)) continue;
    const d = Math.floor((t - start) / DAY_MS);
    const list = perDay.get(d) ?? [];
    list.push(sessionClass(s, b));
    perDay.set(d, list);
  }
  return { start, end, perDay };
}

export function timelineSvg(sessions: readonly SessionSummary[], b: Baseline, now: Date, days = 90): string {
  const { start, perDay } = lastDays(sessions, b, now, days);
  const cell = 8;
  const gap = 2;
  const maxStack = 8;
  const left = 4;
  const top = 6;
  const chartH = maxStack * (cell + gap);
  const width = left + days * (cell + gap) + 4;
  const height = top + chartH + 34;
  const rects: string[] = [];
  for (const [d, list] of [...perDay.entries()].sort((x, y) => x[0] - y[0])) {
    const sorted = [...list].sort((x, y) => RANK[y] - RANK[x]);
    sorted.slice(0, maxStack).forEach((c, i) => {
      const colour = CLASS_COLOUR[c];
      const x = left + d * (cell + gap);
      const y = top + chartH - (i + 1) * (cell + gap);
      rects.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" rx="1" style="fill:var(${colour.v}, ${colour.fallback})"><title>${day(new Date(start + d * DAY_MS).toISOString())}: ${colour.label}</title></rect>`,
      );
    });
    if (list.length > maxStack)
      rects.push(`<text x="${left + d * (cell + gap)}" y="${top + 6}" font-size="7" fill="currentColor">+${list.length - maxStack}</text>`);
  }
  const axisY = top + chartH + 2;
  const ticks: string[] = [];
  for (let d = 0; d < days; d += 14)
    ticks.push(
      `<text x="${left + d * (cell + gap)}" y="${axisY + 11}" font-size="9" fill="currentColor">${day(new Date(start + d * DAY_MS).toISOString()).slice(5)}</text>`,
    );
  const legend = (['baseline', 'off-baseline', 'yolo', 'unknown'] as const)
    .map(
      (c, i) =>
        `<rect x="${left + i * 110}" y="${axisY + 17}" width="${cell}" height="${cell}" style="fill:var(${CLASS_COLOUR[c].v}, ${CLASS_COLOUR[c].fallback})"/><text x="${left + i * 110 + 12}" y="${axisY + 25}" font-size="9" fill="currentColor">${CLASS_COLOUR[c].label}</text>`,
    )
    .join('');
  const count = [...perDay.values()].reduce((n, l) => n + l.length, 0);
  return [
    // Scaled down to the width of a narrow preview, so the latest days (the right end) stay in view.
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width:100%;height:auto" role="img" aria-label="Codex sessions in the last ${days} days by posture: ${count} session(s)">`,
    `<line x1="${left}" y1="${axisY}" x2="${width - 4}" y2="${axisY}" stroke="currentColor" stroke-opacity="0.4"/>`,
    ...rects,
    ...ticks,
    legend,
    '</svg>',
  ].join('');
}

/**
 * The timeline in words, under the picture: a narrow preview shrinks the SVG until its labels are
 * unreadable, and Markdown viewers outside VS Code drop inline SVG. "2026-09-08 to 2026-12-06:
 * 1 YOLO, 2 off the baseline, 10 at the baseline."
 */
export function timelineSummary(sessions: readonly SessionSummary[], b: Baseline, now: Date, days = 90): string {
  const { start, end, perDay } = lastDays(sessions, b, now, days);
  const counts = new Map<PostureClass, number>();
  for (const c of [...perDay.values()].flat()) counts.set(c, (counts.get(c) ?? 0) + 1);
  const range = `${day(new Date(start).toISOString())} to ${day(new Date(end - DAY_MS).toISOString())}`;
  const parts = (['yolo', 'off-baseline', 'baseline', 'unknown'] as const)
    .filter((c) => counts.get(c))
    .map((c) => `${counts.get(c)} ${CLASS_COLOUR[c].label}`);
  return `${range}: ${parts.length ? parts.join(', ') : 'no sessions'}.`;
}

/** The badge tooltip's line: "Last Codex session here: 2 h ago, workspace-write, on-request, 3 approvals". */
export function lastSessionLine(sessions: readonly SessionSummary[], now: Date): string | undefined {
  const s = sessions[0];
  if (!s) return undefined;
  const p = s.postures[s.postures.length - 1];
  const ms = now.getTime() - Date.parse(s.endedAt);
  const when =
    ms < 120_000
      ? 'just now'
      : ms < 7_200_000
        ? `${Math.round(ms / 60_000)} min ago`
        : ms < 172_800_000
          ? `${Math.round(ms / 3_600_000)} h ago`
          : `${Math.round(ms / 86_400_000)} days ago`;
  const approvals = s.approvals.filter((a) => a.decision === 'approved').length;
  return `Last Codex session here: ${when}, ${p ? recordedPostureWords(p) : 'posture not recorded'}, ${count(approvals, 'approval')}`;
}
