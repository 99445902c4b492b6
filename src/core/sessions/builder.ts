// Turns the lines of one rollout file into a SessionSummary, a line at a time, so a file that grows
// is read only from where the last read stopped. The state is plain data (it can be kept in an
// index or sent between threads).
//
// Privacy: a line is classified from its first bytes and only the kinds that carry posture or
// actions are parsed. Messages (prompts, answers, instructions), reasoning and world state are
// never parsed; command output is looked at only to tell a sandbox error, and never kept.
import { redactSecretsInText } from '../rules/secrets';
import type {
  EscalationOutcome,
  RecordedApproval,
  RecordedEscalation,
  RecordedMcpCall,
  RecordedPosture,
  RecordedReviewer,
  RecordedSandbox,
  SessionSummary,
  SessionSurface,
} from './types';

/** Envelope kinds 0.171.0 writes; anything else is counted as skipped. */
const KNOWN_KINDS = new Set([
  'session_meta',
  'turn_context',
  'event_msg',
  'response_item',
  'world_state',
  'token_usage_record',
  'compacted',
]);
/** Command lines are for people to recognise, not to replay. */
const MAX_COMMAND_CHARS = 400;
/** Bounds on what one session keeps, whatever a record holds. */
const MAX_LIST = 500;

interface PendingCall {
  at: string;
  command: string;
}

export interface SessionState {
  id: string;
  startedAt: string;
  lastAt: string;
  originator: string;
  source: string;
  cwd: string;
  roots: string[];
  codexVersion: string;
  archived: boolean;
  /** A sub-agent (auto-review) thread: evidence for its parent, not a session of its own. */
  subagent: boolean;
  turns: number;
  abortedTurns: number;
  postures: RecordedPosture[];
  commands: number;
  commandsOutsideSandbox: number;
  escalations: RecordedEscalation[];
  approvals: RecordedApproval[];
  sandboxDenials: number;
  webSearchIds: string[];
  webSearches: number;
  mcpToolCalls: RecordedMcpCall[];
  writesOutsideWorkspace: string[];
  /** Escalated calls waiting for their result, by call id. */
  pending: Record<string, PendingCall>;
  /** exec_command calls with neither a CommandExecution item nor an output yet (bounded, oldest dropped). */
  openCalls: string[];
  /** Calls counted from their output because no item came first: a late item is not counted again. */
  countedFromOutput: string[];
  skippedLines: number;
  /** False until a session_meta line was seen (a file that is not a rollout). */
  hasMeta: boolean;
  /** The last turn_context without its turn ids, to skip parsing an unchanged one. */
  lastTurnKey: string;
}

export function newSessionState(archived: boolean): SessionState {
  return {
    id: '',
    startedAt: '',
    lastAt: '',
    originator: '',
    source: '',
    cwd: '',
    roots: [],
    codexVersion: '',
    archived,
    subagent: false,
    turns: 0,
    abortedTurns: 0,
    postures: [],
    commands: 0,
    commandsOutsideSandbox: 0,
    escalations: [],
    approvals: [],
    sandboxDenials: 0,
    webSearchIds: [],
    webSearches: 0,
    mcpToolCalls: [],
    writesOutsideWorkspace: [],
    pending: {},
    openCalls: [],
    countedFromOutput: [],
    skippedLines: 0,
    hasMeta: false,
    lastTurnKey: '',
  };
}

// ---------------------------------------------------------------------------------------------
// Classifying a line from its first bytes

/**
 * 0.171.0 writes `{"timestamp":"…","ordinal":N,"type":"KIND","payload":{"type":"SUB"` and, for
 * items, `"item":{"type":"ITEM"` a little further. The head is decoded as latin1 (cheap, and
 * these markers are ASCII); when the layout differs the line is parsed whole instead.
 */
