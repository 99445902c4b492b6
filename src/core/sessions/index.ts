// The sessions of one folder, from Codex's rollout files under $CODEX_HOME/sessions (and
// archived_sessions). Read-only: files are opened for reading, nothing is written, no Codex command
// runs. An index keyed by each file's size and mtime makes a refresh read only what is new: an
// unchanged file is not opened, a grown one is read from where the last read stopped.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { feedLine, newSessionState, summarise, type SessionState } from './builder';
import { scanLines } from './lines';
import type { SessionSummary, SessionsReport } from './types';

export { summarise } from './builder';
export * from './types';

/** Rollout file names: `rollout-2026-12-06T04-40-08-<uuid>.jsonl`. */
const ROLLOUT_NAME = /^rollout-.*\.jsonl$/;
/** The first line (session_meta) carries the instructions text too: allow for it, not for more. */
const FIRST_LINE_MAX = 4 * 1024 * 1024;

interface Entry {
  size: number;
  mtimeMs: number;
  /** Bytes consumed so far (complete lines). */
  offset: number;
  /** `other`: a session of another folder (or not a rollout); only its first line was read. */
  kind: 'mine' | 'other' | 'old';
  state?: SessionState;
  /** The summary of `state`, kept until the file grows again. */
  summary?: SessionSummary;
}

export interface RefreshOptions {
  readonly signal?: AbortSignal;
  /** Bytes read so far and the bytes this refresh has to read at most. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RefreshStats {
  readonly files: number;
  readonly filesRead: number;
  readonly bytesRead: number;
  readonly ms: number;
}

export interface SessionIndexOptions {
  readonly codexHome: string;
  /** The folder whose sessions are wanted: sessions started in it or below it. */
  readonly folder: string;
  /** Files last modified before this are not read at all. */
  readonly since?: Date;
}

