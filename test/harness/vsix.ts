// The packaged extension in a real VS Code, from the outside: `vsce package` makes the .vsix,
// code-server installs it (`--install-extension`, not the development folder), Chromium opens a
// folder, and the status bar item is read from the DOM. The extension's own log gives activate()
// and first-badge times, /proc the extension host's memory. Used by `npm test` (packageVsix +
// checkInstalledVsix, through scripts/test.mjs) and by `npm run bench`.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { BADGE_SELECTOR, launchBrowser, waitForBadge, type Browser } from './badgeProbe';
import { codeServerDirs, codeServerEnv, readExtensionLog, startCodeServer, type CodeServer } from './codeServer';
import type { HarnessInstall } from './install';

const execFileAsync = promisify(execFile);

/** Any proxy request goes here and fails at once: packaging and the check must not need the network. */
const DEAD_PROXY = 'http://127.0.0.1:9';

/** What `vsce package` needs from the repository; node_modules is linked, not copied. */
const STAGED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'schemas', 'src', 'scripts/build.mjs'];

/**
 * `vsce package` into `outFile`, from a staged copy of the repository so the minified build of
 * `vscode:prepublish` never races a development build in the shared dist/ (tests and other
 * sessions rebuild it). Proxies point at a closed port, so a download attempt would fail the
 * packaging instead of passing unnoticed.
 */