const HEAD_BYTES = 160;
/** Items and outputs name their type or call id past the ids that precede it. */
const ITEM_HEAD_BYTES = 400;
const KIND_RE = /^\{"timestamp":"([^"]{10,40})","ordinal":\d+,"type":"([a-z_]+)","payload":\{(?:"type":"([A-Za-z_]+)")?/;
const ITEM_RE = /"item":\{"type":"([A-Za-z]+)"/;
const CALL_ID_RE = /"call_id":"([^"\\]{1,200})"/;
const EXEC_CALL_RE = /"type":"function_call","id":"[^"]{0,200}","name":"exec_command"/;
const CALL_ID_KEY = Buffer.from('"call_id":"');

/** Sub-kinds parsed; every other event and item is skipped unread. */
const EVENTS = new Set(['turn_aborted', 'item_completed']);
const ITEMS = new Set(['CommandExecution', 'WebSearch', 'McpToolCall', 'FileChange']);
const RESPONSE_ITEMS = new Set(['function_call', 'function_call_output', 'web_search_call']);

export interface LineHead {
  readonly at: string;
  readonly kind: string;
  readonly sub: string | undefined;
}

/** `undefined`: the head does not have the 0.171.0 layout (parse the line to know). */
export function readHead(buf: Buffer, start: number, end: number): (LineHead & { item?: string; callId?: string }) | undefined {
  const m = KIND_RE.exec(buf.toString('latin1', start, Math.min(end, start + HEAD_BYTES)));
  if (!m) return undefined;
  const out: LineHead & { item?: string; callId?: string } = { at: m[1], kind: m[2], sub: m[3] };
  if (m[2] === 'event_msg' && m[3] === 'item_completed')
    out.item = ITEM_RE.exec(buf.toString('latin1', start, Math.min(end, start + ITEM_HEAD_BYTES)))?.[1];
  else if (m[2] === 'response_item' && m[3] === 'function_call_output')
    out.callId = CALL_ID_RE.exec(buf.toString('latin1', start, Math.min(end, start + ITEM_HEAD_BYTES)))?.[1];
  return out;
}

/** Does this line need parsing for the summary? Saves JSON.parse on messages, reasoning, tokens. */
function wanted(h: LineHead & { item?: string; callId?: string }, s: SessionState): boolean {
  switch (h.kind) {
    case 'session_meta':
    case 'turn_context':
      return true;
    case 'event_msg':
      if (!EVENTS.has(h.sub ?? '')) return false;
      // The item's type sits past the thread and turn ids; when it is not in the head, parse.
      return h.sub !== 'item_completed' || h.item === undefined || ITEMS.has(h.item);
    case 'response_item':
      if (!RESPONSE_ITEMS.has(h.sub ?? '')) return false;
      // Outputs matter only for escalated calls still waiting for their answer, and for commands
      // that left no item (a command the sandbox refused at once, see onOutput).
      return h.sub !== 'function_call_output' || h.callId === undefined || h.callId in s.pending || s.openCalls.includes(h.callId);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Feeding lines

/** Consumes one complete line (without its newline). */
export function feedLine(s: SessionState, buf: Buffer, start: number, end: number): void {
  if (end <= start) return;
  const h = readHead(buf, start, end);
  if (h) {
    if (!KNOWN_KINDS.has(h.kind)) {
      s.skippedLines++;
      return;
    }
    if (h.at > s.lastAt) s.lastAt = h.at;
    if (!wanted(h, s)) return;
    // Escalated shell calls are parsed; of the others only the call id of exec_command is kept,
    // read from the bytes without parsing the line.
    if (h.kind === 'response_item' && h.sub === 'function_call' && !mentionsEscalation(buf, start, end)) {
      const id = execCallId(buf, start, end);
      if (id !== undefined) openCall(s, id);
      return;
    }
  }
  const text = buf.toString('utf8', start, end);
  if (h && h.kind === 'turn_context') {
    // Turns mostly repeat the posture of the one before: same text once the turn ids are out.
    const key = text.slice(text.indexOf('"payload"')).replace(TURN_IDS, '');
    if (key === s.lastTurnKey) {
      s.turns++;
      return;
    }
    s.lastTurnKey = key;
  }
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    s.skippedLines++;
    return;
  }
  feedRecord(s, rec);
}

const TURN_IDS = /"(?:root_)?turn_id":"[^"]*",?/g;

