// Drives a real `codex app-server --listen stdio://` as the IDE extension does, and answers its
// approval requests the way the test says. Test-only: the product's client (src/core/codex/
// appServer.ts) refuses every server request and never grants anything.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ServerRequest {
  readonly id: number | string;
  readonly method: string;
  readonly params: Record<string, unknown>;
}

export interface Notification {
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export class AppServerDriver {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buf = '';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly waiters: Array<() => void> = [];
  readonly notifications: Notification[] = [];
  readonly serverRequests: ServerRequest[] = [];
  stderr = '';

  constructor(private readonly answer: (req: ServerRequest) => unknown) {}

  start(codex: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
    const child = spawn(codex, [...args, 'app-server', '--listen', 'stdio://'], {
      cwd,
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-20_000);
    });
    child.stdout.on('data', (d: string) => {
      this.buf += d;
      for (let nl = this.buf.indexOf('\n'); nl >= 0; nl = this.buf.indexOf('\n')) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        if (line.trim()) this.onLine(line);
      }
    });
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`app-server exited: ${this.stderr.slice(-500)}`));
      this.pending.clear();
    });
  }

  private onLine(line: string): void {
    let msg: { id?: number | string; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message?: string } };
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (msg.method !== undefined && msg.id !== undefined) {
      const req: ServerRequest = { id: msg.id, method: msg.method, params: msg.params ?? {} };
      this.serverRequests.push(req);
      this.write({ jsonrpc: '2.0', id: msg.id, result: this.answer(req) });
    } else if (msg.method !== undefined) {
      this.notifications.push({ method: msg.method, params: msg.params });
      for (const w of this.waiters.splice(0)) w();
    } else if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message ?? 'rpc error'));
      else p?.resolve(msg.result);
    }
  }

  private write(o: unknown): void {
    this.child?.stdin.write(JSON.stringify(o) + '\n');
  }

  request<T>(method: string, params: unknown, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    this.write({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(t);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
    });
  }

  notify(method: string, params?: unknown): void {
    this.write({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** Waits for a notification after index `from` (so each turn waits for its own completion). */
  async waitFor(method: string, from: number, timeoutMs = 60_000): Promise<Notification> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = this.notifications.slice(from).find((x) => x.method === method);
      if (n) return n;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${method} within ${timeoutMs} ms: ${this.stderr.slice(-500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Ends the process group, and waits for it. */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    const kill = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 2000);
    await exited;
    clearTimeout(kill);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* the group is gone */
    }
  }
}