export async function packageVsix(repoRoot: string, outFile: string): Promise<{ bytes: number; bundleBytes: number; seconds: number }> {
  const started = Date.now();
  const stage = await fsp.mkdtemp(path.join(path.dirname(outFile), 'stage-'));
  try {
    for (const rel of STAGED) await fsp.cp(path.join(repoRoot, rel), path.join(stage, rel), { recursive: true });
    await fsp.symlink(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    const env = {
      ...process.env,
      HTTPS_PROXY: DEAD_PROXY,
      HTTP_PROXY: DEAD_PROXY,
      https_proxy: DEAD_PROXY,
      http_proxy: DEAD_PROXY,
      npm_config_offline: 'true',
    };
    await execFileAsync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', outFile], { cwd: stage, env, timeout: 120_000 });
    const bundleBytes = (await fsp.stat(path.join(stage, 'dist', 'extension.js'))).size;
    return { bytes: (await fsp.stat(outFile)).size, bundleBytes, seconds: (Date.now() - started) / 1000 };
  } finally {
    await fsp.rm(stage, { recursive: true, force: true });
  }
}

export interface VsixCheckOptions {
  readonly install: HarnessInstall;
  readonly vsix: string;
  /** A private, short folder (unix socket paths live below it). */
  readonly stateDir: string;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /**
   * Runs while the workbench is still open, after the first real badge (for `npm run bench`:
   * change the user config and time the badge). Its result comes back as `after`.
   */
  readonly afterBadge?: (probe: VsixProbe) => Promise<unknown>;
}

/** What `afterBadge` gets: the page, the fixture's files, and the extension's log so far. */
export interface VsixProbe {
  readonly page: Page;
  /** The status bar item's selector, for page.evaluate code. */
  readonly badgeSelector: string;
  readonly codexHome: string;
  readonly workspace: string;
  readLog(): string;
}

export interface VsixCheckResult {
  /** The folder code-server installed the extension into (not the development folder). */
  readonly installedAt: string;
  readonly text: string;
  readonly ariaLabel: string;
  /** From the extension's log: "activated in X ms", "first badge in X ms after activate()". */
  readonly activateMs?: number;
  readonly firstBadgeMs?: number;
  /** Resident memory of the extension host process (all extensions, ours being the only one). */
  readonly hostRssKb?: number;
  /** The extension's log ("Codex Posture" output channel) when the check ended. */
  readonly logText: string;
  /** The Problems panel's rows for the fixture's config: text and the rule code link's target. */
  readonly problems: readonly ProblemRow[];
  /** What `afterBadge` returned. */
  readonly after?: unknown;
  readonly seconds: number;
}

/** A world for the check: HOME, CODEX_HOME with a read-only user config, and a plain folder. */
async function writeFixture(root: string): Promise<{ home: string; codexHome: string; workspace: string }> {
  const home = path.join(root, 'home');
  const codexHome = path.join(home, '.codex');
  const workspace = path.join(root, 'folder');
  await fsp.mkdir(codexHome, { recursive: true });
  await fsp.mkdir(workspace, { recursive: true });
  // The [tools] table is inert in Codex 0.171: a finding (CP201) whose code link the check follows.
  await fsp.writeFile(
    path.join(codexHome, 'config.toml'),
    'sandbox_mode = "read-only"\napproval_policy = "on-request"\n\n[tools]\nweb_search = true\n',
  );
  await fsp.writeFile(path.join(workspace, 'README.md'), '# a folder opened by the packaged extension\n');
  return { home, codexHome, workspace };
}

export async function checkInstalledVsix(opts: VsixCheckOptions): Promise<VsixCheckResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const fixture = await writeFixture(path.join(opts.stateDir, 'f'));
  const csState = path.join(opts.stateDir, 'cs');
  const dirs = codeServerDirs(csState);
  for (const d of [dirs.extensions, dirs.userData, dirs.tmp, dirs.xdgConfig, dirs.xdgData]) await fsp.mkdir(d, { recursive: true });
  await fsp.writeFile(dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const env = { HOME: fixture.home, CODEX_HOME: fixture.codexHome };

  // 1. Install the .vsix the way a user would.
  await execFileAsync(
    opts.install.nodeBin,
    [
      opts.install.codeServerEntry,
      '--config',
      dirs.config,
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--install-extension',
      opts.vsix,
    ],
    { env: codeServerEnv(dirs, env), timeout: 120_000 },
  );
  const installed = (await fsp.readdir(dirs.extensions)).find((d) => d.startsWith('catlab-kit.codex-posture-'));
  if (!installed) throw new Error(`code-server did not install ${opts.vsix} into ${dirs.extensions}`);
  const installedAt = path.join(dirs.extensions, installed);
  if ((await fsp.lstat(installedAt)).isSymbolicLink()) throw new Error(`${installedAt} is a link, not an installed copy`);
  log(`installed into ${installedAt}`);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  // A Ctrl-C on `npm run bench` (or on the package check) exits through Node's exit handlers, where
  // code-server is stopped; the default signal action would skip them and leave it serving.
  const onSignal = (signal: NodeJS.Signals): void => process.exit(128 + (os.constants.signals[signal] ?? 2));
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const sig of signals) process.on(sig, onSignal);
  try {
    server = await startCodeServer({ install: opts.install, stateDir: csState, env, log });
    browser = await launchBrowser(opts.stateDir);
    const page = browser.page;
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(fixture.workspace)}`, {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });

    // 2. The badge as the user sees it: wait for a real posture, not the "resolving" placeholder.
    const selector = BADGE_SELECTOR;
    const { text, ariaLabel: aria } = await waitForBadge(page, timeoutMs);

    // 3. The extension's own timings, from its LogOutputChannel file.
    // The diagnostics and the session set up after the first badge: wait for them too, so the
    // memory figure includes them.
    const logText = await waitForLog(dirs.userData, [/first badge in/, /loaded session playbook/], 30_000);
    const activateMs = num(/activated in ([\d.]+) ms/.exec(logText));
    const firstBadgeMs = num(/first badge in ([\d.]+) ms/.exec(logText));
    const hostRssKb = extensionHostRss(server.pid);
    const problems = await readProblems(page, 30_000);
    const after = opts.afterBadge
      ? await opts.afterBadge({
          page,
          badgeSelector: selector,
          codexHome: fixture.codexHome,
          workspace: fixture.workspace,
          readLog: () => readExtensionLog(dirs.userData),
        })
      : undefined;
    return {
      installedAt,
      text,
      ariaLabel: aria,
      activateMs,
      firstBadgeMs,
      hostRssKb,
      logText: readExtensionLog(dirs.userData),
      problems,
      after,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await browser?.close();
    await server?.stop();
    for (const sig of signals) process.off(sig, onSignal);
  }
}

export interface ProblemRow {
  readonly text: string;
  /** The rule code as the panel shows it (`CP201`), and where its link points. */
  readonly code?: string;
  readonly link?: string;
}

/**
 * Opens the Problems panel the way a user does (Ctrl+Shift+M) and reads its diagnostics once one
 * with a rule code shows: the code link's href is the diagnostic's `code.target`.
 */
async function readProblems(page: Page, timeoutMs: number): Promise<ProblemRow[]> {
  await page.keyboard.press('Control+Shift+M');
  const probe = `(() => {
    const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')];
    const out = rows.map((r) => {
      const link = [...r.querySelectorAll('a.monaco-link')].find((a) => /^CP\\d{3}$/.test(a.innerText.trim()));
      return { text: r.innerText.replace(/\\s+/g, ' ').trim(), code: link ? link.innerText.trim() : undefined, link: link ? link.getAttribute('href') || undefined : undefined };
    });
    return out.some((r) => r.code) ? out.filter((r) => r.code) : false;
  })()`;
  const handle = await page.waitForFunction(probe, undefined, { timeout: timeoutMs, polling: 250 }).catch(() => undefined);
  return handle ? ((await handle.jsonValue()) as ProblemRow[]) : [];
}

function num(m: RegExpExecArray | null): number | undefined {
  return m ? Number(m[1]) : undefined;
}

/** The "Codex Posture" output channel is written to `<user-data>/logs/<session>/.../*Codex Posture.log`. */
async function waitForLog(userData: string, want: readonly RegExp[], timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = readExtensionLog(userData);
    if (want.every((w) => w.test(last)) || Date.now() > until) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** VmRSS of the extension host in code-server's process group (Linux /proc), in KiB. */
export function extensionHostRss(groupLeader: number): number | undefined {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 5 (pgrp) follows the parenthesised command name, which may itself contain spaces.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== groupLeader) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/extensionHost/i.test(cmd)) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) return Number(m[1]);
    } catch {
      // The process went away while we looked.
    }
  }
  return undefined;
}

