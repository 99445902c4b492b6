// The extension host's side of the worker thread (src/worker/index.ts): a queue of typed requests,
// one at a time, each with a time budget. Plain Node, no `vscode`, so unit tests drive it directly.
//
// Why one at a time: a worker busy with a 16 MB parse cannot read a "cancel" message until it is
// done, so cancelling means either dropping a request before it is sent or terminating the thread.
// Keeping the queue here allows both: a superseded request that waits is dropped; one that runs is
// stopped by terminating the worker, which starts again for the next request.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { PostureSnapshot } from '../core/config/types';
import type { LintInput, LintOutput, ResolveInput, TooSlowFile, WorkerMessage, WorkerRequest } from './protocol';

/** What the client writes to the extension's log; a LogOutputChannel fits. */
export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, ...rest: unknown[]): void;
  trace(message: string): void;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: 'superseded' | 'tooLarge' | 'failed';
      readonly message: string;
      readonly file?: string;
      readonly bytes?: number;
    };

/**
 * How long one request may run before its file is called too large. The 15.8 MB config of 200,000
 * MCP servers takes about 6 s on a shared 2-core machine; Codex config files are kilobytes.
 */
export const DEFAULT_BUDGET_MS = 10_000;
/** Loading the worker's modules is not the request's work; a thread that never gets ready still fails. */
const STARTUP_ALLOWANCE_MS = 10_000;
/** Files given up on, remembered by stat signature; a few are enough to stop re-reading loops. */
const MAX_TOO_SLOW = 16;

type Op = WorkerRequest['op'];
interface Job {
  readonly id: number;
  readonly op: Op;
  readonly input: WorkerRequest['input'];
  readonly key?: string;
  readonly answer: (o: Outcome<unknown>) => void;
  reading?: { readonly file: string; readonly signature: string; readonly bytes: number };
  timer?: NodeJS.Timeout;
  /** A resolve retried after its file was given up on, or after a crash: never retried twice. */
  retried?: boolean;
  sentAt?: number;
  /** This thread's event-loop delay while the job runs: the proof that the host stayed free. */
  stalls?: IntervalHistogram;
}

export interface OffHostOptions {
  readonly budgetMs?: number;
  /** Tests pass a script of their own; the extension passes dist/worker.js. */
  readonly spawn?: (script: string) => Worker;
}

export class OffHostClient {
  private worker?: Worker;
  /** Whether the current worker has loaded its modules (its first message). */
  private ready = false;
  private readonly queue: Job[] = [];
  private current?: Job;
  private nextId = 1;
  private tooSlow: TooSlowFile[] = [];
  private disposed = false;
  private readonly budgetMs: number;
  private readonly spawn: (script: string) => Worker;
  /** Workers started, for the log and tests (1 after the first request, more after crashes or budgets). */
  starts = 0;

  constructor(
    private readonly script: string,
    private readonly log: WorkerLog,
    opts: OffHostOptions = {},
  ) {
    this.budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
    this.spawn = opts.spawn ?? ((s) => new Worker(s));
  }

  /** Starts the thread now, so its start-up overlaps the host's own work before the first request. */
  start(): void {
    if (!this.disposed && !this.worker) this.boot();
  }

  resolve(input: ResolveInput, key?: string): Promise<Outcome<PostureSnapshot>> {
    return this.enqueue('resolve', input, key) as Promise<Outcome<PostureSnapshot>>;
  }

  /**
   * The same as a snapshot: a file not read in time, or a worker that failed twice, is a load error
   * that names why, so the badge says so instead of showing a posture without that file.
   */
  async resolveSnapshot(input: ResolveInput): Promise<PostureSnapshot> {
    const outcome = await this.resolve(input);
    if (outcome.ok) return outcome.value;
    return {
      cwd: input.cwd,
      codexHome: input.codexHome,
      surface: input.surface ?? 'interactive',
      loads: false,
      loadError: { kind: 'io', message: outcome.message, file: outcome.file, ...(outcome.reason === 'tooLarge' ? { unread: true } : {}) },
      projectRoot: input.cwd,
      layers: [],
      warnings: [],
    };
  }

  /** `key` (e.g. the document's URI): a newer request with the same key supersedes this one. */
  lint(input: LintInput, key?: string): Promise<Outcome<LintOutput>> {
    return this.enqueue('lint', input, key) as Promise<Outcome<LintOutput>>;
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    const left = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
    this.current = undefined;
    for (const job of left) this.finish(job, { ok: false, reason: 'failed', message: 'the extension is shutting down' });
  }

  private enqueue(op: Op, input: WorkerRequest['input'], key?: string): Promise<Outcome<unknown>> {
    if (this.disposed) return Promise.resolve({ ok: false, reason: 'failed', message: 'the extension is shutting down' });
    return new Promise((answer) => {
      if (key !== undefined) this.cancel(key);
      this.queue.push({ id: this.nextId++, op, input, key, answer });
      this.pump();
    });
  }

  /** Answers 'superseded' to the requests with `key`, waiting or running (a newer answer exists). */
  cancel(key: string): void {
    for (const old of this.queue.filter((j) => j.key === key)) {
      this.queue.splice(this.queue.indexOf(old), 1);
      this.finish(old, { ok: false, reason: 'superseded', message: 'a newer request replaced it' });
    }
    if (this.current?.key === key) {
      // Only terminating stops a parse in progress; the next request starts a fresh thread.
      const old = this.current;
      this.current = undefined;
      this.log.trace(`worker: request ${old.id} (${old.op}) superseded while running; restarting the worker`);
      this.stopWorker();
      this.finish(old, { ok: false, reason: 'superseded', message: 'a newer request replaced it' });
      this.pump();
    }
  }

