// The worker thread's entry (bundled as dist/worker.js): it owns parsing, resolving and linting so
// that a huge config file costs this thread seconds, never the extension host's. Requests arrive one
// at a time (the host queues them), so a request runs to its end or until the host terminates the
// thread because its time budget ran out.
import { promises as fs, readlinkSync } from 'node:fs';
import * as os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ConfigFileCache } from '../core/config/fileCache';
import type { FileLoad } from '../core/config/layers';
import { resolvePosture } from '../core/config/resolve';
import { boundOutside } from '../core/outside/tally';
import { duration } from './client';
import { lintInWorker } from './lintInWorker';
import { statSignature, type TooSlowFile, type WorkerMessage, type WorkerRequest } from './protocol';

/** Tells the host which file it is about to read, and refuses files the host already gave up on. */
class ReportingCache extends ConfigFileCache {
  requestId = 0;
  tooSlow: readonly TooSlowFile[] = [];

  constructor(private readonly post: (m: WorkerMessage) => void) {
    super();
  }

  override async load(file: string): Promise<FileLoad> {
    const st = await fs.stat(file).catch(() => undefined);
    if (st?.isFile()) {
      const signature = statSignature(st);
      const slow = this.tooSlow.find((t) => t.file === file && t.signature === signature);
      if (slow) {
        // An io error, like a file over the size limit: what Codex would do with it is unknown to
        // us, and the badge must say so rather than show a posture without this layer.
        const mb = (slow.bytes / 1_000_000).toFixed(1);
        return {
          status: 'error',
          error: {
            kind: 'io',
            unread: true,
            file,
            message: `${file} is too large to read in time (${mb} MB, not read within ${duration(slow.budgetMs)}); the posture is unknown until it is smaller`,
          },
        };
      }
      this.post({ id: this.requestId, type: 'reading', file, signature, bytes: st.size });
    }
    return super.load(file);
  }
}

function serve(port: NonNullable<typeof parentPort>): void {
  const post = (m: WorkerMessage) => port.postMessage(m);
  const cache = new ReportingCache(post);
  port.on('message', async (req: WorkerRequest) => {
    try {
      if (req.op === 'resolve') {
        cache.requestId = req.id;
        cache.tooSlow = req.tooSlow;
        const snapshot = await resolvePosture({ ...req.input, cache });
        // Bounded lists, so the host's copy of the answer costs it milliseconds, not seconds.
        const value = snapshot.outsideSandbox ? { ...snapshot, outsideSandbox: boundOutside(snapshot.outsideSandbox) } : snapshot;
        post({ id: req.id, type: 'done', op: 'resolve', value });
      } else {
        post({ id: req.id, type: 'done', op: 'lint', value: lintInWorker(req.input) });
      }
    } catch (e) {
      post({ id: req.id, type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  post({ id: 0, type: 'ready' });
}

/**
 * On a busy machine this thread and the extension host compete for the same cores, and a host
 * thread that waits for a core stalls like one that computes. Linux lets a thread lower its own
 * priority (its id is in /proc/thread-self), so the host wins every contest; elsewhere nothing changes.
 */
function yieldToHost(): void {
  try {
    const tid = Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid > 0) os.setPriority(tid, Math.min(os.constants.priority.PRIORITY_LOW, os.getPriority(tid) + 10));
  } catch {
    // Not Linux, or not allowed: the thread runs at the host's priority, as before.
  }
}

if (parentPort) {
  yieldToHost();
  serve(parentPort);
}