export class SessionIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly folders: string[];
  private readonly sinceMs: number;
  private skippedOther = 0;

  constructor(private readonly opts: SessionIndexOptions) {
    this.folders = [trimSlash(opts.folder)];
    this.sinceMs = opts.since ? opts.since.getTime() : -Infinity;
  }

  /** Also match the folder's real path (`codex exec` records the canonical cwd). */
  async resolveFolder(): Promise<void> {
    try {
      const real = trimSlash(await fsp.realpath(this.opts.folder));
      if (!this.folders.includes(real)) this.folders.push(real);
    } catch {
      /* a folder that does not exist has no sessions but its name */
    }
  }

  async refresh(ro: RefreshOptions = {}): Promise<RefreshStats> {
    const t0 = performance.now();
    const files = await listRollouts(this.opts.codexHome);
    const seen = new Set<string>();
    const work: Array<{ file: string; size: number; mtimeMs: number; archived: boolean }> = [];
    let total = 0;
    // All at once: a refresh is mostly stats of unchanged files, and they need not wait in line.
    const stats = await Promise.all(files.map((f) => fsp.stat(f.file).catch(() => undefined)));
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      const st = stats[i];
      seen.add(f.file);
      if (!st || !st.isFile()) continue;
      const e = this.entries.get(f.file);
      if (e && e.size === st.size && e.mtimeMs === st.mtimeMs) continue;
      if (st.mtimeMs < this.sinceMs) {
        this.entries.set(f.file, { size: st.size, mtimeMs: st.mtimeMs, offset: 0, kind: 'old' });
        continue;
      }
      work.push({ file: f.file, size: st.size, mtimeMs: st.mtimeMs, archived: f.archived });
      total += e && e.kind === 'mine' && st.size >= e.size ? st.size - e.offset : e?.kind === 'other' && st.size >= e.size ? 0 : st.size;
    }
    for (const k of [...this.entries.keys()]) if (!seen.has(k)) this.entries.delete(k);
    let done = 0;
    let bytesRead = 0;
    let filesRead = 0;
    for (const w of work) {
      if (ro.signal?.aborted) throw ro.signal.reason ?? new Error('aborted');
      const before = this.entries.get(w.file);
      // The first line never changes: a file of another folder that grew stays another folder's.
      if (before && before.kind === 'other' && w.size >= before.size) {
        before.size = w.size;
        before.mtimeMs = w.mtimeMs;
        continue;
      }
      filesRead++;
      const resume = before && before.kind === 'mine' && before.state && w.size >= before.size;
      let entry: Entry;
      if (resume) entry = before;
      else {
        entry = { size: w.size, mtimeMs: w.mtimeMs, offset: 0, kind: 'other' };
        const first = await this.readFirstLine(w.file, w.archived);
        if (!first) {
          this.entries.set(w.file, entry);
          continue;
        }
        entry.kind = 'mine';
        entry.state = first.state;
        entry.offset = first.offset;
      }
      const state = entry.state!;
      // A new file's first line was read above; it counts as read too.
      const from = resume ? entry.offset : 0;
      const base = done;
      const r = await scanLines(w.file, entry.offset, (buf, s, e) => feedLine(state, buf, s, e), {
        signal: ro.signal,
        onChunk: (pos) => ro.onProgress?.(base + pos - from, total),
      });
      state.skippedLines += r.oversized;
      bytesRead += r.offset - from;
      done += r.offset - from;
      entry.offset = r.offset;
      entry.summary = undefined;
      entry.size = w.size;
      entry.mtimeMs = w.mtimeMs;
      this.entries.set(w.file, entry);
    }
    return { files: files.length, filesRead, bytesRead, ms: performance.now() - t0 };
  }

  /** Reads a file's first line; a session of this folder comes back with its state started. */
  private async readFirstLine(file: string, archived: boolean): Promise<{ state: SessionState; offset: number } | undefined> {
    const state = newSessionState(archived);
    let r;
    try {
      r = await scanLines(file, 0, (buf, s, e) => feedLine(state, buf, s, e), { maxLines: 1, maxLineBytes: FIRST_LINE_MAX });
    } catch {
      return undefined;
    }
    if (!state.hasMeta || state.subagent || !this.isMine(state.cwd)) {
      if (!state.hasMeta) this.skippedOther += r.oversized;
      return undefined;
    }
    state.skippedLines += r.oversized;
    return { state, offset: r.offset };
  }

  private isMine(cwd: string): boolean {
    if (!cwd) return false;
    const c = trimSlash(cwd);
    return this.folders.some((f) => c === f || c.startsWith(f === '/' ? '/' : f + '/'));
  }

  /** The folder's sessions, newest first. */
  report(): SessionsReport {
    const byId = new Map<string, SessionSummary>();
    let skipped = this.skippedOther;
    for (const e of this.entries.values()) {
      if (e.kind !== 'mine' || !e.state) continue;
      skipped += e.state.skippedLines;
      const s = (e.summary ??= summarise(e.state));
      if (this.sinceMs > -Infinity && Date.parse(s.endedAt) < this.sinceMs) continue;
      // An archived copy and a live one of the same session: keep the one that says more.
      const prev = byId.get(s.id);
      if (!prev || prev.endedAt < s.endedAt) byId.set(s.id, s);
    }
    const sessions = [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    return { sessions, skippedLines: skipped };
  }
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** Every rollout file: sessions/YYYY/MM/DD/ and archived_sessions/ (flat). */
export async function listRollouts(codexHome: string): Promise<Array<{ file: string; archived: boolean }>> {
  const out: Array<{ file: string; archived: boolean }> = [];
  const dirs = async (d: string): Promise<string[]> => {
    try {
      return (await fsp.readdir(d, { withFileTypes: true }))
        .filter((x) => x.isDirectory())
        .map((x) => x.name)
        .sort();
    } catch {
      return [];
    }
  };
  const files = async (d: string, archived: boolean): Promise<void> => {
    let names;
    try {
      names = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const n of names) if (n.isFile() && ROLLOUT_NAME.test(n.name)) out.push({ file: path.join(d, n.name), archived });
  };
  const root = path.join(codexHome, 'sessions');
  const months = (
    await Promise.all((await dirs(root)).map(async (y) => (await dirs(path.join(root, y))).map((m) => path.join(root, y, m))))
  ).flat();
  const days = (await Promise.all(months.map(async (m) => (await dirs(m)).map((d) => path.join(m, d))))).flat();
  await Promise.all([...days.map((d) => files(d, false)), files(path.join(codexHome, 'archived_sessions'), true)]);
  // Directory order is the file system's: sort so the index (and its output) does not depend on it.
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
