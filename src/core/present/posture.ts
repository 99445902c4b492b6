// How a posture reads to a person: the words on the badge, the screen-reader label, the findings
// that colour it. Pure functions over a snapshot, so every surface (badge, report, CLI) says the
// same thing and the wording is unit-tested without VS Code.
import type { ApprovalPolicy, OutsideSandbox, PostureSnapshot, SandboxMode, WebSearchMode } from '../config/types';
import { outsideTally } from '../outside/tally';
import { plainText } from './safeText';

/** What the team expects Codex to run with (setting `codexPosture.baseline`). */
export interface Baseline {
  readonly sandbox: readonly SandboxMode[];
  readonly approval: readonly ApprovalPolicy[];
  readonly networkAccess: boolean;
  readonly webSearch: readonly WebSearchMode[];
}

export const DEFAULT_BASELINE: Baseline = Object.freeze<Baseline>({
  sandbox: ['workspace-write'],
  approval: ['on-request'],
  networkAccess: false,
  webSearch: ['cached', 'disabled'],
});

export type Severity = 'ok' | 'warning' | 'error';

export interface Finding {
  readonly severity: 'warning' | 'error';
  readonly code: string;
  readonly message: string;
}

/** The TUI's own words (`/status`), which Codex users already know. */
export function sandboxWords(s: SandboxMode): string {
  return s === 'read-only' ? 'Read Only' : s === 'workspace-write' ? 'Workspace' : 'Full Access';
}

export function approvalWords(a: ApprovalPolicy, reviewer?: string): string {
  if (reviewer === 'auto_review') return 'Approve for me';
  switch (a) {
    case 'on-request':
      return 'Ask';
    case 'never':
      return 'Never ask';
    case 'granular':
      return 'Granular';
    case 'untrusted':
      return 'Ask unless trusted';
  }
}

/** Why there is no posture: Codex refuses the config, or we could not read a file (then it is unknown). */
export function loadFailure(s: PostureSnapshot): string {
  const why = s.loadError?.message ?? 'unknown error';
  return s.loadError?.unread ? `The posture is unknown: ${why}` : `Codex would refuse to start: ${why}`;
}

/** Short badge text, e.g. `$(shield) Workspace · Ask · net off · web cached`. */
export function badgeText(s: PostureSnapshot, severity: Severity): string {
  if (!s.loads) return s.loadError?.unread ? '$(warning) Codex: posture unknown' : '$(error) Codex: config error';
  const icon = severity === 'error' ? '$(error)' : severity === 'warning' ? '$(warning)' : '$(shield)';
  const sandbox = s.sandbox!.value;
  const approval = s.approval!.value;
  const o = s.outsideSandbox;
  const t = o && outsideTally(o);
  const n = o && t ? t.mcpStarting + t.hooksRunning + (o.notify ? 1 : 0) : 0;
  const outside = n ? ` · ${n} outside` : '';
  if (sandbox === 'danger-full-access' && approval === 'never')
    return `${icon} Codex: YOLO · web ${webWords(s.webSearch!.value)}${outside}`;
  return `${icon} ${sandboxWords(sandbox)} · ${approvalWords(approval, s.approvalsReviewer?.value)} · net ${s.networkAccess!.value ? 'on' : 'off'} · web ${webWords(s.webSearch!.value)}${outside}`;
}

function webWords(w: WebSearchMode): string {
  return w === 'disabled' ? 'off' : w;
}