/** The call id of an exec_command call, from its raw line (the id follows the arguments). */
function execCallId(buf: Buffer, start: number, end: number): string | undefined {
  if (!EXEC_CALL_RE.test(buf.toString('latin1', start, Math.min(end, start + ITEM_HEAD_BYTES)))) return undefined;
  const at = buf.lastIndexOf(CALL_ID_KEY, end - CALL_ID_KEY.length);
  if (at < start) return undefined;
  const from = at + CALL_ID_KEY.length;
  const close = buf.indexOf(34, from);
  if (close < 0 || close >= end || close - from > 200) return undefined;
  const id = buf.toString('utf8', from, close);
  return id.includes('\\') ? undefined : id;
}

/** Bounded: a call whose item and output never come must not hold memory forever. */
const MAX_OPEN_CALLS = 64;
function openCall(s: SessionState, id: string): void {
  if (s.openCalls.includes(id)) return;
  s.openCalls.push(id);
  if (s.openCalls.length > MAX_OPEN_CALLS) s.openCalls.shift();
}
function closeCall(list: string[], id: string): boolean {
  const i = list.indexOf(id);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}
const ESCALATION_MARKER = Buffer.from('require_escalated');
function mentionsEscalation(buf: Buffer, start: number, end: number): boolean {
  return buf.subarray(start, end).indexOf(ESCALATION_MARKER) >= 0;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Consumes one parsed line. Unknown shapes are counted, never thrown on. */
export function feedRecord(s: SessionState, rec: unknown): void {
  if (!isObj(rec) || typeof rec.type !== 'string' || !isObj(rec.payload)) {
    s.skippedLines++;
    return;
  }
  const at = str(rec.timestamp) ?? s.lastAt;
  if (at > s.lastAt) s.lastAt = at;
  const p = rec.payload;
  switch (rec.type) {
    case 'session_meta':
      onMeta(s, p, at);
      return;
    case 'turn_context':
      onTurnContext(s, p, at);
      return;
    case 'event_msg':
      onEvent(s, p, at);
      return;
    case 'response_item':
      onResponseItem(s, p, at);
      return;
    default:
      if (!KNOWN_KINDS.has(rec.type)) s.skippedLines++;
  }
}

function onMeta(s: SessionState, p: Obj, at: string): void {
  // A resumed or forked session repeats session_meta lines; the first one describes the session.
  if (s.hasMeta) return;
  s.hasMeta = true;
  s.id = str(p.id) ?? '';
  s.startedAt = str(p.timestamp) ?? at;
  s.cwd = str(p.cwd) ?? '';
  s.originator = str(p.originator) ?? '';
  s.codexVersion = str(p.cli_version) ?? '';
  s.roots = Array.isArray(p.runtime_workspace_roots)
    ? p.runtime_workspace_roots.filter((r): r is string => typeof r === 'string').slice(0, 50)
    : [];
  if (typeof p.source === 'string') s.source = p.source;
  else if (isObj(p.source)) {
    s.source = Object.keys(p.source)[0] ?? 'unknown';
    s.subagent = 'subagent' in p.source;
  } else s.source = 'unknown';
  if (str(p.parent_thread_id)) s.subagent = true;
}

export function surfaceOf(source: string, originator: string): SessionSurface {
  switch (source) {
    case 'exec':
      return 'exec';
    case 'cli':
      return 'interactive';
    case 'vscode':
      // Every app-server client is recorded as source "vscode"; the originator is the client's name.
      return originator === 'codex_vscode' ? 'ide' : 'app-server';
    default:
      return 'unknown';
  }
}

function sandboxOf(p: Obj): RecordedSandbox {
  const sp = p.sandbox_policy;
  const t = isObj(sp) ? str(sp.type) : undefined;
  if (t === 'read-only' || t === 'workspace-write' || t === 'danger-full-access') return t;
  const pp = p.permission_profile;
  if (isObj(pp)) {
    if (pp.type === 'disabled') return 'danger-full-access';
    const fsys = pp.file_system;
    if (pp.type === 'managed' && isObj(fsys) && Array.isArray(fsys.entries)) {
      return fsys.entries.some((e) => isObj(e) && e.access === 'write') ? 'workspace-write' : 'read-only';
    }
  }
  return 'unknown';
}

function networkOf(p: Obj, sandbox: RecordedSandbox): boolean | null {
  if (sandbox === 'danger-full-access') return true;
  const sp = p.sandbox_policy;
  if (isObj(sp) && typeof sp.network_access === 'boolean') return sp.network_access;
  const pp = p.permission_profile;
  if (isObj(pp) && typeof pp.network === 'string') return pp.network === 'enabled';
  if (sandbox === 'read-only') return false;
  return null;
}

function approvalOf(v: unknown): RecordedPosture['approval'] {
  if (v === 'never' || v === 'on-request' || v === 'on-failure' || v === 'untrusted') return v;
  if (isObj(v) && 'granular' in v) return 'granular';
  return 'unknown';
}

function reviewerOf(v: unknown): RecordedReviewer {
  if (v === 'user') return 'user';
  if (v === 'auto_review' || v === 'guardian_subagent') return 'auto_review';
  return 'unknown';
}

function onTurnContext(s: SessionState, p: Obj, at: string): void {
  s.turns++;
  const sandbox = sandboxOf(p);
  const posture: RecordedPosture = {
    sandbox,
    approval: approvalOf(p.approval_policy),
    approvalsReviewer: reviewerOf(p.approvals_reviewer),
    networkAccess: networkOf(p, sandbox),
    webSearch: null,
    at,
  };
  const last = s.postures[s.postures.length - 1];
  if (
    !last ||
    last.sandbox !== posture.sandbox ||
    last.approval !== posture.approval ||
    last.approvalsReviewer !== posture.approvalsReviewer ||
    last.networkAccess !== posture.networkAccess
  ) {
    if (s.postures.length < MAX_LIST) s.postures.push(posture);
  }
}

function current(s: SessionState): RecordedPosture | undefined {
  return s.postures[s.postures.length - 1];
}

function onEvent(s: SessionState, p: Obj, at: string): void {
  switch (p.type) {
    case 'turn_aborted':
      s.abortedTurns++;
      return;
    case 'item_completed':
      if (isObj(p.item)) onItem(s, p.item, at);
      return;
    default:
      return;
  }
}

/** What the sandbox says when it blocks a command (Linux bubblewrap/seccomp, macOS Seatbelt). */
const SANDBOX_ERROR =
  /read-only file system|operation not permitted|permission denied|network is unreachable|could not resolve host|temporary failure in name resolution|name or service not known|sandbox(?:-exec)?: |seccomp|landlock/i;
/** Only the start of an output is looked at, and nothing of it is kept. */
const OUTPUT_PEEK = 4096;

function onItem(s: SessionState, item: Obj, at: string): void {
  const posture = current(s);
  switch (item.type) {
    case 'CommandExecution': {
      const id = str(item.id) ?? '';
      closeCall(s.openCalls, id);
      // Its output came first and counted it already (see onOutput).
      if (closeCall(s.countedFromOutput, id)) return;
      s.commands++;
      const pending = s.pending[id];
      if (pending) {
        delete s.pending[id];
        s.commandsOutsideSandbox++;
        const approved = posture?.sandbox !== 'danger-full-access';
        const reviewer = posture?.approvalsReviewer ?? 'unknown';
        // Only a command line a person approved is shown (secrets redacted); auto review is not a person.
        const command = approved && reviewer === 'user' ? safeCommand(pending.command) : null;
        pushCapped(s.escalations, { at: pending.at, outcome: 'ran', command });
        if (approved) pushCapped(s.approvals, { at: pending.at, kind: 'command', decision: 'approved', reviewer, command });
        return;
      }
      if (posture?.sandbox === 'danger-full-access') {
        s.commandsOutsideSandbox++;
        return;
      }
      const failed = item.status === 'failed' || (typeof item.exit_code === 'number' && item.exit_code !== 0);
      const out = str(item.aggregated_output);
      if (failed && out && SANDBOX_ERROR.test(out.slice(0, OUTPUT_PEEK))) s.sandboxDenials++;
      return;
    }
    case 'WebSearch':
      countSearch(s, str(item.id));
      return;
    case 'McpToolCall':
      pushCapped(s.mcpToolCalls, {
        server: str(item.server) ?? 'unknown',
        tool: str(item.tool) ?? 'unknown',
        status: str(item.status) ?? 'unknown',
      });
      return;
    case 'FileChange':
      onFileChange(s, item, at, posture);
      return;
    default:
      return;
  }
}

function onFileChange(s: SessionState, item: Obj, at: string, posture: RecordedPosture | undefined): void {
  if (!isObj(item.changes)) return;
  const outside = Object.keys(item.changes).filter((f) => !insideRoots(f, s));
  if (outside.length === 0) return;
  const status = str(item.status);
  const sandboxed = posture?.sandbox === 'read-only' || posture?.sandbox === 'workspace-write';
  const asks = sandboxed && posture?.approval !== 'never';
  if (status === 'completed') {
    for (const f of outside) if (!s.writesOutsideWorkspace.includes(f)) pushCapped(s.writesOutsideWorkspace, f);
    // A sandboxed session writes outside its roots only after an approval (or a rule that grants it).
    if (asks)
      pushCapped(s.approvals, {
        at,
        kind: 'patch',
        decision: 'approved',
        reviewer: posture?.approvalsReviewer ?? 'unknown',
        command: null,
      });
  } else if (status === 'declined' && asks) {
    pushCapped(s.approvals, { at, kind: 'patch', decision: 'denied', reviewer: posture?.approvalsReviewer ?? 'unknown', command: null });
  }
}

function insideRoots(file: string, s: SessionState): boolean {
  const roots = s.roots.length ? s.roots : [s.cwd];
  return roots.some((r) => r !== '' && (file === r || file.startsWith(r.endsWith('/') ? r : r + '/')));
}

function countSearch(s: SessionState, id: string | undefined): void {
  // Each search is written twice (the model's call and the completed item): count ids once.
  if (id) {
    if (s.webSearchIds.includes(id)) return;
    s.webSearchIds.push(id);
    if (s.webSearchIds.length > 64) s.webSearchIds.shift();
  }
  s.webSearches++;
}

function onResponseItem(s: SessionState, p: Obj, at: string): void {
  switch (p.type) {
    case 'function_call':
      onCall(s, p, at);
      return;
    case 'function_call_output':
      onOutput(s, p);
      return;
    case 'web_search_call':
      countSearch(s, str(p.id));
      return;
    default:
      return;
  }
}

/** The escalation request of a shell call (0.171.0: exec_command's `sandbox_permissions`). */
function onCall(s: SessionState, p: Obj, at: string): void {
  const callId = str(p.call_id);
  if (!callId) return;
  let args: unknown = p.arguments;
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return;
    }
  }
  if (!isObj(args)) return;
  if (args.sandbox_permissions !== 'require_escalated') {
    if (p.name === 'exec_command') openCall(s, callId);
    return;
  }
  const command = typeof args.cmd === 'string' ? args.cmd : '';
  if (Object.keys(s.pending).length >= MAX_LIST) return;
  s.pending[callId] = { at, command };
}

