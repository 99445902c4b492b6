// `npm start`: try the extension in a real VS Code in the browser, on a demo workspace, without
// touching your own ~/.codex or VS Code profile. Started through scripts/start.mjs, which builds the
// extension when it is out of date and bundles this file.
//
// What it does: makes sure Node 24 and code-server are in the harness cache, writes a demo
// workspace (git repository, a dirty file, a project .codex/config.toml) and a demo CODEX_HOME,
// links the repository into a throwaway extensions folder as an installed extension, serves
// code-server on 127.0.0.1 and waits for Ctrl-C, then stops it and deletes the demo.
//
// Options: --keep (leave the demo folder), --port N (default: CODEX_POSTURE_PORT or a free port),
// --smoke (start, read the badge and its tooltip in headless Chromium, stop; exit 0 only when the
// badge shows the posture the CLI computes and codex confirmed it).

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { launchBrowser, readBadgeTooltip, waitForBadge } from '../test/harness/badgeProbe';
import { codeServerDirs, readExtensionLog, startCodeServer, type CodeServer } from '../test/harness/codeServer';
import { ensureHarnessInstalled } from '../test/harness/install';
import { initGitRepo } from '../test/integration/fixture';

interface Demo {
  readonly root: string;
  readonly home: string;
  readonly codexHome: string;
  readonly workspace: string;
}

/** A user config with things worth seeing: widened sandbox, network on, a guide-era mistake. */
function demoUserConfig(workspace: string): string {
  return `# Demo CODEX_HOME/config.toml written by \`npm start\`; your own ~/.codex is not used.
sandbox_mode = "workspace-write"

[sandbox_workspace_write]
network_access = true
# From the old team guide: Codex 0.171 ignores this key here (approval_policy is top-level).
ask_for_approval = "never"

[projects.${JSON.stringify(workspace)}]
trust_level = "trusted"
`;
}

/** The project layer: it applies because the user config trusts the folder. */
const DEMO_PROJECT_CONFIG = `# Project layer of the demo workspace. It applies because the user config trusts this folder.
web_search = "live"

[tools]
# Inert since Codex moved to the top-level web_search key above.
web_search = true
`;

async function createDemo(): Promise<Demo> {
  const root = await fsp.mkdtemp(path.join(os.tmpdir().length <= 40 ? os.tmpdir() : '/tmp', 'codex-posture-demo-'));
  const home = path.join(root, 'home');
  const demo: Demo = { root, home, codexHome: path.join(home, '.codex'), workspace: path.join(root, 'demo-repo') };
  await fsp.mkdir(demo.codexHome, { recursive: true });
  await fsp.mkdir(path.join(demo.workspace, '.codex'), { recursive: true });
  await fsp.writeFile(path.join(demo.codexHome, 'config.toml'), demoUserConfig(demo.workspace));
  await fsp.writeFile(path.join(demo.workspace, '.codex', 'config.toml'), DEMO_PROJECT_CONFIG);
  await fsp.writeFile(path.join(demo.workspace, 'README.md'), '# Demo repository\n\nOpened by `npm start` to show Codex Posture.\n');
  await initGitRepo(demo.workspace, home);
  // An uncommitted change, so the badge has a dirty tree to warn about.
  await fsp.appendFile(path.join(demo.workspace, 'README.md'), '\nAn edit that is not committed yet.\n');
  return demo;
}

/**
 * code-server will not take --extensionDevelopmentPath on its command line, but it loads whatever
 * sits in its extensions folder as `<publisher>.<name>-<version>`; a symlink to the repository
 * avoids copying node_modules and picks up rebuilds after a window reload.
 */
async function linkExtension(repoRoot: string, extensionsDir: string): Promise<string> {
  const manifest = JSON.parse(await fsp.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
    version: string;
  };
  const id = `${manifest.publisher}.${manifest.name}`;
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.symlink(repoRoot, path.join(extensionsDir, `${id}-${manifest.version}`), 'dir');
  return id;
}

interface StartOptions {
  readonly keep: boolean;
  readonly port: number;
  readonly smoke: boolean;
}

const USAGE = 'usage: npm start -- [--keep] [--port N] [--smoke]';