/** Findings about the posture itself (git and codex findings are added by their sources). */
export function postureFindings(s: PostureSnapshot, baseline: Baseline = DEFAULT_BASELINE): Finding[] {
  if (!s.loads) {
    return [
      s.loadError?.unread
        ? { severity: 'warning', code: 'posture-unknown', message: loadFailure(s) }
        : { severity: 'error', code: 'config-error', message: loadFailure(s) },
    ];
  }
  const out: Finding[] = [];
  const sandbox = s.sandbox!.value;
  const approval = s.approval!.value;
  if (sandbox === 'danger-full-access')
    out.push({ severity: 'error', code: 'danger-full-access', message: 'sandbox is danger-full-access: commands run with no sandbox' });
  if (approval === 'never')
    out.push({ severity: 'error', code: 'approval-never', message: 'approval is never: Codex never asks before running a command' });
  if (s.networkAccess!.value && sandbox !== 'danger-full-access')
    out.push({ severity: 'warning', code: 'network-on', message: 'network is on inside the sandbox' });
  if (s.webSearch!.value === 'live')
    out.push({ severity: 'warning', code: 'web-search-live', message: 'web search is live: results can carry prompt injection' });
  const drift: string[] = [];
  if (!baseline.sandbox.includes(sandbox)) drift.push(`sandbox ${sandbox}`);
  if (!baseline.approval.includes(approval)) drift.push(`approval ${approval}`);
  if (baseline.networkAccess !== s.networkAccess!.value) drift.push(`network ${s.networkAccess!.value ? 'on' : 'off'}`);
  if (!baseline.webSearch.includes(s.webSearch!.value)) drift.push(`web search ${s.webSearch!.value}`);
  if (drift.length)
    out.push({ severity: 'warning', code: 'baseline-drift', message: `differs from the team baseline: ${drift.join(', ')}` });
  if (s.autoTrust)
    out.push({
      severity: 'warning',
      code: 'auto-trust',
      message: `a session start trusts this project (${s.autoTrust.root}) and applies its .codex/config.toml`,
    });
  out.push(...outsideFindings(s.outsideSandbox));
  return out;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The repository's own programs that a session start runs, outside the sandbox: an error, like
 * danger-full-access, because cloning a repository is all it takes (its MCP servers start as soon
 * as a writable session trusts it).
 */
export function outsideFindings(o: OutsideSandbox | undefined): Finding[] {
  if (!o) return [];
  const t = outsideTally(o);
  const local = t.repositoryStdio + t.repositoryHooks;
  const remote = t.repositoryHttp;
  const out: Finding[] = [];
  if (local)
    out.push({
      severity: 'error',
      code: 'repository-programs',
      message: `this repository starts ${plural(local, 'program')} outside the sandbox when a Codex session starts`,
    });
  if (remote)
    out.push({
      severity: 'warning',
      code: 'repository-remote-mcp',
      message: `this repository connects Codex to ${plural(remote, 'remote MCP server')} when a session starts`,
    });
  return out;
}

/** "2 MCP servers, 1 hook outside the sandbox": what a session start runs, or undefined for nothing. */
export function outsideCount(o: OutsideSandbox | undefined): string | undefined {
  if (!o) return undefined;
  const parts: string[] = [];
  const { mcpStarting: mcp, hooksRunning: hooks } = outsideTally(o);
  if (mcp) parts.push(plural(mcp, 'MCP server'));
  if (hooks) parts.push(plural(hooks, 'hook'));
  if (o.notify) parts.push('notify');
  return parts.length ? `${parts.join(', ')} outside the sandbox` : undefined;
}

export function worstSeverity(findings: readonly Finding[]): Severity {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  return findings.length ? 'warning' : 'ok';
}

/** Screen-reader label: starts with "Codex posture:" and says every value in words. */
export function accessibilityLabel(s: PostureSnapshot, warnings: readonly string[]): string {
  const head = s.loads
    ? `Codex posture: sandbox ${s.sandbox!.value}, approval ${s.approval!.value}${s.approvalsReviewer?.value === 'auto_review' ? ' with automatic review' : ''}, network ${s.networkAccess!.value ? 'on' : 'off'}, web search ${s.webSearch!.value}${outsideCount(s.outsideSandbox) ? `, ${outsideCount(s.outsideSandbox)}` : ''}`
    : s.loadError?.unread
      ? 'Codex posture: unknown, a config file was not read'
      : 'Codex posture: config will not load';
  // Warnings carry branch names and file text: no escape sequences or bidi overrides for a screen reader.
  // Read as one list of clauses: a warning's own full stop would sound as ".;" between them.
  return warnings.length ? `${head}. Warnings: ${warnings.map((w) => plainText(w).replace(/[.\s]+$/, '')).join('; ')}.` : head;
}

/** Escapes text from files, paths and branch names for a Markdown tooltip or report. */
export function escapeMarkdown(text: string): string {
  return plainText(text).replace(/[\\`*_{}[\]()<>#+\-.!|~&:$]/g, (c) => `\\${c}`);
}
