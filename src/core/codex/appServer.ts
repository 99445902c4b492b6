// A small JSON-RPC client for `codex app-server --listen stdio://` (newline-delimited JSON).
// Plain Node, no `vscode` import: used by the differential tests and, later, by the extension.
//
// Safety: the process is spawned from an argument array (never a shell), in its own process
// group, and every way out (close(), a failed request, an unexpected exit, the parent exiting)
// kills that group. Every request has a timeout.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type {
  ConfigReadParams,
  ConfigReadResponse,
  InitializeParams,
  InitializeResponse,
  ThreadStartParams,
  ThreadStartResponse,
  TurnStartParams,
  TurnStartResponse,
} from './protocol';
import { VERSION } from '../version';

export interface AppServerStartOptions {
  /** Path of the `codex` executable (the native binary or the npm `bin/codex.js` wrapper). */
  readonly executable: string;
  /**
   * Root options placed before the `app-server` subcommand. Of the launch flags only
   * `--approve-for-me` has an effect there in 0.171.0 (`-s`, `-a`, `--search`, `--yolo` are
   * accepted and silently ignored; `--profile` is rejected).
   */
  readonly globalArgs?: readonly string[];
  /**
   * Options of `app-server` itself: `-c key=value`, `--enable F`, `--disable F`,
   * `--strict-config`. `--listen stdio://` is added by the client.
   */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Default timeout of each request. */
  readonly requestTimeoutMs?: number;
  /** How much stderr to keep (the tail), for error messages. */
  readonly maxStderrChars?: number;
}

export interface RequestOptions {
  readonly timeoutMs?: number;
}

export interface JsonRpcNotification {
  readonly method: string;
  readonly params?: unknown;
}

/** An error answer from the server, a timeout, or the process going away. */
export class AppServerError extends Error {
  constructor(
    message: string,
    readonly kind: 'rpc' | 'timeout' | 'exit' | 'spawn' | 'closed',
    readonly method?: string,
    readonly code?: number,
    readonly data?: unknown,
    readonly stderrTail?: string,
  ) {
    super(message);
    this.name = 'AppServerError';
  }
}

interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const live = new Set<AppServerClient>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.killNow();
  });
}

