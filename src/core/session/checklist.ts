// The session playbook (the security guide's session checklist, in Codex 0.171 terms) as data: every
// item, its phase, whether the extension can know its state, and the action that helps. The state
// of automatic items is computed here from plain facts, so the tree view only renders it.
import type { PostureSnapshot } from '../config/types';
import type { GitPosture } from '../git/types';
import type { Baseline, Finding } from '../present/posture';
import type { ExpiredException } from './log';
import type { SandboxVerification } from '../codex/sandbox';
import { recordKey, totals } from '../sessions/evidence';
import type { SessionSummary } from '../sessions/types';
import { omittedCount, outsideTally } from '../outside/tally';

export type Phase = 'before' | 'during' | 'after' | 'periodic';
export const PHASES: readonly { id: Phase; label: string }[] = [
  { id: 'before', label: 'Before' },
  { id: 'during', label: 'During' },
  { id: 'after', label: 'After' },
  { id: 'periodic', label: 'Periodic review' },
];

export type ActionId = 'stash' | 'createBranch' | 'openConfig' | 'verifySandbox' | 'revoke' | 'recordApproval' | 'insertSummary' | 'audit';
export type ItemState = 'done' | 'todo' | 'warn' | 'unknown';

export interface ItemDef {
  readonly id: string;
  readonly phase: Phase;
  readonly label: string;
  readonly kind: 'auto' | 'manual';
  readonly action?: ActionId;
}

export const ITEMS: readonly ItemDef[] = [
  { id: 'clean-tree', phase: 'before', kind: 'auto', label: 'Working tree is clean (or unrelated changes stashed)', action: 'stash' },
  { id: 'feature-branch', phase: 'before', kind: 'auto', label: 'On a feature branch', action: 'createBranch' },
  { id: 'config-loads', phase: 'before', kind: 'auto', label: 'Codex config loads with no errors', action: 'openConfig' },
  { id: 'baseline', phase: 'before', kind: 'auto', label: 'Effective posture matches the team baseline', action: 'openConfig' },
  { id: 'network-off', phase: 'before', kind: 'auto', label: 'Network and live web search are off', action: 'revoke' },
  { id: 'sandbox-verified', phase: 'before', kind: 'auto', label: 'Sandbox verified in the last 24 hours', action: 'verifySandbox' },
  { id: 'no-expired', phase: 'before', kind: 'auto', label: 'No approval or exception has expired while still on', action: 'revoke' },
  { id: 'outside-reviewed', phase: 'before', kind: 'manual', label: 'Programs outside the sandbox reviewed', action: 'openConfig' },
  { id: 'scoped', phase: 'before', kind: 'manual', label: 'Task scoped to this branch (tighten to read-only for exploration)' },
  { id: 'patches', phase: 'during', kind: 'manual', label: 'Asked for diffs/patches, not blind file writes' },
  { id: 'reviewed-diff', phase: 'during', kind: 'manual', label: 'Reviewed every proposed diff' },
  { id: 'out-of-scope', phase: 'during', kind: 'manual', label: "Rejected changes outside the task's directories" },
  {
    id: 'approvals-logged',
    phase: 'during',
    kind: 'manual',
    label: 'Logged rationale and rollback for each external-access approval',
    action: 'recordApproval',
  },
  {
    id: 'codex-baseline-turns',
    phase: 'during',
    kind: 'auto',
    label: "Every Codex turn ran at the baseline (Codex's own records)",
    action: 'openConfig',
  },
  {
    id: 'codex-escalations',
    phase: 'during',
    kind: 'auto',
    label: "Commands outside the sandbox were approved and logged (Codex's own records)",
    action: 'recordApproval',
  },
  { id: 'tests-run', phase: 'after', kind: 'auto', label: "Tests or linters ran after the agent's changes (exit code 0)" },
  { id: 'committed', phase: 'after', kind: 'auto', label: 'Changes committed with a session summary', action: 'insertSummary' },
  { id: 'revoked', phase: 'after', kind: 'auto', label: 'Temporary enablements revoked; posture back at baseline', action: 'revoke' },
  { id: 'codex-sandbox-errors', phase: 'after', kind: 'auto', label: "No sandbox errors in the session (Codex's own records)" },
  { id: 'audit', phase: 'periodic', kind: 'auto', label: 'Codex configuration audited in the last 90 days', action: 'audit' },
  {
    id: 'blocked-network',
    phase: 'periodic',
    kind: 'auto',
    label: 'Blocked network call simulated (sandbox network probe)',
    action: 'verifySandbox',
  },
  { id: 'archived', phase: 'periodic', kind: 'manual', label: 'Sandbox results archived with the session record' },
];