/**
 * The `package` suite of `npm test`: package, install into a fresh code-server, read the badge.
 * Counts one check per assertion group so the closing `N passed, N failed` line reflects them.
 */
export async function runPackagedCheck(
  repoRoot: string,
  install: HarnessInstall,
  log: (line: string) => void,
): Promise<{ passed: number; failed: number; result?: VsixCheckResult; vsixBytes?: number }> {
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir().length <= 40 ? os.tmpdir() : '/tmp', 'cpvsix-'));
  let passed = 0;
  let failed = 0;
  const check = (ok: boolean, what: string): void => {
    log(`${ok ? '  ✔' : '  ✘'} ${what}`);
    if (ok) passed++;
    else failed++;
  };
  try {
    const vsix = path.join(tmp, 'codex-posture.vsix');
    const pkg = await packageVsix(repoRoot, vsix);
    check(
      pkg.bytes > 0,
      `vsce package made ${vsix} (${(pkg.bytes / 1024).toFixed(1)} KiB, minified dist/extension.js ${(pkg.bundleBytes / 1024).toFixed(1)} KiB) with every proxy pointing at a closed port`,
    );
    const result = await checkInstalledVsix({ install, vsix, stateDir: path.join(tmp, 's'), log: (l) => log(`    ${l}`) });
    check(
      !result.installedAt.startsWith(repoRoot),
      `installed copy lives in the extensions dir, not the development folder (${result.installedAt})`,
    );
    check(
      result.ariaLabel.startsWith('Codex posture: sandbox read-only, approval on-request'),
      `status bar aria-label from the DOM: ${JSON.stringify(result.ariaLabel)}`,
    );
    check(/Read Only/.test(result.text), `status bar text from the DOM: ${JSON.stringify(result.text)}`);
    check(
      result.activateMs !== undefined && result.firstBadgeMs !== undefined,
      `the extension logged activate() ${result.activateMs} ms and first badge ${result.firstBadgeMs} ms`,
    );
    // The rule links of the installed copy: vsce stores the README as readme.md, and a code link
    // must open that file at the rule's row (the development folder's README.md is not there).
    const cp201 = result.problems.find((p) => p.code === 'CP201');
    const target = cp201?.link ? /^vscode-remote:\/\/[^/]+(\/.*)#L(\d+)$/.exec(cp201.link) : null;
    const row = target && fs.existsSync(target[1]) ? (fs.readFileSync(target[1], 'utf8').split('\n')[Number(target[2]) - 1] ?? '') : '';
    check(
      !!target &&
        target[1].startsWith(result.installedAt + path.sep) &&
        row.includes('<a id="cp201"></a>') &&
        !/cannot read .* for the rule links/.test(result.logText),
      `the Problems panel's CP201 links into the installed README at its row (${cp201?.link ?? 'no CP201 link'}: ${JSON.stringify(row.slice(0, 60))})`,
    );
    // One bundle within its budget; the features set up after the first badge did set up.
    check(
      pkg.bundleBytes < 250_000 &&
        /loaded lint rules and diagnostics/.test(result.logText) &&
        /loaded session playbook/.test(result.logText),
      `dist/extension.js is ${pkg.bundleBytes} bytes (< 250 KB) and the installed extension set up the diagnostics and the session after the first badge`,
    );
    return { passed, failed, result, vsixBytes: pkg.bytes };
  } catch (err) {
    check(false, `packaged extension check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { passed, failed };
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  (async () => {
    const { ensureHarnessInstalled } = await import('./install');
    const repoRoot = path.resolve(__dirname, '..', '..', '..');
    const install = await ensureHarnessInstalled();
    const r = await runPackagedCheck(repoRoot, install, (l) => console.log(l));
    if (r.result) console.log(JSON.stringify(r.result));
    console.log(`${r.passed} passed, ${r.failed} failed`);
    process.exitCode = r.failed ? 1 : 0;
  })();
}
