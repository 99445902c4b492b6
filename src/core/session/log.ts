// The approval and exception log: one JSON object per line, appended, never rewritten. Appends use
// a single write with O_APPEND, which POSIX keeps atomic with respect to the file offset, so two
// writers (two windows, the CLI and the extension) interleave whole lines and never overwrite each
// other. Reading is tolerant: a torn or hand-edited line is reported, not fatal.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export type LogKind = 'approval' | 'exception' | 'revocation';
/** What an entry lets Codex do that the baseline does not; checked against the posture on expiry. */
export type Enablement = 'network' | 'web-search';

export interface LogEntry {
  readonly v: 1;
  readonly id: string;
  readonly kind: LogKind;
  /** ISO time the entry was written. */
  readonly at: string;
  /** Who asked (a person, or "codex" for an agent's approval prompt). */
  readonly requester: string;
  /** The command or scope approved, e.g. `npm install left-pad` or `network for the docs build`. */
  readonly scope: string;
  readonly domains: readonly string[];
  readonly reason: string;
  /** ISO time the approval or exception ends; absent for revocations and one-off approvals. */
  readonly expires?: string;
  readonly rollback: string;
  readonly enables: readonly Enablement[];
  /** Workspace folder the entry is about. */
  readonly folder?: string;
  /** For revocations: what was changed, one line per edit. */
  readonly changes?: readonly string[];
  /** For an approval taken from Codex's session records: which one (sessions/evidence.ts recordKey). */
  readonly codexRecord?: string;
}

export const DEFAULT_EXPIRY_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

export function newEntryId(now: Date, rand: () => number = Math.random): string {
  return `${now
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${Math.floor(rand() * 0xffffff)
    .toString(16)
    .padStart(6, '0')}`;
}

export function expiryFrom(now: Date, days: number = DEFAULT_EXPIRY_DAYS): string {
  return new Date(now.getTime() + days * DAY).toISOString();
}

/**
 * The expiry typed into "Record Approval or Exception": empty (the default) or whole days from 1 to
 * 366, the bounds of codexPosture.session.exceptionExpiryDays. Returns the problem, or undefined.
 */
export function expiryDaysProblem(text: string): string | undefined {
  const t = text.trim();
  if (t === '' || (/^[1-9]\d{0,2}$/.test(t) && Number(t) <= 366)) return undefined;
  return 'Enter a whole number of days from 1 to 366, or leave it empty for the default.';
}

/** Guesses what an entry enables from its scope and domains, for entries written by hand. */
export function inferEnablements(scope: string, domains: readonly string[]): Enablement[] {
  const out: Enablement[] = [];
  if (domains.length || /\bnetwork|network_access|internet|download|\binstall\b|curl|wget|fetch/i.test(scope)) out.push('network');
  if (/web[\s_-]?search/i.test(scope)) out.push('web-search');
  return out;
}

/** One line of the log (no newline inside: JSON.stringify escapes them). */
export function formatEntry(e: LogEntry): string {
  return JSON.stringify(e) + '\n';
}

export interface ParsedLog {
  readonly entries: readonly LogEntry[];
  /** 1-based line numbers that were not a valid entry. */
  readonly badLines: readonly number[];
}

function isEntry(x: unknown): x is LogEntry {
  if (!x || typeof x !== 'object') return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'string' &&
    !Number.isNaN(Date.parse(e.at)) &&
    (e.kind === 'approval' || e.kind === 'exception' || e.kind === 'revocation') &&
    typeof e.scope === 'string' &&
    (e.expires === undefined || (typeof e.expires === 'string' && !Number.isNaN(Date.parse(e.expires))))
  );
}

export function parseLog(text: string): ParsedLog {
  const entries: LogEntry[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const raw = JSON.parse(line) as Record<string, unknown>;
      if (!isEntry(raw)) throw new Error('not an entry');
      entries.push({
        ...raw,
        v: 1,
        requester: typeof raw.requester === 'string' ? raw.requester : '',
        reason: typeof raw.reason === 'string' ? raw.reason : '',
        rollback: typeof raw.rollback === 'string' ? raw.rollback : '',
        domains: Array.isArray(raw.domains) ? raw.domains.filter((d): d is string => typeof d === 'string') : [],
        enables: Array.isArray(raw.enables) ? raw.enables.filter((d): d is Enablement => d === 'network' || d === 'web-search') : [],
      } as LogEntry);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { entries, badLines };
}

export async function readLog(file: string): Promise<ParsedLog> {
  let text: string;
  try {
    const st = await fs.stat(file);
    // A log is small; a huge file is not ours to load whole.
    if (st.size > 16 * 1024 * 1024) return { entries: [], badLines: [0] };
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], badLines: [] };
    throw e;
  }
  return parseLog(text);
}

/** Appends one entry with one O_APPEND write; creates the folder and file when missing. */
export async function appendEntry(file: string, entry: LogEntry): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const h = await fs.open(file, 'a');
  try {
    await h.write(formatEntry(entry));
  } finally {
    await h.close();
  }
}

export function isExpired(e: LogEntry, now: Date): boolean {
  return !!e.expires && Date.parse(e.expires) <= now.getTime();
}

/** What is on right now, for the expiry check. */
export interface LiveEnablements {
  readonly network: boolean;
  readonly webSearch: boolean;
}

export interface ExpiredException {
  readonly entry: LogEntry;
  /** Enablements the entry granted that are still on. */
  readonly stillOn: readonly Enablement[];
}

/** Expired approvals/exceptions whose enablement is still on: the ones to warn about. */
export function expiredStillOn(entries: readonly LogEntry[], live: LiveEnablements, now: Date): ExpiredException[] {
  const out: ExpiredException[] = [];
  for (const e of entries) {
    if (e.kind === 'revocation' || !isExpired(e, now)) continue;
    const stillOn = e.enables.filter((x) => (x === 'network' ? live.network : live.webSearch));
    if (stillOn.length) out.push({ entry: e, stillOn });
  }
  return out;
}

/** The next time an entry expires after `now` (to schedule a re-check), if any. */
export function nextExpiry(entries: readonly LogEntry[], now: Date): number | undefined {
  const t = entries.map((e) => (e.expires ? Date.parse(e.expires) : NaN)).filter((x) => x > now.getTime());
  return t.length ? Math.min(...t) : undefined;
}

export function describeEntry(e: LogEntry): string {
  const what = e.kind === 'revocation' ? 'Revoked' : e.kind === 'exception' ? 'Exception' : 'Approval';
  const dom = e.domains.length ? ` (${e.domains.join(', ')})` : '';
  return `${what}: ${e.scope}${dom}`;
}
