// Runs a mocha test index inside a real VS Code extension host: code-server serves the workbench,
// Debian's Chromium (driven by playwright-core, which never downloads a browser) opens it with a
// `payload` that names the extension under development and the test index, the same way VS Code's
// own browser integration tests start (@vscode/test-electron downloads VS Code and Electron from
// hosts these machines cannot reach; test/harness/README.md).
//
// Protocol with the code running in the extension host (see test/integration/helpers.ts):
// - host console lines arrive through window.codeAutomationLog and are printed with a prefix;
// - a line containing `[[screenshot:NAME]]` makes us save NAME.png into `screenshotDir` and then
//   create NAME.done in the signal folder (env CODEX_POSTURE_HARNESS_SIGNALS), which the test polls;
//   `[[screenshot:{"name":"NAME","hover":"CSS selector"}]]` first moves the mouse over the element
//   (e.g. a status bar item, `#publisher\.name\.itemId`), waits for VS Code's hover to show, and
//   writes {"png","hovered","hoverText","error"} into NAME.done for the test to read;
//   `{"name":"NAME","click":"CSS selector"}` clicks the element first (what a user would do where
//   no API can: the Trust button of the workspace trust editor) and reports `clicked`;
// - the test index writes `{passed, failed, pending}` to env CODEX_POSTURE_HARNESS_RESULT and also
//   logs `[[mocha-result:{...}]]` (fallback when the file cannot be written);
// - window.codeAutomationExit(code) ends the run.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer';
import type { HarnessInstall } from './install';

export const ENV_SIGNALS = 'CODEX_POSTURE_HARNESS_SIGNALS';
export const ENV_RESULT = 'CODEX_POSTURE_HARNESS_RESULT';
export const ENV_SCREENSHOTS = 'CODEX_POSTURE_HARNESS_SCREENSHOTS';

/** No sandbox (root in a container), nothing phoning home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunOptions {
  readonly install: HarnessInstall;
  /** Absolute path of the extension folder (the repository root, holding package.json). */
  readonly extensionDevelopmentPath: string;
  /** Absolute path of the compiled test index, without `.js`. */
  readonly extensionTestsPath: string;
  /** Folder VS Code opens, or a `.code-workspace` file (multi-root). */
  readonly workspace: string;
  /**
   * Leave VS Code's workspace trust on (default off: everything trusted). With it on, a fresh
   * profile trusts nothing; see RESTRICTED_MODE_SETTINGS in runs.ts for a prompt-free setup.
   */
  readonly workspaceTrust?: boolean;
  /** File name (without .png) of the picture taken when the run fails; default `failure`. */
  readonly failureScreenshotName?: string;
  /**
   * Private scratch folder for this run (code-server state, browser profile, signals). Must exist
   * and be short (unix socket limit); the caller deletes it.
   */
  readonly runDir: string;
  /** Where screenshots go; created if missing. */
  readonly screenshotDir: string;
  /** Extra environment for the extension host: HOME, CODEX_HOME, ... */
  readonly env?: Readonly<Record<string, string>>;
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** Whole run, from starting code-server to the host's exit. Default 240 s. */
  readonly timeoutMs?: number;
  readonly chromiumPath?: string;
  /** Browser window size, and so the screenshot size. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Print browser console messages and code-server output too. */
  readonly verbose?: boolean;
  readonly log?: (line: string) => void;
}

export interface RunResult {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  /** The code the host passed to codeAutomationExit. */
  readonly exitCode: number;
  /** Absolute paths of the screenshots taken during the run. */
  readonly screenshots: readonly string[];
  readonly seconds: number;
}

/** Thrown when SIGINT/SIGTERM/SIGHUP arrived during the run; everything was stopped first. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

/**
 * Runs the test index in a real VS Code and returns the mocha counts. Throws on infrastructure
 * failures (timeout, code-server or browser not starting, no counts reported). Always stops
 * code-server's process group and the browser before returning or throwing.
 */