  private boot(): Worker {
    const started = performance.now();
    const w = this.spawn(this.script);
    this.starts++;
    this.worker = w;
    this.ready = false;
    // The host must never wait on this thread to exit.
    w.unref();
    w.once('message', () =>
      this.log.info(`worker thread ${this.starts > 1 ? 're' : ''}started in ${(performance.now() - started).toFixed(1)} ms`),
    );
    w.on('message', (m: WorkerMessage) => this.onMessage(w, m));
    w.on('error', (e) => this.log.error('worker thread failed:', e));
    w.on('exit', (code) => this.onExit(w, code));
    return w;
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate().catch(() => undefined);
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const w = this.worker ?? this.boot();
    this.current = job;
    job.reading = undefined;
    job.sentAt = performance.now();
    job.stalls ??= monitorEventLoopDelay({ resolution: 10 });
    job.stalls.enable();
    // A thread that never gets ready (a broken bundle) must not hold requests forever either.
    this.startBudget(job, this.ready ? this.budgetMs : this.budgetMs + STARTUP_ALLOWANCE_MS);
    const req = (
      job.op === 'resolve'
        ? { id: job.id, op: 'resolve', input: job.input, tooSlow: this.tooSlow }
        : { id: job.id, op: 'lint', input: job.input }
    ) as WorkerRequest;
    w.postMessage(req);
  }

  private onMessage(w: Worker, m: WorkerMessage): void {
    if (w !== this.worker) return;
    const job = this.current;
    if (m.type === 'ready') {
      this.ready = true;
      if (job) this.startBudget(job, this.budgetMs);
      return;
    }
    // For a request already answered (superseded, or over its budget).
    if (!job || m.id !== job.id) return;
    if (m.type === 'reading') {
      job.reading = { file: m.file, signature: m.signature, bytes: m.bytes };
      return;
    }
    this.current = undefined;
    if (m.type === 'done') this.finish(job, { ok: true, value: m.value });
    else {
      this.log.error(`worker: ${job.op} failed: ${m.message}`);
      this.finish(job, { ok: false, reason: 'failed', message: `the Codex configuration could not be read: ${m.message.split('\n')[0]}` });
    }
    this.pump();
  }

  private startBudget(job: Job, ms: number): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => this.overBudget(job), ms);
  }

  private overBudget(job: Job): void {
    if (this.current !== job) return;
    this.current = undefined;
    this.stopWorker();
    const r = job.reading;
    const what = r ? `${r.file} (${(r.bytes / 1_000_000).toFixed(1)} MB)` : `the ${job.op} request`;
    this.log.warn(`worker: ${what} not done within ${this.budgetMs} ms; stopped the worker`);
    if (job.op === 'resolve' && r && !job.retried) {
      // Resolve again without that file: the engine then reports it as unreadable (an io error),
      // in the same words as any other file it cannot read, and the other layers still count.
      this.tooSlow = [...this.tooSlow.filter((t) => t.file !== r.file), { ...r, budgetMs: this.budgetMs }].slice(-MAX_TOO_SLOW);
      job.retried = true;
      this.queue.unshift(job);
    } else {
      const message = r
        ? `${what} is too large to read in time (not done within ${duration(this.budgetMs)})`
        : `the ${job.op} did not finish within ${duration(this.budgetMs)}`;
      this.finish(job, { ok: false, reason: 'tooLarge', message, file: r?.file, bytes: r?.bytes });
    }
    this.pump();
  }

  private onExit(w: Worker, code: number): void {
    if (w !== this.worker) return;
    // Not stopped by us: it crashed (or ran out of memory). The next request starts a new one.
    this.worker = undefined;
    this.log.error(`worker thread exited unexpectedly (code ${code}); it restarts with the next request`);
    const job = this.current;
    this.current = undefined;
    if (job) {
      if (job.timer) clearTimeout(job.timer);
      if (!job.retried) {
        job.retried = true;
        this.queue.unshift(job);
      } else
        this.finish(job, {
          ok: false,
          reason: 'failed',
          message: `the Codex configuration could not be read: the worker thread stopped (exit code ${code})`,
        });
    }
    this.pump();
  }

  private finish(job: Job, outcome: Outcome<unknown>): void {
    if (job.timer) clearTimeout(job.timer);
    job.stalls?.disable();
    if (job.sentAt !== undefined) {
      const ms = performance.now() - job.sentAt;
      // Slow work is worth a line at the default level, with what it cost this thread (`npm run bench` reads it).
      const line = `worker: ${job.op} ${job.id} ${outcome.ok ? 'done' : outcome.reason} in ${ms.toFixed(1)} ms; longest host task meanwhile ${longestTaskMs(job.stalls).toFixed(1)} ms`;
      if (ms >= 1000) this.log.info(line);
      else this.log.trace(line);
    }
    job.answer(outcome);
  }
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** The longest delay of the event loop a histogram saw, in ms (0 when it saw no sample). */
function longestTaskMs(h: IntervalHistogram | undefined): number {
  return h && h.count > 0 ? h.max / 1e6 : 0;
}
