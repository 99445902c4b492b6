// "Audit Codex Configuration": a Markdown report of every layer, the effective posture with its
// provenance, all findings, the exceptions and their expiry, and the last audit's date; plus the
// rule for the gentle reminder (at most weekly, only when the last audit is over 90 days old).
import { describeProvenance } from '../config/json';
import type { PostureSnapshot } from '../config/types';
import { loadFailure, type Baseline, type Finding } from '../present/posture';
import { incidentsMarkdown, timelineSummary, timelineSvg } from '../sessions/evidence';
import type { SessionSummary } from '../sessions/types';
import { markdownCode, markdownText } from '../present/safeText';
import { AUDIT_MAX_AGE_DAYS } from './checklist';
import { describeEntry, isExpired, type LogEntry } from './log';

export interface AuditInput {
  readonly now: Date;
  readonly folderName: string;
  readonly snapshot: PostureSnapshot;
  readonly findings: readonly Finding[];
  /** Lint findings per config file: file → lines like "3:1 CP403 warning message". */
  readonly lint: readonly { file: string; lines: readonly string[] }[];
  readonly entries: readonly LogEntry[];
  readonly lastAudit?: string;
  /** Codex's own records of the folder's sessions (the last 90 days at least). */
  readonly codexSessions?: readonly SessionSummary[];
  readonly baseline?: Baseline;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Paths, folder names, config values and messages come from the user's files and the workspace:
 * escaped, so the report (opened as Markdown, often previewed) shows them and never renders them.
 */
const one = markdownText;

export function auditMarkdown(a: AuditInput): string {
  const s = a.snapshot;
  const out = [
    `# Codex configuration audit: ${one(a.folderName)}`,
    '',
    `- Date: ${a.now.toISOString()}`,
    `- Previous audit: ${a.lastAudit ?? 'never'}`,
    `- CODEX_HOME: ${markdownCode(s.codexHome)}`,
    `- Surface: ${s.surface}`,
    '',
  ];
  out.push('## Layers', '', '| layer | file | exists | applies |', '|---|---|---|---|');
  for (const l of s.layers)
    out.push(
      `| ${l.kind} | ${markdownCode(l.file, true)} | ${l.exists ? 'yes' : 'no'} | ${l.applied ? 'yes' : `no${l.disabledReason ? `: ${one(l.disabledReason)}` : ''}`} |`,
    );
  out.push('', '## Effective posture', '');
  if (!s.loads) out.push(`${one(loadFailure(s))}${s.loadError?.file ? ` (${one(s.loadError.file)}:${s.loadError.line ?? ''})` : ''}`);
  else {
    out.push('| setting | value | set by |', '|---|---|---|');
    for (const [k, v] of [
      ['sandbox', s.sandbox],
      ['approval', s.approval],
      ['approvals reviewer', s.approvalsReviewer],
      ['network access', s.networkAccess],
      ['web search', s.webSearch],
      ['permission profile', s.permissionProfile],
      ['trusted', s.trusted],
      ['writable roots', s.writableRoots],
    ] as const) {
      if (v)
        out.push(
          `| ${k} | ${one(Array.isArray(v.value) ? v.value.join(', ') || '(none)' : String(v.value))} | ${one(describeProvenance(v.from))} |`,
        );
    }
  }
  out.push('', '## Findings', '');
  if (!a.findings.length) out.push('No posture findings.');
  for (const f of a.findings) out.push(`- ${f.severity}: ${one(f.message)}`);
  for (const l of a.lint) {
    out.push('', `### ${markdownCode(l.file)}`, '');
    out.push(...(l.lines.length ? l.lines.map((x) => `- ${one(x)}`) : ['No findings.']));
  }
  out.push('', '## Approvals and exceptions', '');
  const withExpiry = a.entries.filter((e) => e.kind !== 'revocation');
  if (!withExpiry.length) out.push('None recorded.');
  for (const e of withExpiry)
    out.push(
      `- ${one(describeEntry(e))}: ${e.expires ? `${isExpired(e, a.now) ? 'expired' : 'expires'} ${one(e.expires)}` : 'no expiry'}${e.requester ? `, requested by ${one(e.requester)}` : ''}`,
    );
  if (a.codexSessions && a.baseline) {
    const recent = a.codexSessions.filter((s) => a.now.getTime() - Date.parse(s.endedAt) <= AUDIT_MAX_AGE_DAYS * DAY);
    out.push('', ...incidentsMarkdown(recent, a.baseline));
    // The SVG renders in the Markdown preview, in the theme's chart colours; each square has a title,
    // and the Incidents above say the same in text.
    out.push(
      '',
      '## Sessions in the last 90 days',
      '',
      'Each square is one Codex session, on the day it started, coloured by the least safe posture it ran with.',
      '',
      timelineSvg(recent, a.baseline, a.now, AUDIT_MAX_AGE_DAYS),
      '',
      timelineSummary(recent, a.baseline, a.now, AUDIT_MAX_AGE_DAYS),
    );
  }
  out.push('');
  return out.join('\n');
}

export interface ReminderState {
  readonly lastAudit?: string;
  readonly lastReminded?: string;
  readonly dontRemind?: boolean;
}

/** Remind when the last audit is older than 90 days (or never happened) and not within a week of the last reminder. */
export function auditReminderDue(r: ReminderState, now: Date): boolean {
  if (r.dontRemind) return false;
  if (r.lastAudit && now.getTime() - Date.parse(r.lastAudit) <= AUDIT_MAX_AGE_DAYS * DAY) return false;
  if (r.lastReminded && now.getTime() - Date.parse(r.lastReminded) < 7 * DAY) return false;
  return true;
}