export async function runInRealVSCode(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const signalDir = path.join(opts.runDir, 'signals');
  const resultFile = path.join(opts.runDir, 'result.json');
  await fsp.mkdir(signalDir, { recursive: true });
  await fsp.mkdir(opts.screenshotDir, { recursive: true });

  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  const screenshots: string[] = [];

  // Ctrl-C and friends, and the overall timeout, abort the run: the wait for the host's exit gives
  // up at once, start-up steps (each bounded) are checked after they finish, and the finally block
  // below stops whatever was started. Checking between steps instead of racing them means a
  // process can never be started after its cleanup already ran. A second signal kills code-server
  // at once. `exit` is the last resort for paths that skip finally (process.exit elsewhere).
  let abortReason: Error | undefined;
  let abortNow: (err: Error) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    abortNow = (err) => {
      abortReason ??= err;
      reject(abortReason);
    };
  });
  aborted.catch(() => undefined); // observed through the race in work()
  const checkAborted = (): void => {
    if (abortReason) throw abortReason;
  };
  const interrupt = (signal: NodeJS.Signals): void => {
    if (abortReason instanceof InterruptedError) server?.killNow();
    abortNow(new InterruptedError(signal));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, interrupt);

  const timeoutMs = opts.timeoutMs ?? 240_000;
  const timer = setTimeout(() => abortNow(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);

  const work = async (): Promise<RunResult> => {
    server = await startCodeServer({
      install: opts.install,
      stateDir: path.join(opts.runDir, 'cs'),
      env: {
        ...opts.env,
        [ENV_SIGNALS]: signalDir,
        [ENV_RESULT]: resultFile,
        [ENV_SCREENSHOTS]: opts.screenshotDir,
      },
      userSettings: opts.userSettings,
      workspaceTrust: opts.workspaceTrust,
      log,
      onOutput: opts.verbose ? (line) => log(`[code-server] ${line}`) : undefined,
    });
    checkAborted();

    const browserHome = path.join(opts.runDir, 'chromium-home');
    context = await chromium.launchPersistentContext(path.join(opts.runDir, 'chromium-profile'), {
      executablePath: opts.chromiumPath ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS],
      // Chromium writes crash-report and dconf folders under HOME/XDG dirs whatever the profile
      // dir is; keep them in the run folder instead of the user's ~/.config and ~/.cache.
      env: {
        ...process.env,
        HOME: browserHome,
        XDG_CONFIG_HOME: path.join(browserHome, '.config'),
        XDG_CACHE_HOME: path.join(browserHome, '.cache'),
        XDG_DATA_HOME: path.join(browserHome, '.local', 'share'),
      },
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      // We handle signals ourselves: Playwright's handlers would close the browser and exit the
      // process before code-server is stopped.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 60_000,
    });
    checkAborted();
    const page = context.pages()[0] ?? (await context.newPage());
    if (opts.verbose) page.on('console', (m) => log(`[browser:${m.type()}] ${m.text()}`));
    page.on('pageerror', (err) => log(`[browser:pageerror] ${err.message}`));

    let reported: Counts | undefined;
    let shots = Promise.resolve();
    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    // Both must exist before the workbench loads: it looks them up once at startup.
    await page.exposeFunction('codeAutomationExit', (code: unknown) => exited(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const text = formatHostLog(args);
      let marker = false;
      for (const m of text.matchAll(/\[\[screenshot:([A-Za-z0-9._-]+|\{.*?\})\]\]/g)) {
        const request = parseScreenshotRequest(m[1]);
        marker = true;
        if (!request) {
          log(`ignoring a malformed screenshot request: ${m[1]}`);
          continue;
        }
        // One at a time, in the order asked, so two requests never interleave.
        shots = shots.then(() => takeScreenshot(page, request, opts.screenshotDir, signalDir, screenshots, log));
      }
      const result = /\[\[mocha-result:(\{.*?\})\]\]/.exec(text);
      if (result) {
        marker = true;
        reported = parseCounts(result[1]);
      }
      if (!opts.verbose && (marker || isWorkbenchChatter(text))) return;
      const tag = type === 'error' || type === 'warn' ? `host:${String(type)}` : 'host';
      for (const line of text.split('\n')) log(`[${tag}] ${line}`);
    });

    const url = testUrl(server, opts);
    log(`opening the workbench: ${server.origin}/?${isWorkspaceFile(opts.workspace) ? 'workspace' : 'folder'}=${opts.workspace}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const code = await Promise.race([exitCode, aborted]);
    await shots;
    const counts = (await readCounts(resultFile)) ?? reported;
    if (!counts) {
      throw new Error(`the extension host exited with ${code} without reporting test counts; see ${server.logFile}`);
    }
    return { ...counts, exitCode: code, screenshots, seconds: (Date.now() - started) / 1000 };
  };

  try {
    return await work();
  } catch (err) {
    // A picture of the workbench at the moment things went wrong is the quickest diagnosis.
    if (!(err instanceof InterruptedError)) {
      await failureScreenshot(context, opts.screenshotDir, opts.failureScreenshotName ?? 'failure', log);
      // Read before stopping: afterwards the log ends in our own shutdown noise.
      if (server) await logTail(server.logFile, 30, log);
    }
    throw err;
  } finally {
    clearTimeout(timer);
    await context?.close().catch((err: unknown) => log(`closing the browser failed: ${String(err)}`));
    await server?.stop();
    for (const s of signals) process.off(s, interrupt);
  }
}

function testUrl(server: CodeServer, opts: RunOptions): string {
  // The extension host resolves these through the remote authority, i.e. as paths on this machine.
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${encodeURI(p)}`;
  const payload = [
    ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(opts.extensionTestsPath)],
  ];
  const open = isWorkspaceFile(opts.workspace) ? 'workspace' : 'folder';
  return `${server.origin}/?${open}=${encodeURIComponent(opts.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function isWorkspaceFile(p: string): boolean {
  return p.endsWith('.code-workspace');
}

export interface ScreenshotRequest {
  readonly name: string;
  /** CSS selector (Playwright syntax) of an element to hover before the picture. */
  readonly hover?: string;
  /** CSS selector (Playwright syntax) of an element to click before the picture. */
  readonly click?: string;
}

/** What the harness writes into NAME.done; helpers.ts reads it. */
export interface ScreenshotOutcome {
  readonly png?: string;
  readonly hovered?: boolean;
  readonly clicked?: boolean;
  /** innerText of the hover widget that appeared, when one did. */
  readonly hoverText?: string;
  readonly error?: string;
}

export function parseScreenshotRequest(text: string): ScreenshotRequest | undefined {
  let req: { name?: unknown; hover?: unknown; click?: unknown } = { name: text };
  if (text.startsWith('{')) {
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      return undefined;
    }
  }
  if (typeof req.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(req.name)) return undefined;
  for (const selector of [req.hover, req.click]) {
    if (selector !== undefined && (typeof selector !== 'string' || selector === '')) return undefined;
  }
  return {
    name: req.name,
    ...(typeof req.hover === 'string' ? { hover: req.hover } : {}),
    ...(typeof req.click === 'string' ? { click: req.click } : {}),
  };
}

/** VS Code's hover widget: status bar items and most of the workbench use the managed "workbench-hover". */
const HOVER_WIDGET = '.workbench-hover, .monaco-hover:not(.hidden)';

async function takeScreenshot(
  page: Page,
  req: ScreenshotRequest,
  dir: string,
  signalDir: string,
  taken: string[],
  log: (line: string) => void,
): Promise<void> {
  const file = path.join(dir, `${req.name}.png`);
  let outcome: ScreenshotOutcome = {};
  try {
    if (req.click) outcome = await clickOn(page, req.click);
    if (req.hover) outcome = { ...outcome, ...(await hoverOver(page, req.hover)) };
    await page.screenshot({ path: file });
    taken.push(file);
    outcome = { ...outcome, png: file };
    const action = req.click
      ? ` (clicking ${req.click}: ${outcome.clicked ? 'clicked' : outcome.error})`
      : req.hover
        ? ` (hovering ${req.hover}: ${outcome.hovered ? 'hover shown' : outcome.error})`
        : '';
    log(`screenshot saved: ${path.relative(process.cwd(), file) || file}${action}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    outcome = { ...outcome, error: outcome.error ?? message };
    log(`screenshot ${req.name} failed: ${message}`);
  } finally {
    // Leave the pointer somewhere neutral so the hover does not leak into the next picture.
    if (req.hover) await page.mouse.move(1, 1).catch(() => undefined);
  }
  // Written after the PNG is complete (or failed), so the test never reads half a file and never
  // waits forever; the helper checks that the PNG exists.
  // Written aside and renamed: the test polls for NAME.done and must never read it half-written
  // (under load it once read an empty file and reported that the click had failed).
  const done = path.join(signalDir, `${req.name}.done`);
  await fsp.writeFile(`${done}.tmp`, JSON.stringify(outcome));
  await fsp.rename(`${done}.tmp`, done);
}