function startOptions(argv: readonly string[]): StartOptions {
  let values: { keep?: boolean; port?: string; smoke?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { keep: { type: 'boolean' }, port: { type: 'string' }, smoke: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; ${USAGE}`, { cause: err });
  }
  const port = Number(values.port ?? process.env.CODEX_POSTURE_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`bad port ${values.port ?? process.env.CODEX_POSTURE_PORT}; ${USAGE}`);
  return { keep: values.keep ?? false, port, smoke: values.smoke ?? false };
}

/**
 * The codex the project installs as a dev dependency, so the demo's badge is confirmed by the real
 * binary (the extension host's PATH comes from a login shell and would not find it there).
 */
function devDependencyCodex(repoRoot: string): string | undefined {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'codex');
  return fs.existsSync(bin) ? bin : undefined;
}

/**
 * `--smoke`: what a newcomer sees, checked. The badge must show the posture our own CLI computes
 * for the demo, and its tooltip must say codex confirmed it. A screenshot stays for a look.
 */
async function smokeCheck(repoRoot: string, url: string, demo: Demo, stateDir: string, log: (line: string) => void): Promise<void> {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'status', '--json', '--cwd', demo.workspace], {
    env: { ...process.env, HOME: demo.home, CODEX_HOME: demo.codexHome },
  });
  const expected = JSON.parse(stdout) as { sandbox: string; approval: string; networkAccess: boolean; webSearch: string };
  const want = `Codex posture: sandbox ${expected.sandbox}, approval ${expected.approval}, network ${expected.networkAccess ? 'on' : 'off'}, web search ${expected.webSearch}`;
  const browser = await launchBrowser(path.join(demo.root, 'browser'));
  try {
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const badge = await waitForBadge(browser.page, 120_000);
    log(`smoke: badge ${JSON.stringify(badge.text)}, label ${JSON.stringify(badge.ariaLabel)}`);
    const tooltip = await readBadgeTooltip(browser.page, /confirmed by codex \d/, 60_000);
    const shots = path.join(repoRoot, '.test-artifacts', 'screenshots');
    await fsp.mkdir(shots, { recursive: true });
    await browser.page.screenshot({ path: path.join(shots, 'start-smoke.png') });
    log(`smoke: screenshot ${path.join(shots, 'start-smoke.png')}`);
    if (!badge.ariaLabel.startsWith(want))
      throw new Error(`smoke: the badge says ${JSON.stringify(badge.ariaLabel)}, the CLI computes ${JSON.stringify(want)}`);
    const confirmation = tooltip?.split('\n').find((l) => /codex \d/.test(l));
    if (!tooltip || !/confirmed by codex \d/.test(tooltip)) {
      // What a maintainer needs when this fails only on a fresh CI machine: the words the user saw
      // and what the extension logged about codex (the demo holds no secrets).
      if (tooltip) log(`smoke: tooltip was:\n${indent(tooltip)}`);
      const codexLines = readExtensionLog(codeServerDirs(stateDir).userData)
        .split('\n')
        .filter((l) => /codex/i.test(l));
      log(`smoke: the extension logged about codex:\n${indent(codexLines.join('\n') || '(nothing)')}`);
      throw new Error(
        `smoke: the tooltip does not say codex confirmed the posture (${confirmation ? JSON.stringify(confirmation) : tooltip === undefined ? 'no tooltip appeared' : 'no codex line'})`,
      );
    }
    log(`smoke: tooltip ${JSON.stringify(confirmation)}`);
    log('smoke: passed');
  } finally {
    await browser.close();
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export async function main(repoRoot: string, argv: readonly string[]): Promise<void> {
  const { keep, port, smoke } = startOptions(argv);
  const log = (line: string): void => console.log(`[start] ${line}`);
  let server: CodeServer | undefined;

  // Handlers go in first: code-server runs in its own process group, so if a Ctrl-C killed us
  // with the default action at any point, it would keep running. A second Ctrl-C gives up waiting.
  let requestStop: (reason: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => (requestStop = resolve));
  let signals = 0;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopping = true;
    // A second one gives up waiting; exiting stops code-server (startCodeServer's exit handler).
    if (++signals > 1) process.exit(128 + (os.constants.signals[signal] ?? 2));
    requestStop(signal);
  };
  const handled = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of handled) process.on(s, onSignal);

  let demo: Demo | undefined;
  try {
    const install = await ensureHarnessInstalled({ log });
    if (stopping) return; // Ctrl-C during the (long) first install
    demo = await createDemo();
    const stateDir = path.join(demo.root, 'cs');
    // The extensions dir must hold the link before code-server scans it at start-up.
    const id = await linkExtension(repoRoot, path.join(stateDir, 'extensions'));
    const codex = devDependencyCodex(repoRoot);
    if (!codex) log('no codex in node_modules/.bin: the badge will say it cannot confirm the posture');
    server = await startCodeServer({
      install,
      stateDir,
      port,
      env: { HOME: demo.home, CODEX_HOME: demo.codexHome },
      machineSettings: codex ? { 'codexPosture.codexPath': codex } : {},
      extraArgs: [demo.workspace],
      log,
    });
    // Slashes stay readable in the query; everything else that could end it is escaped.
    const url = `${server.origin}/?folder=${encodeURIComponent(demo.workspace).replace(/%2F/g, '/')}`;
    if (smoke) {
      await smokeCheck(repoRoot, url, demo, stateDir, log);
      return;
    }
    console.log(`
Codex Posture (${id}) is running in VS Code (code-server ${install.codeServerVersion}); open:

  ${url}

Demo workspace: ${demo.workspace}
Demo CODEX_HOME: ${demo.codexHome}
The same posture from the command line:
  CODEX_HOME=${demo.codexHome} npx codex-posture status --cwd ${demo.workspace}

After \`node scripts/build.mjs\`, run "Developer: Reload Window" in the browser to load the new build.
Press Ctrl-C to stop${keep ? '' : ' and delete the demo folder'}.
`);
    const running = server;
    void running.exited.then((code) => requestStop(`code-server exited with ${code}; log: ${running.logFile}`));
    log(`stopping (${await stopRequested})`);
  } finally {
    await server?.stop();
    for (const s of handled) process.off(s, onSignal);
    if (demo && keep) log(`kept ${demo.root}`);
    else if (demo) await fsp.rm(demo.root, { recursive: true, force: true });
  }
}