/** The posture in a few words, kept in the session (start and end). */
export interface PostureSummary {
  readonly loads: boolean;
  readonly sandbox?: string;
  readonly approval?: string;
  readonly networkAccess?: boolean;
  readonly webSearch?: string;
  readonly error?: string;
}

export function summarisePosture(s: PostureSnapshot): PostureSummary {
  if (!s.loads) return { loads: false, error: s.loadError?.message };
  return {
    loads: true,
    sandbox: s.sandbox?.value,
    approval: s.approval?.value,
    networkAccess: s.networkAccess?.value,
    webSearch: s.webSearch?.value,
  };
}

export function postureWords(p: PostureSummary | undefined): string {
  if (!p) return 'unknown';
  if (!p.loads) return `config does not load${p.error ? ` (${p.error})` : ''}`;
  return `sandbox ${p.sandbox}, approval ${p.approval}, network ${p.networkAccess ? 'on' : 'off'}, web search ${p.webSearch}`;
}

export interface TestRun {
  readonly name: string;
  readonly at: string;
  readonly exitCode: number;
}

/** What a session remembers (persisted per workspace). */
export interface SessionData {
  readonly id: string;
  readonly folder: string;
  readonly startedAt: string;
  readonly startPosture?: PostureSummary;
  readonly startHead?: string;
  readonly startBranch?: string;
  readonly manual: Readonly<Record<string, boolean>>;
  readonly stashes: readonly { at: string; message: string }[];
  readonly testRuns: readonly TestRun[];
  readonly branchesCreated: readonly string[];
}

export interface ChecklistInput {
  readonly now: Date;
  readonly session?: SessionData;
  readonly snapshot?: PostureSnapshot;
  readonly baseline: Baseline;
  /** Posture findings (postureFindings) for the folder. */
  readonly findings: readonly Finding[];
  readonly git?: GitPosture;
  /** Git warning codes from the branch policy (evaluateGitPosture). */
  readonly gitWarnings: readonly string[];
  readonly sandbox?: SandboxVerification;
  readonly expired: readonly ExpiredException[];
  readonly lastAudit?: string;
  /** Codex's records of this folder's sessions active since the checklist started; undefined while they are read. */
  readonly codexSessions?: readonly SessionSummary[];
  /** recordKey() of the recorded approvals already in the approval log. */
  readonly loggedRecords?: readonly string[];
}

