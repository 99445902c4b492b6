// The session record (Markdown, written by "Finish Session") and the commit-message summary. Both
// are built from plain data so they are unit-tested without VS Code. Secrets never reach them: the
// posture holds only enums and booleans, log entries hold what the user typed as scope, and test
// command lines (typed in a terminal, so they may carry `TOKEN=…`) and probe output are redacted.
// Text from the workspace (the approval log is a file in it), git and terminals is escaped: the
// record is Markdown that a reviewer reads rendered, the summary lands in `git log` in a terminal.
import type { SandboxVerification } from '../codex/sandbox';
import { markdownCode, markdownText, plainText } from '../present/safeText';
import type { Baseline } from '../present/posture';
import { redactSecretsInText } from '../rules/secrets';
import { commitLines, recordMarkdown } from '../sessions/evidence';
import type { SessionSummary } from '../sessions/types';
import { PHASES, postureWords, type ItemView, type PostureSummary, type SessionData } from './checklist';
import { describeEntry, isExpired, type LogEntry } from './log';

export interface RecordInput {
  readonly session: SessionData;
  readonly finishedAt: Date;
  readonly endPosture?: PostureSummary;
  readonly items: readonly ItemView[];
  /** Entries written during the session, plus exceptions still active. */
  readonly entries: readonly LogEntry[];
  readonly sandbox?: SandboxVerification;
  readonly branch?: string;
  readonly head?: string;
  /** Codex's own records of the sessions in the folder since the checklist started. */
  readonly codexSessions?: readonly SessionSummary[];
  readonly baseline?: Baseline;
}

const MARK: Record<ItemView['state'], string> = { done: '[x]', todo: '[ ]', warn: '[!]', unknown: '[?]' };

/** Markdown list text from anywhere: one line, no links, HTML, escape sequences or bidi overrides. */
const cell = markdownText;

export function sessionEntries(all: readonly LogEntry[], session: SessionData, now: Date): LogEntry[] {
  const start = Date.parse(session.startedAt);
  return all.filter((e) => Date.parse(e.at) >= start || (e.kind !== 'revocation' && e.expires && !isExpired(e, now)));
}

export function recordFileName(session: SessionData): string {
  return `codex-session-${session.startedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z')}.md`;
}

/**
 * A verification that could not run (no codex, no bubblewrap) is neither a pass nor a FAIL: the
 * record and the commit summary said FAIL for a machine without codex, next to "could not verify".
 */
function verdict(v: SandboxVerification): string {
  return v.unavailable ? 'could not verify' : v.passed ? 'pass' : 'FAIL';
}

export function sandboxLines(v: SandboxVerification | undefined): string[] {
  if (!v) return ['Not verified.'];
  const out = [
    `${v.unavailable ? 'Tried' : 'Verified'} ${v.at} with ${markdownCode(v.codex ?? 'codex')}: sandbox ${v.sandbox}, network ${v.networkAccess ? 'on' : 'off'}: **${verdict(v)}**.`,
  ];
  if (v.unavailable) out.push('', `Could not verify: ${cell(v.unavailable)}`);
  for (const p of v.probes)
    out.push(
      `- ${p.passed ? 'pass' : 'FAIL'}: ${cell(p.title)} (exit ${p.exitCode ?? 'none'}${p.timedOut ? ', timed out' : ''}, ${p.durationMs} ms)${p.output ? ` — ${markdownCode(redactSecretsInText(p.output.trimEnd().split('\n').slice(-1)[0]))}` : ''}`,
    );
  return out;
}

