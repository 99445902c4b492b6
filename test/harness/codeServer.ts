// Starts and stops code-server: VS Code's real workbench and a real Node extension host, served
// over HTTP on 127.0.0.1. Used by the integration test runner (runInRealVSCode) and by `npm start`.
//
// code-server never exits by itself and spawns helpers (extension host, pty host, file watcher), so
// it is started detached, in its own process group, and stopped by signalling the whole group.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { childEnv } from './childEnv';
import type { HarnessInstall } from './install';

export interface CodeServerOptions {
  readonly install: HarnessInstall;
  /**
   * A private folder for everything code-server writes (config, user data, extensions, its own
   * XDG dirs, TMPDIR). Keep the path short: TMPDIR is under it and unix socket paths are limited
   * to 108 bytes.
   */
  readonly stateDir: string;
  /** Extra environment for code-server and so for the extension host (HOME, CODEX_HOME, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the user settings.json before start. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /**
   * Written to the remote machine's settings.json (`<user-data>/Machine`) before start. A setting
   * with `"scope": "machine"` belongs here: code-server is a remote window, and VS Code drops
   * machine-scoped keys from the user settings.json of a remote window.
   */
  readonly machineSettings?: Readonly<Record<string, unknown>>;
  /** Leave VS Code's workspace trust on (default off: every folder is trusted, no modal dialog). */
  readonly workspaceTrust?: boolean;
  /** Port on 127.0.0.1; 0 (the default) lets the OS pick a free one. */
  readonly port?: number;
  /** Extra command-line arguments for code-server (a folder path here is the folder it opens). */
  readonly extraArgs?: readonly string[];
  readonly log?: (line: string) => void;
  /** Receives code-server's own output line by line (it always goes to `logFile`). */
  readonly onOutput?: (line: string) => void;
  /** How long to wait for the "listening on" line. */
  readonly startTimeoutMs?: number;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  readonly origin: string;
  readonly port: number;
  readonly pid: number;
  /** Everything code-server printed, for diagnosis. */
  readonly logFile: string;
  /** The state folders, for callers that need them (extensions dir for `npm start`). */
  readonly dirs: CodeServerDirs;
  /** Resolves when the main process exited (for any reason). */
  readonly exited: Promise<number | null>;
  /** SIGTERM the process group, SIGKILL what is left after a grace period. Idempotent. */
  stop(): Promise<void>;
  /** Synchronous kill, for a second Ctrl-C (on exit it happens by itself). */
  killNow(): void;
}

export interface CodeServerDirs {
  readonly config: string;
  readonly userData: string;
  readonly extensions: string;
  readonly tmp: string;
  readonly xdgConfig: string;
  readonly xdgData: string;
}

/** Settings that keep the workbench quiet and offline; callers can override any of them. */
export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  // The empty secondary side bar (chat) would take a third of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function codeServerDirs(stateDir: string): CodeServerDirs {
  return {
    config: path.join(stateDir, 'config.yaml'),
    userData: path.join(stateDir, 'user-data'),
    extensions: path.join(stateDir, 'extensions'),
    tmp: path.join(stateDir, 't'),
    xdgConfig: path.join(stateDir, 'xdg-config'),
    xdgData: path.join(stateDir, 'xdg-data'),
  };
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const log = opts.log ?? (() => undefined);
  const dirs = codeServerDirs(opts.stateDir);
  for (const dir of [dirs.userData, dirs.extensions, dirs.tmp, dirs.xdgConfig, dirs.xdgData]) {
    await fsp.mkdir(dir, { recursive: true });
  }
  // A throwaway config file: without --config code-server writes ~/.config/code-server/config.yaml
  // with a generated password.
  const bindAddr = `127.0.0.1:${opts.port ?? 0}`;
  await fsp.writeFile(dirs.config, `bind-addr: ${bindAddr}\nauth: none\ncert: false\n`);
  const settingsDir = path.join(dirs.userData, 'User');
  await fsp.mkdir(settingsDir, { recursive: true });
  await fsp.writeFile(
    path.join(settingsDir, 'settings.json'),
    JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...opts.userSettings }, null, 2) + '\n',
  );
  if (opts.machineSettings) {
    const machineDir = path.join(dirs.userData, 'Machine');
    await fsp.mkdir(machineDir, { recursive: true });
    await fsp.writeFile(path.join(machineDir, 'settings.json'), JSON.stringify(opts.machineSettings, null, 2) + '\n');
  }

  const args = [
    opts.install.codeServerEntry,
    '--bind-addr',
    bindAddr, // port 0: the OS picks a free port, read back from the log
    '--auth',
    'none',
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // Without it the built workbench silently ignores the `payload` URL parameter that starts the
    // extension tests (VS Code gates test runs from the URL behind the smoke-test driver).
    '--vscode-option',
    'enable-smoke-test-driver',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(opts.extraArgs ?? []),
  ];
  const env = codeServerEnv(dirs, opts.env ?? {});
  const logFile = path.join(opts.stateDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);

  const child = spawn(opts.install.nodeBin, args, {
    cwd: opts.stateDir,
    env,
    // Own process group, so stop() can signal code-server and every helper it spawned at once, and
    // so a terminal's Ctrl-C reaches only us: we decide the order of shutdown.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${opts.install.nodeBin}`);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped = false;
  const killNow = (): void => {
    signalGroup(pid, 'SIGKILL');
  };
  // It runs in its own process group, so it would outlive us: whatever ends this process (an
  // uncaught error, process.exit in a signal handler) takes it down too.
  process.on('exit', killNow);
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killNow);
    signalGroup(pid, 'SIGTERM');
    let grace: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), 5_000))),
    ]);
    // A pending timer would keep the caller's process alive for the rest of the 5 s.
    clearTimeout(grace);
    if (!graceful) log('code-server did not stop within 5 s; killing it');
    // Helpers may outlive the main process: SIGKILL whatever is left in the group either way.
    signalGroup(pid, 'SIGKILL');
    logStream.end();
  };

  let pending = '';
  const echo = (chunk: Buffer): void => {
    logStream.write(chunk);
    if (!opts.onOutput) return;
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) opts.onOutput(line);
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);

  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => fail(new Error(`code-server printed no "listening on" line within ${(opts.startTimeoutMs ?? 60_000) / 1000} s`)),
      opts.startTimeoutMs ?? 60_000,
    );
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      // "[...] info  HTTP server listening on http://127.0.0.1:40123/"
      const m = /listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', fail);
    void exited.then((code) => fail(new Error(`code-server exited with ${code} before listening; see ${logFile}`)));
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  log(`code-server ${opts.install.codeServerVersion} (pid ${pid}) listening on 127.0.0.1:${port}`);

  return { origin: `http://127.0.0.1:${port}`, port, pid, logFile, dirs, exited, stop, killNow };
}

/** The "Codex Posture" output channel as written to `<user-data>/logs/<session>/.../*Codex Posture.log`; '' before it exists. */
export function readExtensionLog(userData: string): string {
  const logs = path.join(userData, 'logs');
  const files = fs.existsSync(logs)
    ? fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('Codex Posture.log'))
    : [];
  return files.map((f) => fs.readFileSync(path.join(logs, f), 'utf8')).join('\n');
}

/**
 * The environment code-server (and so the extension host) runs with: ours, minus what a parent
 * npm, VS Code or Node runner set for their own children (childEnv), plus private TMPDIR/XDG dirs,
 * plus the caller's values (which win).
 */
export function codeServerEnv(dirs: CodeServerDirs, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return childEnv(process.env, {
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    // An empty gallery: no marketplace requests (these machines cannot reach it anyway).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    // ESRCH: the group is already gone.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
