// What `codex-posture sessions` and the editor know about one past Codex session, read from Codex's
// own records. Only facts about posture and actions: never prompt text, file content or command
// output, and a command line only when someone approved it (with secrets redacted).

/** How the session was started, from `session_meta.source` and `originator` (0.171.0). */
export type SessionSurface = 'exec' | 'interactive' | 'ide' | 'app-server' | 'unknown';

export type RecordedSandbox = 'read-only' | 'workspace-write' | 'danger-full-access' | 'unknown';
export type RecordedApprovalPolicy = 'never' | 'on-request' | 'on-failure' | 'untrusted' | 'granular' | 'unknown';
export type RecordedReviewer = 'user' | 'auto_review' | 'unknown';

/** The posture of one or more consecutive turns; a new entry each time it changes. */
export interface RecordedPosture {
  readonly sandbox: RecordedSandbox;
  readonly approval: RecordedApprovalPolicy;
  readonly approvalsReviewer: RecordedReviewer;
  /** `null`: the record does not say (a newer or unknown permission shape). */
  readonly networkAccess: boolean | null;
  /** Always `null` on 0.171.0: Codex does not write the web search mode into its records. */
  readonly webSearch: string | null;
  /** When the first turn with this posture started (the `turn_context` line's timestamp). */
  readonly at: string;
}

/**
 * What became of a command the model asked to run outside the sandbox
 * (`sandbox_permissions: "require_escalated"`): `ran` after an approval, `denied` by the reviewer,
 * `aborted` (the user cancelled the turn), `refused` by the approval policy `never` without asking.
 */
export type EscalationOutcome = 'ran' | 'denied' | 'aborted' | 'refused' | 'pending';

export interface RecordedEscalation {
  readonly at: string;
  readonly outcome: EscalationOutcome;
  /** The approved command line, secrets redacted; `null` unless it ran after an approval. */
  readonly command: string | null;
}

/**
 * An approval request inferred from the record. 0.171.0 does not write the request or the answer:
 * an escalated command that then ran was approved, one whose output says "rejected" was denied.
 * "Approve once" and "approve for the session" leave the same trace, so `decision` cannot say which.
 */
export interface RecordedApproval {
  readonly at: string;
  readonly kind: 'command' | 'patch';
  readonly decision: 'approved' | 'denied' | 'aborted';
  readonly reviewer: RecordedReviewer;
  /** Approved command lines only, secrets redacted. */
  readonly command: string | null;
}

export interface RecordedMcpCall {
  readonly server: string;
  readonly tool: string;
  readonly status: string;
}

export interface SessionSummary {
  readonly id: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly surface: SessionSurface;
  /** The client that started it (`codex_exec`, `codex-tui`, `codex_vscode`, another app-server client). */
  readonly originator: string;
  readonly cwd: string;
  readonly codexVersion: string;
  readonly archived: boolean;
  readonly turns: number;
  readonly postures: readonly RecordedPosture[];
  /** Commands that ran (sandboxed or not). */
  readonly commands: number;
  /** Commands that ran with no sandbox: under danger-full-access, or escalated and approved. */
  readonly commandsOutsideSandbox: number;
  readonly escalations: readonly RecordedEscalation[];
  readonly approvals: readonly RecordedApproval[];
  /** Failed sandboxed commands whose error is the sandbox's (read-only file system, network blocked, ...). */
  readonly sandboxDenials: number;
  readonly webSearches: number;
  readonly mcpToolCalls: readonly RecordedMcpCall[];
  /** Files that apply_patch wrote outside the session's workspace roots (shell commands leave no such trace). */
  readonly writesOutsideWorkspace: readonly string[];
  readonly abortedTurns: number;
}

export interface SessionsReport {
  readonly sessions: readonly SessionSummary[];
  /** Lines that were not JSON, of an unknown kind, or too long to read. */
  readonly skippedLines: number;
}