export function sessionRecordMarkdown(r: RecordInput): string {
  const s = r.session;
  const lines: string[] = [
    `# Codex session ${s.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- Folder: ${markdownCode(s.folder)}`,
    `- Started: ${s.startedAt}`,
    `- Finished: ${r.finishedAt.toISOString()}`,
    `- Branch: ${cell(s.startBranch ?? '?')} → ${cell(r.branch ?? '?')}${r.head ? ` (HEAD ${r.head.slice(0, 8)})` : ''}`,
    `- Posture at start: ${cell(postureWords(s.startPosture))}`,
    `- Posture at end: ${cell(postureWords(r.endPosture))}`,
    '',
    '## Checklist',
  ];
  for (const phase of PHASES) {
    lines.push('', `### ${phase.label}`, '');
    for (const i of r.items.filter((x) => x.phase === phase.id)) {
      lines.push(
        `- ${MARK[i.state]} ${cell(i.label)}${i.kind === 'manual' ? ' (manual)' : ''}${i.detail && i.detail !== 'checked' ? ` — ${cell(redactSecretsInText(i.detail))}` : ''}`,
      );
    }
  }
  lines.push('', '## Approvals and exceptions', '');
  if (!r.entries.length) lines.push('None.');
  for (const e of r.entries) {
    // `at` and `expires` only have to satisfy Date.parse, which accepts "Jan 1 2025 (any text)".
    const bits = [
      e.requester && `requested by ${cell(e.requester)}`,
      e.reason && `reason: ${cell(e.reason)}`,
      e.expires && `expires ${cell(e.expires)}`,
      e.rollback && `rollback: ${cell(e.rollback)}`,
    ].filter(Boolean);
    lines.push(`- ${cell(e.at)} ${cell(describeEntry(e))}${bits.length ? ` — ${bits.join('; ')}` : ''}`);
    for (const c of changesOf(e)) lines.push(`  - ${cell(c)}`);
  }
  if (r.codexSessions && r.baseline) lines.push('', ...recordMarkdown(r.codexSessions, r.baseline));
  lines.push('', '## Tests and checks', '');
  if (!s.testRuns.length) lines.push('None recorded.');
  for (const t of s.testRuns) lines.push(`- ${t.at} ${cell(redactSecretsInText(t.name))}: exit ${t.exitCode}`);
  if (s.stashes.length) lines.push('', `Stashed before the session: ${s.stashes.map((x) => cell(x.message)).join('; ')}`);
  lines.push('', '## Sandbox verification', '', ...sandboxLines(r.sandbox), '');
  return lines.join('\n');
}

/** The log is a file in the workspace: `changes` is whatever JSON it holds. */
function changesOf(e: LogEntry): string[] {
  return Array.isArray(e.changes) ? e.changes.map(String) : [];
}

/**
 * The commit message body: posture, approvals and exceptions, checks and tests. Plain text, one
 * line per item: no text from the log or a terminal can add a line (a fake trailer) or carry an
 * escape sequence into `git log`.
 */
export function commitSummary(r: Omit<RecordInput, 'finishedAt'> & { now: Date }): string {
  const lines = ['', '', 'Codex session:', `- Posture: ${postureWords(r.endPosture ?? r.session.startPosture)}`];
  const approvals = r.entries.filter((e) => e.kind !== 'revocation');
  const revocations = r.entries.filter((e) => e.kind === 'revocation');
  lines.push(
    approvals.length
      ? `- Approvals/exceptions: ${approvals.map((e) => `${plainText(describeEntry(e))}${e.expires ? ` until ${plainText(e.expires.slice(0, 10))}` : ''}`).join('; ')}`
      : '- Approvals/exceptions: none',
  );
  if (revocations.length) lines.push(`- Revoked: ${revocations.map((e) => plainText(changesOf(e).join(', ') || e.scope)).join('; ')}`);
  if (r.codexSessions && r.baseline) lines.push(...commitLines(r.codexSessions, r.baseline));
  const tests = r.session.testRuns;
  lines.push(
    tests.length
      ? `- Tests: ${tests.map((t) => `${plainText(redactSecretsInText(t.name))} (exit ${t.exitCode})`).join(', ')}`
      : '- Tests: none recorded',
  );
  if (r.sandbox)
    lines.push(
      `- Sandbox ${r.sandbox.unavailable ? 'verification tried' : 'verified'} ${r.sandbox.at.slice(0, 16).replace('T', ' ')}: ${verdict(r.sandbox)}`,
    );
  const manual = r.items.filter((i) => i.kind === 'manual' && i.state === 'done').map((i) => plainText(i.label));
  if (manual.length) lines.push(`- Checked: ${manual.join('; ')}`);
  return lines.join('\n');
}
