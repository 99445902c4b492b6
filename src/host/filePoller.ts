// A safety net under the file watchers. VS Code's watchers are fast but not guaranteed: on a loaded
// machine a recursive watcher can miss a file created in a brand-new folder, and a watcher on a
// folder that did not exist yet never fires. The badge must not stay wrong because one event was
// lost, so every few seconds the few files that decide the posture (and the approval logs) are
// stat'ed, and a changed signature triggers the same refresh a watcher event would have.
// Only stat() runs here: a handful of calls per tick, no reads, no parsing.
import { promises as fs } from 'node:fs';
import type * as vscode from 'vscode';

export const POLL_INTERVAL_MS = 2_000;

/** size, mtime, inode and ctime, or "missing": what a watcher event would have told us changed. */
async function signature(file: string): Promise<string> {
  const st = await fs.stat(file).catch(() => undefined);
  return st ? `${st.size}:${st.mtimeMs}:${st.ino}:${st.ctimeMs}` : 'missing';
}

export class FilePoller implements vscode.Disposable {
  private readonly known = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private ticking = false;

  /**
   * @param files the files to look at on each tick (asked every tick, so it follows the posture)
   * @param onChange called once per tick with the files whose signature changed since the last tick
   * @param listedFilesExist the caller lists only files it has just read (all, or those the function
   *   names): one missing at its first sighting was deleted before the tick, and counts as a change
   */
  constructor(
    private readonly files: () => Iterable<string>,
    private readonly onChange: (changed: readonly string[]) => void,
    intervalMs = POLL_INTERVAL_MS,
    private readonly listedFilesExist: boolean | ((file: string) => boolean) = false,
  ) {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref?.();
  }

  /** One pass; public for tests. The first sighting of a file only records its signature (see listedFilesExist). */
  async tick(): Promise<readonly string[]> {
    if (this.ticking) return [];
    this.ticking = true;
    try {
      const wanted = new Set(this.files());
      for (const f of [...this.known.keys()]) if (!wanted.has(f)) this.known.delete(f);
      const changed: string[] = [];
      await Promise.all(
        [...wanted].map(async (f) => {
          const sig = await signature(f);
          const before = this.known.get(f);
          this.known.set(f, sig);
          if (
            before === undefined
              ? sig === 'missing' && (typeof this.listedFilesExist === 'function' ? this.listedFilesExist(f) : this.listedFilesExist)
              : before !== sig
          )
            changed.push(f);
        }),
      );
      if (changed.length) this.onChange(changed);
      return changed;
    } finally {
      this.ticking = false;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
