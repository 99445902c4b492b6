// "Verify Codex Sandbox": runs the real `codex sandbox` with three probes. `codex sandbox` ignores
// sandbox_mode and [sandbox_workspace_write] from config files, so the posture to
// verify is passed explicitly with -c. execFile with argument arrays, never a shell; every probe
// has a timeout.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ProbeResult {
  readonly id: 'write-outside' | 'write-inside' | 'network';
  readonly title: string;
  /** What the posture says should happen. */
  readonly expect: 'fail' | 'succeed';
  readonly passed: boolean;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** The command line, for the record (arguments joined with spaces; never run through a shell). */
  readonly command: string;
  /** stdout + stderr, trimmed and capped. */
  readonly output: string;
  readonly note?: string;
}

export interface SandboxVerification {
  readonly at: string;
  readonly folder: string;
  readonly codex?: string;
  readonly sandbox: string;
  readonly networkAccess: boolean;
  readonly probes: readonly ProbeResult[];
  readonly passed: boolean;
  /** Set when nothing could be verified: codex missing, platform without a sandbox, full access. */
  readonly unavailable?: string;
}

export interface VerifyOptions {
  readonly codexPath: string | undefined;
  readonly cwd: string;
  readonly sandbox: 'read-only' | 'workspace-write' | 'danger-full-access';
  readonly networkAccess: boolean;
  readonly writableRoots?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** A Node binary for the network probe (the extension host's); ELECTRON_RUN_AS_NODE is set. */
  readonly nodePath?: string;
  readonly platform?: NodeJS.Platform;
  readonly now?: () => Date;
}

/** The -c overrides that make `codex sandbox` use the posture the config describes. */
export function sandboxOverrides(o: Pick<VerifyOptions, 'sandbox' | 'networkAccess' | 'writableRoots'>): string[] {
  const args = ['-c', `sandbox_mode=${JSON.stringify(o.sandbox)}`];
  if (o.sandbox === 'workspace-write') {
    args.push('-c', `sandbox_workspace_write.network_access=${o.networkAccess}`);
    if (o.writableRoots?.length) args.push('-c', `sandbox_workspace_write.writable_roots=${JSON.stringify(o.writableRoots)}`);
  }
  return args;
}

interface Ran {
  code: number | null;
  out: string;
  timedOut: boolean;
  ms: number;
  spawnError?: string;
}

function run(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        const out = `${stdout}${stderr}`
          .split('\n')
          // codex's own notice about helper aliases under a temp CODEX_HOME says nothing about the probe.
          .filter((l) => !/^WARNING: proceeding, even though we could not create PATH aliases/.test(l))
          .join('\n')
          .trim()
          .slice(0, 2000);
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          out,
          timedOut: !!e?.killed,
          ms: Date.now() - started,
          spawnError: e && typeof e.code === 'string' ? `${e.code}: ${e.message}` : undefined,
        });
      },
    );
  });
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function writableDir(dir: string): Promise<boolean> {
  try {
    await fs.access(dir, fsConstants.W_OK);
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** A directory outside every root the sandbox may write, that is writable without the sandbox. */
export async function outsideTarget(o: VerifyOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const roots = [o.cwd, '/tmp', env.TMPDIR ?? os.tmpdir(), ...(o.writableRoots ?? [])].filter(Boolean).map((r) => path.resolve(r));
  const candidates = [env.HOME ?? os.homedir(), '/var/tmp', path.dirname(o.cwd)].filter(Boolean);
  for (const c of candidates) {
    let real = c;
    try {
      real = await fs.realpath(c);
    } catch {
      continue;
    }
    if (roots.some((r) => inside(real, r) || inside(c, r))) continue;
    if (await writableDir(real)) return real;
  }
  return '/etc';
}

const DENIED = /read-only file system|operation not permitted|permission denied|EROFS|EPERM|EACCES/i;
const CANNOT_SANDBOX =
  /bubblewrap|bwrap|unshare|namespace|seccomp|landlock|sandbox.*(not supported|unavailable)|No such file or directory \(os error 2\)/i;

export async function verifySandbox(o: VerifyOptions): Promise<SandboxVerification> {
  const now = o.now ?? (() => new Date());
  const env = { ...(o.env ?? process.env) };
  const base = { at: now().toISOString(), folder: o.cwd, codex: o.codexPath, sandbox: o.sandbox, networkAccess: o.networkAccess };
  const platform = o.platform ?? process.platform;
  if (!o.codexPath) {
    return {
      ...base,
      probes: [],
      passed: false,
      unavailable:
        'codex was not found: install it (npm i -g @openai/codex) or set codexPosture.codexPath (a machine setting) to the executable',
    };
  }
  if (platform === 'win32') {
    return {
      ...base,
      probes: [],
      passed: false,
      unavailable: 'Windows has no sandbox for `codex sandbox` outside WSL: run VS Code in WSL (Remote - WSL) and verify there',
    };
  }
  if (o.sandbox === 'danger-full-access') {
    return {
      ...base,
      probes: [],
      passed: false,
      unavailable: 'the sandbox is danger-full-access: Codex runs commands with no sandbox, so there is nothing to verify',
    };
  }
  const timeoutMs = o.timeoutMs ?? 15_000;
  const codexArgs = ['sandbox', ...sandboxOverrides(o), '--'];
  const tag = `.codex-posture-probe-${randomBytes(4).toString('hex')}`;
  const probes: ProbeResult[] = [];
  const show = (cmd: readonly string[]) =>
    ['codex', ...codexArgs, ...cmd].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');

  // 1. A write outside the workspace must fail.
  const outsideDir = await outsideTarget(o, env);
  const outsideFile = path.join(outsideDir, tag);
  {
    const cmd = ['touch', outsideFile];
    const r = await run(o.codexPath, [...codexArgs, ...cmd], o.cwd, env, timeoutMs);
    const created = await fs.stat(outsideFile).then(
      () => true,
      () => false,
    );
    if (created) await fs.rm(outsideFile, { force: true });
    const denied = r.code !== 0 && !created && DENIED.test(r.out);
    probes.push({
      id: 'write-outside',
      title: `write outside the workspace (${outsideFile}) is blocked`,
      expect: 'fail',
      passed: denied && !r.timedOut,
      exitCode: r.code,
      timedOut: r.timedOut,
      durationMs: r.ms,
      command: show(cmd),
      output: r.spawnError ?? r.out,
      note: created ? 'the file was created: the sandbox did not stop the write (removed again)' : undefined,
    });
  }
  // 2. A write inside must succeed under workspace-write (and fail under read-only).
  {
    const insideFile = path.join(o.cwd, tag);
    const cmd = ['touch', insideFile];
    const r = await run(o.codexPath, [...codexArgs, ...cmd], o.cwd, env, timeoutMs);
    const created = await fs.stat(insideFile).then(
      () => true,
      () => false,
    );
    if (created) await fs.rm(insideFile, { force: true });
    const expect = o.sandbox === 'workspace-write' ? 'succeed' : 'fail';
    probes.push({
      id: 'write-inside',
      title: `write inside the workspace ${expect === 'succeed' ? 'works' : 'is blocked (read-only)'}`,
      expect,
      passed: !r.timedOut && (expect === 'succeed' ? r.code === 0 && created : r.code !== 0 && !created),
      exitCode: r.code,
      timedOut: r.timedOut,
      durationMs: r.ms,
      command: show(cmd),
      output: r.spawnError ?? r.out,
    });
  }
  // 3. Network: connect from inside the sandbox to a listener on this machine's loopback. It needs
  // no internet (so it also works offline); the sandbox's network namespace or seccomp filter must
  // refuse it while network is off.
  {
    // A client that exits at once resets the connection: ignore socket errors, never crash the host.
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.end('ok');
    });
    server.on('error', () => undefined);
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
    try {
      // writeSync: console.log to a pipe is asynchronous and process.exit() would drop it.
      const script = `const fs=require('fs');const say=(m,code)=>{fs.writeSync(1,m+'\\n');process.exit(code)};const c=require('net').connect(${port},'127.0.0.1',()=>say('connected',0));c.on('error',e=>say('network blocked: '+e.code,3));setTimeout(()=>say('network timeout',4),5000)`;
      const cmd = [o.nodePath ?? process.execPath, '-e', script];
      const r = await run(o.codexPath, [...codexArgs, ...cmd], o.cwd, { ...env, ELECTRON_RUN_AS_NODE: '1' }, timeoutMs);
      const expect = o.networkAccess && o.sandbox === 'workspace-write' ? 'succeed' : 'fail';
      const connected = r.code === 0;
      probes.push({
        id: 'network',
        title: `network connection ${expect === 'fail' ? 'is blocked (network off)' : 'works (network on)'}`,
        expect,
        passed: !r.timedOut && (expect === 'fail' ? !connected && (r.code === 3 || r.code === 4) : connected),
        exitCode: r.code,
        timedOut: r.timedOut,
        durationMs: r.ms,
        command: show(['node', '-e', '<connect to 127.0.0.1:' + port + '>']),
        output: r.spawnError ?? r.out,
      });
    } finally {
      server.close();
    }
  }
  const passed = probes.every((p) => p.passed);
  let unavailable: string | undefined;
  if (
    !passed &&
    probes.every((p) => p.exitCode !== 0) &&
    probes.some((p) => CANNOT_SANDBOX.test(p.output)) &&
    !probes.some((p) => DENIED.test(p.output))
  ) {
    unavailable =
      platform === 'linux'
        ? 'this Linux machine cannot run the Codex sandbox (bubblewrap could not start: unprivileged user namespaces may be disabled, or the container forbids them). See the probe output.'
        : `codex sandbox could not start on ${platform}. See the probe output.`;
  }
  if (probes.some((p) => /ENOENT|EACCES: /.test(p.output) && p.exitCode === null))
    unavailable = `codex could not be started (${o.codexPath})`;
  return { ...base, probes, passed, unavailable };
}