export class AppServerClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(n: JsonRpcNotification) => void>();
  private readonly requestTimeoutMs: number;
  private readonly maxStderr: number;
  private nextId = 1;
  private stdoutBuf = '';
  private stderrBuf = '';
  private closed = false;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Lines on stdout that were not JSON (kept for diagnostics). */
  readonly strayOutput: string[] = [];
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(opts: AppServerStartOptions) {
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 15_000;
    this.maxStderr = opts.maxStderrChars ?? 16_000;
    const argv = [...(opts.globalArgs ?? []), 'app-server', ...(opts.args ?? []), '--listen', 'stdio://'];
    this.child = spawn(opts.executable, argv, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      shell: false,
    });
    live.add(this);
    installExitHook();
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        live.delete(this);
        this.failAll(
          new AppServerError(
            `codex app-server exited (code ${code}, signal ${signal})${this.stderrHint()}`,
            'exit',
            undefined,
            undefined,
            undefined,
            this.stderrTail,
          ),
        );
        resolve({ code, signal });
      });
    });
    this.child.once('error', (err) => {
      live.delete(this);
      this.failAll(new AppServerError(`cannot run ${opts.executable}: ${err.message}`, 'spawn'));
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrBuf += chunk;
      if (this.stderrBuf.length > this.maxStderr * 2) this.stderrBuf = this.stderrBuf.slice(-this.maxStderr);
    });
    // A write after the process died must not crash the host.
    this.child.stdin.on('error', () => undefined);
  }

  /** Spawns `codex [globalArgs] app-server [args] --listen stdio://`. */
  static start(opts: AppServerStartOptions): AppServerClient {
    return new AppServerClient(opts);
  }

  /** Starts a server, runs `fn`, and always shuts the server down. */
  static async with<T>(opts: AppServerStartOptions, fn: (client: AppServerClient) => Promise<T>): Promise<T> {
    const client = AppServerClient.start(opts);
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderrTail(): string {
    return this.stderrBuf.slice(-this.maxStderr);
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  onNotification(listener: (n: JsonRpcNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  request<T>(method: string, params?: unknown, opts: RequestOptions = {}): Promise<T> {
    if (this.closed || this.exitInfo) {
      return Promise.reject(new AppServerError(`app-server is not running (${method})`, 'closed', method));
    }
    const id = this.nextId++;
    const timeoutMs = opts.timeoutMs ?? this.requestTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AppServerError(`${method} timed out after ${timeoutMs} ms${this.stderrHint()}`, 'timeout', method));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.write({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    });
  }

  notify(method: string, params?: unknown): void {
    if (this.closed || this.exitInfo) return;
    this.write({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** `initialize` followed by the `initialized` notification. Experimental fields are opted in. */
  async initialize(params?: Partial<InitializeParams>, opts?: RequestOptions): Promise<InitializeResponse> {
    const full: InitializeParams = {
      clientInfo: params?.clientInfo ?? { name: 'codex-posture', version: VERSION },
      capabilities: params?.capabilities ?? { experimentalApi: true },
    };
    const res = await this.request<InitializeResponse>('initialize', full, opts);
    this.notify('initialized');
    return res;
  }

  configRead(params: ConfigReadParams, opts?: RequestOptions): Promise<ConfigReadResponse> {
    return this.request<ConfigReadResponse>('config/read', params, opts);
  }

  threadStart(params: ThreadStartParams, opts?: RequestOptions): Promise<ThreadStartResponse> {
    return this.request<ThreadStartResponse>('thread/start', params, opts);
  }

  turnStart(params: TurnStartParams, opts?: RequestOptions): Promise<TurnStartResponse> {
    return this.request<TurnStartResponse>('turn/start', params, opts);
  }

  /** Ends the session: closes stdin, SIGTERM to the process group, SIGKILL after `graceMs`. */
  async close(graceMs = 1500): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.failAll(new AppServerError('app-server client closed', 'closed'));
    }
    if (this.exitInfo || this.child.pid === undefined) return;
    try {
      this.child.stdin.end();
    } catch {
      /* ignore */
    }
    this.signal('SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') {
      this.signal('SIGKILL');
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
  }

  /** Synchronous best-effort kill (used from the process `exit` hook). */
  killNow(): void {
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exitInfo) return;
    try {
      if (process.platform !== 'win32') process.kill(-pid, sig);
      else this.child.kill(sig);
    } catch {
      try {
        this.child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  }

  private write(msg: unknown): void {
    try {
      this.child.stdin.write(JSON.stringify(msg) + '\n');
    } catch {
      /* the exit handler reports the failure */
    }
  }

  private onStdout(chunk: string): void {
    this.stdoutBuf += chunk;
    let nl: number;
    while ((nl = this.stdoutBuf.indexOf('\n')) >= 0) {
      const line = this.stdoutBuf.slice(0, nl).trim();
      this.stdoutBuf = this.stdoutBuf.slice(nl + 1);
      if (line) this.onLine(line);
    }
  }

  private onLine(line: string): void {
    let msg: {
      id?: number | string;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { code?: number; message?: string; data?: unknown };
    };
    try {
      msg = JSON.parse(line);
    } catch {
      if (this.strayOutput.length < 200) this.strayOutput.push(line);
      return;
    }
    if (msg.method !== undefined && msg.id !== undefined) {
      // A request from the server (approvals, user input, ...). This client never grants anything.
      this.write({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'not supported by codex-posture' } });
      return;
    }
    if (msg.method !== undefined) {
      for (const l of this.listeners) {
        try {
          l({ method: msg.method, params: msg.params });
        } catch {
          /* a listener's bug must not break the stream */
        }
      }
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) {
      p.reject(new AppServerError(`${p.method}: ${msg.error.message ?? 'error'}`, 'rpc', p.method, msg.error.code, msg.error.data));
    } else {
      p.resolve(msg.result);
    }
  }

  private failAll(err: AppServerError): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new AppServerError(`${p.method}: ${err.message}`, err.kind, p.method, err.code, err.data, err.stderrTail));
    }
  }

  private stderrHint(): string {
    const tail = this.stderrBuf.trim().split('\n').slice(-3).join(' | ');
    return tail ? ` [stderr: ${tail.slice(-500)}]` : '';
  }
}