export interface ItemView extends ItemDef {
  readonly state: ItemState;
  readonly detail: string;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
export const SANDBOX_FRESH_MS = DAY;
export const AUDIT_MAX_AGE_DAYS = 90;

function ago(ms: number): string {
  if (ms < 2 * 60_000) return 'just now';
  if (ms < 2 * HOUR) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)} h ago`;
  return `${Math.round(ms / DAY)} days ago`;
}

function auto(input: ChecklistInput, id: string): { state: ItemState; detail: string } {
  const { snapshot: s, git, now } = input;
  const dirty = git ? git.staged + git.unstaged + git.untracked + git.conflicts : 0;
  switch (id) {
    case 'clean-tree': {
      if (!git || git.kind === 'unknown') return { state: 'unknown', detail: git?.reason ?? 'git state not known yet' };
      if (git.kind === 'no-repository') return { state: 'warn', detail: 'not a git repository: changes cannot be reviewed or rolled back' };
      const stashed = input.session?.stashes.length ? ` (stashed ${input.session.stashes.length}×)` : '';
      return dirty === 0
        ? { state: 'done', detail: `clean${stashed}` }
        : { state: 'todo', detail: `${dirty} changed file(s): stash or commit them` };
    }
    case 'feature-branch': {
      if (!git || git.kind !== 'repository') return { state: 'unknown', detail: 'no branch known' };
      if (git.detached) return { state: 'todo', detail: 'detached HEAD: create a feature branch' };
      const bad = input.gitWarnings.filter((w) => w === 'protected-branch' || w === 'not-feature-branch');
      return bad.length
        ? {
            state: 'todo',
            detail: `${git.branch ?? '?'}${bad.includes('protected-branch') ? ' is protected' : ' does not match the feature-branch pattern'}`,
          }
        : { state: 'done', detail: git.branch ?? '' };
    }
    case 'config-loads':
      if (!s) return { state: 'unknown', detail: 'resolving' };
      return s.loads
        ? { state: 'done', detail: 'loads' }
        : { state: 'warn', detail: s.loadError?.message ?? 'Codex would refuse to start' };
    case 'baseline': {
      if (!s) return { state: 'unknown', detail: 'resolving' };
      if (!s.loads) return { state: 'warn', detail: 'config does not load' };
      const drift = input.findings.find((f) => f.code === 'baseline-drift');
      return drift ? { state: 'warn', detail: drift.message } : { state: 'done', detail: postureWords(summarisePosture(s)) };
    }
    case 'network-off':
    case 'revoked': {
      if (!s || !s.loads) return { state: 'unknown', detail: s ? 'config does not load' : 'resolving' };
      const on: string[] = [];
      if (s.networkAccess!.value && !input.baseline.networkAccess) on.push('network on');
      if (!input.baseline.webSearch.includes(s.webSearch!.value) || (id === 'network-off' && s.webSearch!.value === 'live'))
        on.push(`web search ${s.webSearch!.value}`);
      if (id === 'revoked') {
        const drift = input.findings.find((f) => f.code === 'baseline-drift');
        if (!on.length && drift) return { state: 'warn', detail: drift.message };
      }
      return on.length
        ? { state: id === 'network-off' ? 'warn' : 'todo', detail: on.join(', ') }
        : { state: 'done', detail: `network ${s.networkAccess!.value ? 'on' : 'off'}, web search ${s.webSearch!.value}` };
    }
    case 'sandbox-verified':
    case 'blocked-network': {
      const v = input.sandbox;
      if (!v) return { state: 'todo', detail: 'never verified on this machine' };
      const age = now.getTime() - Date.parse(v.at);
      if (v.unavailable) return { state: 'warn', detail: v.unavailable };
      if (id === 'blocked-network') {
        const p = v.probes.find((x) => x.id === 'network');
        if (!p) return { state: 'todo', detail: 'no network probe yet' };
        return p.passed
          ? { state: 'done', detail: `${p.expect === 'fail' ? 'blocked' : 'allowed as configured'} ${ago(age)}` }
          : { state: 'warn', detail: `network probe failed ${ago(age)}` };
      }
      if (!v.passed)
        return {
          state: 'warn',
          detail: `failed ${ago(age)}: ${v.probes
            .filter((p) => !p.passed)
            .map((p) => p.title)
            .join('; ')}`,
        };
      return age <= SANDBOX_FRESH_MS
        ? { state: 'done', detail: `passed ${ago(age)}` }
        : { state: 'todo', detail: `last passed ${ago(age)}` };
    }
    case 'no-expired':
      return input.expired.length
        ? { state: 'warn', detail: input.expired.map((x) => `${x.entry.scope} expired, ${x.stillOn.join(' and ')} still on`).join('; ') }
        : { state: 'done', detail: 'none' };
    case 'tests-run': {
      const runs = input.session?.testRuns ?? [];
      const ok = runs.filter((r) => r.exitCode === 0);
      if (ok.length)
        return { state: 'done', detail: `${ok[ok.length - 1].name} passed ${ago(now.getTime() - Date.parse(ok[ok.length - 1].at))}` };
      return runs.length
        ? { state: 'warn', detail: `${runs[runs.length - 1].name} exited with ${runs[runs.length - 1].exitCode}` }
        : { state: 'todo', detail: 'run a test task or test command' };
    }
    case 'committed': {
      if (!input.session) return { state: 'todo', detail: 'no session' };
      if (!git || git.kind !== 'repository') return { state: 'unknown', detail: 'no repository' };
      return git.head && git.head !== input.session.startHead
        ? { state: 'done', detail: `HEAD ${git.head.slice(0, 8)}` }
        : { state: 'todo', detail: 'no commit since the session started' };
    }
    case 'codex-baseline-turns':
    case 'codex-escalations':
    case 'codex-sandbox-errors':
      return fromRecords(input, id);
    case 'audit': {
      if (!input.lastAudit) return { state: 'todo', detail: 'never audited' };
      const age = now.getTime() - Date.parse(input.lastAudit);
      return age <= AUDIT_MAX_AGE_DAYS * DAY
        ? { state: 'done', detail: `audited ${ago(age)}` }
        : { state: 'todo', detail: `last audit ${ago(age)}` };
    }
  }
  return { state: 'unknown', detail: '' };
}

/**
 * The programs a session start runs outside the sandbox, for the person to review: nothing to do
 * when there are none, otherwise a checkbox whose detail names each one.
 */
function outsideReview(input: ChecklistInput, checked: boolean): { state: ItemState; detail: string } {
  const o = input.snapshot?.loads ? input.snapshot.outsideSandbox : undefined;
  if (!o) return { state: checked ? 'done' : 'unknown', detail: input.snapshot ? 'config does not load' : 'resolving' };
  const names = [
    ...o.mcpServers
      .filter((m) => m.starts)
      .map(
        (m) => `${m.projectSupplied ? 'repository ' : ''}MCP server ${m.name} (${m.transport === 'stdio' ? (m.command ?? '') : 'remote'})`,
      ),
    ...o.hooks.filter((h) => h.runs).map((h) => `${h.projectSupplied ? 'repository ' : ''}${h.event} hook`),
    ...(o.notify ? [`notify (${o.notify.argv[0] ?? ''})`] : []),
  ];
  const left = omittedCount(o);
  if (left.mcpServers + left.hooks) names.push(`and ${left.mcpServers + left.hooks} more`);
  if (!names.length) return { state: 'done', detail: 'nothing runs outside the sandbox' };
  const t = outsideTally(o);
  const repo = t.repositoryStdio + t.repositoryHttp + t.repositoryHooks > 0;
  return { state: checked ? 'done' : repo ? 'warn' : 'todo', detail: names.join('; ') };
}

/** The items Codex's own records decide: what really ran, not what the config says. */
function fromRecords(input: ChecklistInput, id: string): { state: ItemState; detail: string } {
  const sessions = input.codexSessions;
  if (!sessions) return { state: 'unknown', detail: "reading Codex's records" };
  const t = totals(sessions, input.baseline);
  const none = 'no Codex session recorded since the start';
  switch (id) {
    case 'codex-baseline-turns': {
      if (!sessions.length) return { state: 'todo', detail: none };
      if (!t.offBaseline.length) return { state: 'done', detail: `${sessions.length} session(s), every turn at the baseline` };
      const last = t.offBaseline[t.offBaseline.length - 1];
      return {
        state: 'warn',
        detail: `${t.offBaseline.length} turn posture(s) off the baseline, last ${last.at.slice(11, 16)} UTC: ${last.reasons.join(', ')}`,
      };
    }
    case 'codex-escalations': {
      if (t.unapprovedOutside)
        return { state: 'warn', detail: `${t.unapprovedOutside} command(s) ran with no sandbox and no approval (danger-full-access)` };
      if (t.denied) return { state: 'warn', detail: `${t.denied} request(s) denied: check what the agent tried` };
      const logged = new Set(input.loggedRecords ?? []);
      const unlogged = t.approved.filter((a) => !logged.has(recordKey(a.session, a.at)));
      if (unlogged.length) return { state: 'todo', detail: `${unlogged.length} recorded approval(s) not in the approval log` };
      if (!sessions.length) return { state: 'done', detail: none };
      return {
        state: 'done',
        detail: t.approved.length ? `${t.approved.length} approval(s), all logged` : 'no command ran outside the sandbox',
      };
    }
    default:
      if (t.sandboxDenials) return { state: 'warn', detail: `${t.sandboxDenials} command(s) failed on a sandbox error` };
      return { state: 'done', detail: sessions.length ? 'none recorded' : none };
  }
}

export function evaluateChecklist(input: ChecklistInput): ItemView[] {
  return ITEMS.map((def) => {
    if (def.id === 'outside-reviewed') return { ...def, ...outsideReview(input, input.session?.manual[def.id] === true) };
    if (def.kind === 'manual') {
      const checked = input.session?.manual[def.id] === true;
      return { ...def, state: checked ? 'done' : 'todo', detail: checked ? 'checked' : '' };
    }
    return { ...def, ...auto(input, def.id) };
  });
}

export function progress(items: readonly ItemView[]): { done: number; total: number; warnings: number } {
  return {
    done: items.filter((i) => i.state === 'done').length,
    total: items.length,
    warnings: items.filter((i) => i.state === 'warn').length,
  };
}

/** A branch name for the session from the feature-branch pattern: its first alternative prefix. */
export function suggestBranchName(pattern: string, task: string, now: Date): string {
  const m = /^\^?\(([^)]*)\)\/?/.exec(pattern);
  const prefix = m ? (m[1].split('|').find((p) => p === 'codex') ?? m[1].split('|')[0]) : 'codex';
  const slug =
    task
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || `session-${now.toISOString().slice(0, 10)}`;
  const name = `${prefix.replace(/[^A-Za-z0-9_.-]/g, '') || 'codex'}/${slug}`;
  try {
    if (new RegExp(pattern).test(name)) return name;
  } catch {
    // an invalid pattern is reported by the badge; fall back below
  }
  return `codex/${slug}`;
}