function outputText(v: unknown): string {
  if (typeof v === 'string') return v.slice(0, OUTPUT_PEEK);
  if (Array.isArray(v))
    return v
      .map((x) => (isObj(x) && typeof x.text === 'string' ? x.text : ''))
      .join('\n')
      .slice(0, OUTPUT_PEEK);
  if (isObj(v)) return outputText(v.content ?? v.output);
  return '';
}

/** exec_command's answer to the model: `Chunk ID: …\nWall time: …\nProcess exited with code N\n…Output:\n…`. */
const EXITED_RE = /^(?:[^\n]*\n){0,4}?Process exited with code (-?\d+)\n(?:[^\n]*\n){0,2}?Output:\n/;

function onOutput(s: SessionState, p: Obj): void {
  const callId = str(p.call_id);
  if (!callId) return;
  const pending = s.pending[callId];
  if (!pending) {
    if (closeCall(s.openCalls, callId)) onItemlessOutput(s, callId, outputText(p.output));
    return;
  }
  const text = outputText(p.output);
  let outcome: EscalationOutcome | undefined;
  let reviewer: RecordedReviewer = current(s)?.approvalsReviewer ?? 'unknown';
  if (/approval policy is Never/i.test(text)) outcome = 'refused';
  else if (/rejected by user/.test(text)) {
    outcome = 'denied';
    reviewer = 'user';
  } else if (/Rejected\(.*unacceptable risk/s.test(text)) {
    outcome = 'denied';
    reviewer = 'auto_review';
  } else if (/Rejected\(/.test(text)) outcome = 'denied';
  else if (/aborted by user/.test(text)) outcome = 'aborted';
  // Any other output is the command's own (it ran and its item came first): nothing to add.
  if (!outcome) return;
  delete s.pending[callId];
  pushCapped(s.escalations, { at: pending.at, outcome, command: null });
  if (outcome === 'denied' || outcome === 'aborted')
    pushCapped(s.approvals, { at: pending.at, kind: 'command', decision: outcome, reviewer, command: null });
}

/**
 * An exec_command output with no CommandExecution item before it. Codex 0.171.0 waits up to 150 ms
 * for a new process to exit; a sandboxed command that ends within that window with what looks like
 * a sandbox error is turned into an error before the command's begin and end events, so the record
 * has the call and this output but no item. A slower command gets its item (it comes before the
 * output), so which shape a refused command gets depends on how fast the machine ran it.
 */
function onItemlessOutput(s: SessionState, callId: string, text: string): void {
  const sandbox = current(s)?.sandbox;
  if (sandbox !== 'read-only' && sandbox !== 'workspace-write') return;
  const m = EXITED_RE.exec(text);
  if (!m || m[1] === '0') return;
  if (!SANDBOX_ERROR.test(text.slice(m[0].length))) return;
  s.commands++;
  s.sandboxDenials++;
  // The item may still come after the output: remember the call so it is not counted twice.
  s.countedFromOutput.push(callId);
  if (s.countedFromOutput.length > MAX_OPEN_CALLS) s.countedFromOutput.shift();
}

function safeCommand(cmd: string): string {
  const one = cmd.replace(/[\r\n\t]+/g, ' ');
  const red = redactSecretsInText(one);
  return red.length > MAX_COMMAND_CHARS ? red.slice(0, MAX_COMMAND_CHARS - 1) + '…' : red;
}

function pushCapped<T>(list: T[], v: T): void {
  if (list.length < MAX_LIST) list.push(v);
}

/** The summary of what was read so far. */
export function summarise(s: SessionState): SessionSummary {
  return {
    id: s.id,
    startedAt: s.startedAt,
    endedAt: s.lastAt || s.startedAt,
    surface: surfaceOf(s.source, s.originator),
    originator: s.originator || 'unknown',
    cwd: s.cwd,
    codexVersion: s.codexVersion || 'unknown',
    archived: s.archived,
    turns: s.turns,
    postures: s.postures,
    commands: s.commands,
    commandsOutsideSandbox: s.commandsOutsideSandbox,
    // Still waiting for an answer: the latest requests, so they go last.
    escalations: [
      ...s.escalations,
      ...Object.values(s.pending).map((p): RecordedEscalation => ({ at: p.at, outcome: 'pending', command: null })),
    ],
    approvals: s.approvals,
    sandboxDenials: s.sandboxDenials,
    webSearches: s.webSearches,
    mcpToolCalls: s.mcpToolCalls,
    writesOutsideWorkspace: s.writesOutsideWorkspace,
    abortedTurns: s.abortedTurns,
  };
}
