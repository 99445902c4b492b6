// `codex-posture sessions`: what past Codex sessions in a folder really ran with and did, read from
// Codex's own records ($CODEX_HOME/sessions). Read-only; no prompt, output or file content is
// printed, only approved command lines with secrets redacted.
import { codexHomeFrom } from '../core/config/codexHome';
import { UsageError } from '../core/config/launchArgs';
import { SessionIndex, type RecordedPosture, type SessionSummary, type SessionsReport } from '../core/sessions';
import { directoryArg, parseCommandLine, type Io, type Options } from './args';

const SESSIONS_OPTIONS = {
  json: { type: 'boolean' },
  cwd: { type: 'string' },
  since: { type: 'string' },
} as const satisfies Options;

/** `--since 2026-11-01` (a day, UTC) or a full ISO time. */
export function parseSince(raw: string): Date {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(ms)) throw new UsageError(`--since takes a date (2026-11-01) or an ISO time, not '${raw}'`);
  return new Date(ms);
}

export async function sessionsCommand(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandLine(args, SESSIONS_OPTIONS, false, (name) => `unknown option '${name}' for sessions`);
  const dir = await directoryArg(values.cwd ?? process.cwd());
  const since = values.since === undefined ? undefined : parseSince(values.since);
  const index = new SessionIndex({ codexHome: codexHomeFrom(env), folder: dir, since });
  await index.resolveFolder();
  await index.refresh();
  const report = index.report();
  io.out(values.json ? JSON.stringify(report, null, 2) : formatSessions(dir, report));
  return 0;
}

const time = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

export function postureWords(p: RecordedPosture): string {
  const parts: string[] = [p.sandbox, `approval ${p.approval}`];
  if (p.approvalsReviewer === 'auto_review') parts.push('auto review');
  parts.push(p.networkAccess === null ? 'network ?' : p.networkAccess ? 'network on' : 'network off');
  return parts.join(', ');
}

function formatOne(s: SessionSummary): string[] {
  const lines = [
    `${time(s.startedAt)} to ${time(s.endedAt)}  ${s.surface} (${s.originator}), Codex ${s.codexVersion}${s.archived ? ', archived' : ''}  ${s.id}`,
  ];
  s.postures.forEach((p, i) => lines.push(`  ${i === 0 ? 'posture' : `from ${time(p.at)}`}: ${postureWords(p)}`));
  lines.push(
    `  turns ${s.turns}, commands ${s.commands} (${s.commandsOutsideSandbox} outside the sandbox), sandbox denials ${s.sandboxDenials}, web searches ${s.webSearches}, MCP tool calls ${s.mcpToolCalls.length}`,
  );
  for (const a of s.approvals) lines.push(`  ${time(a.at)} ${a.kind} ${a.decision} by ${a.reviewer}${a.command ? `: ${a.command}` : ''}`);
  for (const e of s.escalations.filter((x) => x.outcome === 'refused' || x.outcome === 'pending'))
    lines.push(`  ${time(e.at)} escalation ${e.outcome === 'refused' ? 'refused (approval never)' : 'without an answer yet'}`);
  for (const f of s.writesOutsideWorkspace) lines.push(`  wrote outside the workspace: ${f}`);
  return lines;
}

export function formatSessions(dir: string, r: SessionsReport): string {
  const out = [`Codex sessions in ${dir} (newest first): ${r.sessions.length}`];
  for (const s of r.sessions) out.push('', ...formatOne(s));
  if (r.skippedLines) out.push('', `${r.skippedLines} record line(s) skipped (damaged or from a newer Codex)`);
  return out.join('\n');
}
