// Helpers for tests that run inside the extension host.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'catlab-kit.codex-posture';

/** Set by test/harness/runner.ts; absent under other runners (then screenshots are skipped). */
const ENV_SIGNALS = 'CODEX_POSTURE_HARNESS_SIGNALS';
const ENV_SCREENSHOTS = 'CODEX_POSTURE_HARNESS_SCREENSHOTS';

/**
 * Activates the extension and returns its exports. Tests start before `onStartupFinished`, so
 * nothing may be assumed active yet.
 */
export async function activateExtension<T = unknown>(): Promise<T> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo root?)`);
  return ext.activate();
}

/** The folder VS Code opened. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder;
}

/**
 * Asks the harness for a screenshot of the whole workbench and waits until the PNG is on disk, so
 * the UI the test just set up is what gets captured. Returns the file, or undefined when not
 * running under the code-server harness.
 *
 * Mechanism: the host's console is relayed to the harness, which watches for the marker line.
 */
export async function screenshot(name: string, timeoutMs = 20_000): Promise<string | undefined> {
  const signals = process.env[ENV_SIGNALS];
  const shots = process.env[ENV_SCREENSHOTS];
  if (!signals || !shots) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)}: use letters, digits, . _ -`);
  const done = path.join(signals, `${name}.done`);
  fs.rmSync(done, { force: true });
  console.log(`[[screenshot:${name}]]`);
  await waitFor(() => fs.existsSync(done), { timeoutMs, what: `screenshot ${name}` });
  const png = path.join(shots, `${name}.png`);
  if (!fs.existsSync(png)) throw new Error(`the harness could not take screenshot ${name} (see its log)`);
  return png;
}

/** Polls `check` until it returns a truthy value; throws after the timeout saying what it waited for. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Lets the workbench render what a command just changed before a screenshot. */
export function settle(ms = 500): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
