// The badge as a user sees it, read from outside VS Code: headless Chromium opens a workbench that
// code-server serves, waits for the status bar item to show a real posture (not the "resolving"
// placeholder), and can hover it to read the tooltip. Used by the packaged-extension check
// (vsix.ts), by `npm start -- --smoke` and by `npm run bench`.

import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from './runner';

/** The DOM id VS Code gives our status bar item: `<publisher>.<name>.<item id>`. */
export const BADGE_DOM_ID = 'catlab-kit.codex-posture.codexPosture.badge';
export const BADGE_SELECTOR = `[id="${BADGE_DOM_ID}"]`;
/** VS Code's hover widget: status bar items use the managed "workbench-hover". */
const HOVER_WIDGET = '.workbench-hover, .monaco-hover:not(.hidden)';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile and its HOME/XDG folders under `stateDir`
 * (Chromium writes crash-report and dconf folders there whatever the profile is).
 */
export async function launchBrowser(stateDir: string, chromiumPath = '/usr/bin/chromium'): Promise<Browser> {
  const browserHome = path.join(stateDir, 'chromium-home');
  const context = await chromium.launchPersistentContext(path.join(stateDir, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    env: {
      ...process.env,
      HOME: browserHome,
      XDG_CONFIG_HOME: path.join(browserHome, '.config'),
      XDG_CACHE_HOME: path.join(browserHome, '.cache'),
    },
    viewport: { width: 1280, height: 800 },
    // The caller handles signals: Playwright's handlers would close the browser and exit the
    // process before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => context.close().catch(() => undefined) };
}

export interface BadgeReading {
  /** The item's visible text, icons as their text (`$(shield)` renders as an empty glyph). */
  readonly text: string;
  /** Its accessibility label: `Codex posture: sandbox …`. */
  readonly ariaLabel: string;
}

/** Waits until the badge shows a resolved posture and returns what it says. */
export async function waitForBadge(page: Page, timeoutMs: number): Promise<BadgeReading> {
  // A string, so the DOM code is not type-checked against Node's lib (no `dom` in tsconfig).
  const probe = `(() => {
    const el = document.querySelector(${JSON.stringify(BADGE_SELECTOR)});
    const labelled = el && (el.querySelector('[aria-label]') || el);
    const aria = (labelled && labelled.getAttribute('aria-label')) || '';
    return aria.startsWith('Codex posture:') && !aria.startsWith('Codex posture: resolving') ? { text: el.innerText.trim(), aria } : false;
  })()`;
  const handle = await page.waitForFunction(probe, undefined, { timeout: timeoutMs, polling: 200 });
  const { text, aria } = (await handle.jsonValue()) as { text: string; aria: string };
  return { text, ariaLabel: aria };
}

/**
 * Hovers the badge and returns the tooltip's text once `want` matches it (the tooltip is rebuilt
 * when a slower fact such as codex's confirmation arrives), or the last text seen when time runs
 * out; undefined when no hover appeared at all.
 */
export async function readBadgeTooltip(page: Page, want: RegExp, timeoutMs: number): Promise<string | undefined> {
  const until = Date.now() + timeoutMs;
  let last: string | undefined;
  const target = page.locator(BADGE_SELECTOR).first();
  await target.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 10_000) });
  do {
    // Move away first so the next hover is a new one, built from the current state.
    await page.mouse.move(1, 1);
    await page.waitForTimeout(200);
    await target.hover();
    const widget = page.locator(HOVER_WIDGET).first();
    const shown = await widget.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) {
      // Markdown hovers render asynchronously.
      await page.waitForTimeout(300);
      last = await widget.innerText().catch(() => last);
      if (last !== undefined && want.test(last)) return last;
    }
    await page.waitForTimeout(1_000);
  } while (Date.now() < until);
  return last;
}
