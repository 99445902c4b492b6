// One debounce for every feature: the latest call wins once the delay passes with no newer one.
// Disposing cancels what is still waiting, so nothing runs against a disposed feature (a timer
// that fires after deactivate() would touch disposed emitters and collections).
import type * as vscode from 'vscode';

export class Debouncer<K = undefined> implements vscode.Disposable {
  private readonly timers = new Map<K | undefined, NodeJS.Timeout>();
  private disposed = false;

  constructor(private readonly delayMs: number) {}

  /**
   * Runs `fn` after `delayMs` (default: the constructor's) unless called again for the same `key`
   * first; then only the newer call runs. Keys let one helper debounce each document on its own.
   */
  trigger(fn: () => void, delayMs = this.delayMs, key?: K): void {
    if (this.disposed) return;
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fn();
      }, delayMs),
    );
  }

  /** Drops the waiting call for `key`, if any. */
  cancel(key?: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** Whether a call for `key` is waiting. */
  pending(key?: K): boolean {
    return this.timers.has(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
