// Helpers for tests that run inside the extension host.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunFixture } from './fixture';

export const EXTENSION_ID = 'catlab-kit.codex-posture';

/** Set by test/harness/runner.ts; absent under other runners (then screenshots are skipped). */
const ENV_SIGNALS = 'CODEX_POSTURE_HARNESS_SIGNALS';
const ENV_SCREENSHOTS = 'CODEX_POSTURE_HARNESS_SCREENSHOTS';
/** Set by test/harness/main.ts: the run's fixture JSON. */
const ENV_FIXTURE = 'CODEX_POSTURE_TEST_FIXTURE';

/** The DOM id VS Code gives an extension's status bar item: `<extension id>.<item id>`. */
export function statusBarItemSelector(itemId: string, extensionId = EXTENSION_ID): string {
  return '#' + `${extensionId}.${itemId}`.replace(/[^A-Za-z0-9_-]/g, (c) => `\\${c}`);
}

/** The world of this run (test/integration/fixture.ts RunFixture plus the run's name). */
export interface FixtureInfo extends RunFixture {
  /** Name of the run in test/harness/runs.ts. */
  readonly run: string;
}

let fixtureCache: FixtureInfo | undefined;

/** This run's fixture; throws when the harness did not set one (another runner). */
export function fixtureInfo(): FixtureInfo {
  if (fixtureCache) return fixtureCache;
  const file = process.env[ENV_FIXTURE];
  if (!file) throw new Error(`${ENV_FIXTURE} is not set: run these tests through test/harness (node out/test/harness/main.js)`);
  fixtureCache = JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureInfo;
  return fixtureCache;
}

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
 * running under the code-server harness. With `hover`, the harness first moves the mouse over that
 * element (a Playwright/CSS selector, e.g. statusBarItemSelector('codexPosture.badge')) and waits
 * for VS Code's hover; use hoverScreenshot() to also learn what the hover said.
 *
 * Mechanism: the host's console is relayed to the harness, which watches for the marker line.
 */
export async function screenshot(name: string, opts: { hover?: string; timeoutMs?: number } = {}): Promise<string | undefined> {
  const outcome = await requestScreenshot(name, opts);
  if (!outcome) return undefined;
  if (!outcome.png || !fs.existsSync(outcome.png))
    throw new Error(`the harness could not take screenshot ${name}: ${outcome.error ?? 'see its log'}`);
  return outcome.png;
}

export interface HoverScreenshot {
  readonly png: string;
  /** The text of the hover widget (Markdown rendered), when it appeared. */
  readonly hoverText?: string;
  readonly hovered: boolean;
  /** Why the hover did not show (wrong selector: lists the status bar ids present). */
  readonly error?: string;
}

/** Hovers `selector`, takes the picture, reports the hover's text; undefined outside the harness. */
export async function hoverScreenshot(name: string, selector: string, timeoutMs = 30_000): Promise<HoverScreenshot | undefined> {
  const outcome = await requestScreenshot(name, { hover: selector, timeoutMs });
  if (!outcome) return undefined;
  if (!outcome.png || !fs.existsSync(outcome.png))
    throw new Error(`the harness could not take screenshot ${name}: ${outcome.error ?? 'see its log'}`);
  return { png: outcome.png, hovered: outcome.hovered === true, hoverText: outcome.hoverText, error: outcome.error };
}

interface ScreenshotOutcome {
  png?: string;
  hovered?: boolean;
  clicked?: boolean;
  hoverText?: string;
  error?: string;
}

/**
 * Clicks `selector` in the workbench (what only a user can do, such as the Trust button of the
 * workspace trust editor), then takes a picture. Undefined outside the harness; throws when the
 * click failed, with the harness's reason.
 */
export async function clickAndScreenshot(name: string, selector: string, timeoutMs = 30_000): Promise<string | undefined> {
  const outcome = await requestScreenshot(name, { click: selector, timeoutMs });
  if (!outcome) return undefined;
  if (!outcome.clicked) throw new Error(`the harness could not click ${selector}: ${outcome.error ?? 'see its log'}`);
  return outcome.png;
}

async function requestScreenshot(
  name: string,
  { hover, click, timeoutMs = 20_000 }: { hover?: string; click?: string; timeoutMs?: number },
): Promise<ScreenshotOutcome | undefined> {
  const signals = process.env[ENV_SIGNALS];
  const shots = process.env[ENV_SCREENSHOTS];
  if (!signals || !shots) return undefined;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)}: use letters, digits, . _ -`);
  const done = path.join(signals, `${name}.done`);
  fs.rmSync(done, { force: true });
  console.log(hover || click ? `[[screenshot:${JSON.stringify({ name, hover, click })}]]` : `[[screenshot:${name}]]`);
  await waitFor(() => fs.existsSync(done), { timeoutMs, what: `screenshot ${name}` });
  const text = fs.readFileSync(done, 'utf8');
  // An empty file: a harness from before outcomes were reported.
  const outcome = (text ? JSON.parse(text) : {}) as ScreenshotOutcome;
  return { ...outcome, png: outcome.png ?? path.join(shots, `${name}.png`) };
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