/** Clicks the first visible element matching `selector`; never throws (the outcome says why not). */
async function clickOn(page: Page, selector: string): Promise<ScreenshotOutcome> {
  try {
    await page.locator(selector).first().click({ timeout: 10_000 });
  } catch (err) {
    return { clicked: false, error: `could not click ${selector}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  // Let the workbench react (a dialog closing, an editor changing) before the picture.
  await page.waitForTimeout(500);
  return { clicked: true };
}

/**
 * Moves the mouse over `selector` and waits for VS Code's hover widget. Never throws: a missing
 * element or a hover that does not show is reported in the outcome (with the status bar item ids
 * present, which is what a wrong selector usually needs) and the picture is taken anyway.
 */
async function hoverOver(page: Page, selector: string): Promise<ScreenshotOutcome> {
  const target = page.locator(selector).first();
  try {
    await target.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    const ids = await page
      .locator('.statusbar-item')
      .evaluateAll((els) => els.map((e) => e.id).filter(Boolean))
      .catch(() => [] as string[]);
    return { hovered: false, error: `no visible element matches ${selector}; status bar item ids: ${ids.join(', ')}` };
  }
  // Move in from elsewhere so a pointer already resting on the item still triggers a new hover.
  await page.mouse.move(1, 1);
  await target.hover();
  const widget = page.locator(HOVER_WIDGET).first();
  try {
    await widget.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    return { hovered: false, error: `hovered ${selector} but no hover widget appeared within 5 s` };
  }
  // Markdown hovers render asynchronously; give the layout a moment to settle before the picture.
  await page.waitForTimeout(300);
  const hoverText = await widget.innerText().catch(() => undefined);
  return { hovered: true, ...(hoverText !== undefined ? { hoverText } : {}) };
}

async function failureScreenshot(
  context: BrowserContext | undefined,
  dir: string,
  name: string,
  log: (line: string) => void,
): Promise<void> {
  const page = context?.pages()[0];
  if (!page) return;
  const file = path.join(dir, `${name}.png`);
  try {
    await page.screenshot({ path: file, timeout: 5_000 });
    log(`failure screenshot: ${file}`);
  } catch {
    // The browser may be the thing that failed.
  }
}

async function logTail(file: string, lines: number, log: (line: string) => void): Promise<void> {
  const text = await fsp.readFile(file, 'utf8').catch(() => '');
  if (!text.trim()) return;
  log(`--- last lines of ${file} ---`);
  for (const line of text.trimEnd().split('\n').slice(-lines)) log(`  ${line}`);
  log('---');
}

/**
 * The workbench passes console arguments as they came (mocha's reporter uses printf-style format
 * strings, the workbench sometimes `%c` plus CSS); util.format applies them and drops the CSS.
 */
export function formatHostLog(args: unknown): string {
  const list: unknown[] = Array.isArray(args) ? args : [args];
  return util.format(...list).trimEnd();
}

/**
 * Workbench start-up chatter that arrives through the same channel as the extension host's
 * console; hidden unless verbose. Patterns that go stale only make the output noisier.
 */
const WORKBENCH_CHATTER: readonly RegExp[] = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[reconnection-grace-time\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost:/,
  /^\[AccountPolicyGate\]/,
  /^Creation of workbench contribution .* took \d+ms/,
];

export function isWorkbenchChatter(text: string): boolean {
  return WORKBENCH_CHATTER.some((re) => re.test(text));
}

function parseCounts(json: string): Counts | undefined {
  try {
    const v = JSON.parse(json) as Partial<Counts>;
    if (typeof v.passed === 'number' && typeof v.failed === 'number') {
      return { passed: v.passed, failed: v.failed, pending: typeof v.pending === 'number' ? v.pending : 0 };
    }
  } catch {
    // fall through
  }
  return undefined;
}

async function readCounts(file: string): Promise<Counts | undefined> {
  try {
    return parseCounts(await fsp.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
