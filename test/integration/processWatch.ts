// Watches, inside the extension host, every process the extension starts.
//
// Two witnesses, because each alone has a gap:
// - In-process: the functions of Node's child_process module are wrapped. The extension's bundles
//   call them as `(0, import_child_process.execFile)(…)`, a property read on that same module
//   object at call time, so the wrapper sees every call made after it is installed, whatever the
//   executable, with the stack that says whether the extension made it (a frame in its dist/). It
//   cannot see calls made before this module was loaded (the extension may activate first).
// - On disk: where the fixture puts recording `git` and `codex` first on PATH (the restricted run),
//   each start of either appends a line with its parent pids, so a start before the wrapper was
//   installed, or one by a process the extension started, is still caught.
// (/proc sampling, which restricted.badge.test.ts used alone before, misses processes that live
// less than the sampling interval, as `git status` does.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

const FUNCTIONS = ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork'] as const;

export interface ProcessStart {
  readonly fn: string;
  readonly file: string;
  readonly args: string;
  /** A frame of the stack is in the extension's dist/ (its bundle). */
  readonly byExtension: boolean;
  readonly stack: string;
}

const starts: ProcessStart[] = [];
let installedAt: { time: number; extensionWasActive: boolean } | undefined;

function extensionDist(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return path.join(ext.extensionPath, 'dist') + path.sep;
}

/** Wraps child_process once for this host; call at module load, before any test runs. */
export function watchProcesses(): void {
  if (installedAt) return;
  const dist = extensionDist();
  // The module object the extension's require('node:child_process') returns: its functions are
  // plain writable properties (unlike the getters of a TypeScript `import * as` namespace).
  const cp = require('node:child_process') as Record<string, unknown>;
  for (const fn of FUNCTIONS) {
    const original = cp[fn] as (...a: unknown[]) => unknown;
    const wrapper = function (this: unknown, ...a: unknown[]) {
      const stack = new Error().stack ?? '';
      starts.push({
        fn,
        file: String(a[0]),
        args: Array.isArray(a[1]) ? a[1].map(String).join(' ') : '',
        byExtension: stack.includes(dist),
        stack,
      });
      return original.apply(this, a);
    };
    // util.promisify.custom (execFile, exec): tests that promisify keep getting {stdout, stderr}.
    // The extension never promisifies (test/unit/security.static.test.ts), so it cannot bypass us.
    for (const sym of Object.getOwnPropertySymbols(original))
      (wrapper as unknown as Record<symbol, unknown>)[sym] = (original as unknown as Record<symbol, unknown>)[sym];
    cp[fn] = wrapper;
  }
  installedAt = { time: Date.now(), extensionWasActive: vscode.extensions.getExtension(EXTENSION_ID)?.isActive === true };
}

/** When the wrapper went in, and whether the extension was already active then. */
export function watchInstalled(): { time: number; extensionWasActive: boolean } {
  if (!installedAt) throw new Error('watchProcesses() was not called');
  return installedAt;
}

export function processStarts(): readonly ProcessStart[] {
  return starts;
}

export function extensionStarts(): ProcessStart[] {
  return starts.filter((s) => s.byExtension);
}

export interface RecordedStart {
  readonly name: string;
  /** Parent pids, nearest first. */
  readonly parents: readonly number[];
  readonly args: string;
}

/** The recording executables' log (test/integration/fixture.ts writeRecordingExecutable). */
export function recordedStarts(log: string): RecordedStart[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, chain, args] = line.split('\t');
      return { name, parents: chain.trim().split(/\s+/).filter(Boolean).map(Number), args: args ?? '' };
    });
}

/** Started by this extension host (directly, or by a process it started). */
export function startedByThisHost(log: string): RecordedStart[] {
  return recordedStarts(log).filter((r) => r.parents.includes(process.pid));
}
