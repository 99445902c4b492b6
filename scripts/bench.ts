// `npm run bench`: performance figures against the budgets of issue 6, measured on this machine.
// Prints a table, then one JSON line per figure. Every timing is a median over repeated runs (the
// machines are shared: look at the ratios and at `noise`, the spread between p10 and p90).
//   node out/scripts/bench.js [--runs N] [--no-vscode]
// `--no-vscode` skips the real VS Code and the package (and with it the bundle size).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as smolParse } from 'smol-toml';
import { resolvePosture } from '../src/core/config/resolve';
import { lintText } from '../src/core/rules/lint';

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const vscodeRuns = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly budget?: string;
  readonly ok?: boolean;
  readonly p10?: number;
  readonly p90?: number;
  readonly runs?: number;
  readonly note?: string;
}
const figures: Figure[] = [];

function stats(samples: number[]): { median: number; p10: number; p90: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p10: at(0.1), p90: at(0.9) };
}

/** A benchmark config of about `lines` lines: MCP servers and providers, a few findings. */
export function benchConfig(lines: number): string {
  const out = ['# benchmark config', 'sandbox_mode = "workspace-write"', 'approval_policy = "on-failure"', 'web_search = "live"', 'sandbox_mod = "x"', '', '[sandbox_workspace_write]', 'network_access = true', 'writable_roots = ["/tmp/a", "/tmp/b"]', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(`[mcp_servers.server${i}]`, 'command = "npx"', `args = ["-y", "@example/server-${i}", "--port", "${3000 + i}"]`, `env = { MODE = "fast", LEVEL = "${i}" }`, 'startup_timeout_sec = 20', `enabled_tools = ["search", "read"]`, `[model_providers.p${i}]`, `name = "Provider ${i}"`, `base_url = "https://p${i}.example.com/v1"`, `env_key = "P${i}_KEY"`, '');
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function timeSync(fn: () => void, runs: number): number[] {
  for (let i = 0; i < 20; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return t;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return t;
}

function add(f: Figure): void {
  figures.push(f);
}

function timed(name: string, samples: number[], budget?: { max: number; text: string }, note?: string): Figure {
  const s = stats(samples);
  const f: Figure = { name, value: round(s.median), unit: 'ms', p10: round(s.p10), p90: round(s.p90), runs: samples.length, ...(budget ? { budget: budget.text, ok: s.median < budget.max } : {}), ...(note ? { note } : {}) };
  add(f);
  return f;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** An isolated world: HOME, CODEX_HOME, TMPDIR, a project. Never the real ~/.codex. */
function world(): { dir: string; home: string; codexHome: string; project: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-bench-'));
  const home = path.join(dir, 'home');
  const codexHome = path.join(home, '.codex');
  const project = path.join(dir, 'project');
  fs.mkdirSync(codexHome, { recursive: true });
  fs.mkdirSync(path.join(project, '.codex'), { recursive: true });
  fs.writeFileSync(path.join(codexHome, 'config.toml'), `sandbox_mode = "workspace-write"\napproval_policy = "on-request"\n\n[projects."${project}"]\ntrust_level = "trusted"\n`);
  fs.writeFileSync(path.join(project, '.codex', 'config.toml'), 'web_search = "cached"\n');
  const dead = 'http://127.0.0.1:9';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CODEX_HOME: codexHome,
    TMPDIR: dir,
    // codex doctor probes provider endpoints; send every request to a closed local port.
    HTTPS_PROXY: dead,
    HTTP_PROXY: dead,
    ALL_PROXY: dead,
    NO_PROXY: '',
  };
  return { dir, home, codexHome, project, env };
}

function spawnTimes(cmd: string, argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }, runs: number): number[] {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    spawnSync(cmd, argv, { ...opts, stdio: 'ignore', timeout: 60_000 });
    t.push(performance.now() - s);
  }
  return t;
}

async function main(): Promise<void> {
  const w = world();
  try {
    // 1. codex-posture status --json vs codex doctor --json, same config, interleaved.
    const cli = path.join(root, 'dist', 'cli.js');
    const codex = path.join(root, 'node_modules', '.bin', 'codex');
    const status: number[] = [];
    const doctor: number[] = [];
    spawnTimes(process.execPath, [cli, 'status', '--json'], { cwd: w.project, env: w.env }, 2);
    spawnTimes(codex, ['doctor', '--json'], { cwd: w.project, env: w.env }, 2);
    for (let i = 0; i < 9; i++) {
      status.push(...spawnTimes(process.execPath, [cli, 'status', '--json'], { cwd: w.project, env: w.env }, 1));
      doctor.push(...spawnTimes(codex, ['doctor', '--json'], { cwd: w.project, env: w.env }, 1));
    }
    const st = timed('status --json (process)', status);
    const dr = timed('codex doctor --json (process)', doctor, undefined, 'network probes go to a closed local proxy port');
    add({ name: 'doctor / status', value: round(dr.value / st.value), unit: 'x', budget: '>= 5x', ok: dr.value / st.value >= 5 });

    // 2. Lint vs smol-toml's bare parse of the same text.
    for (const [lines, budget] of [[50, undefined], [1000, { max: 5, text: '< 5 ms' }]] as const) {
      const text = benchConfig(lines);
      const l = timed(`lint ${lines} lines`, timeSync(() => lintText(text, { kind: 'user', file: '/bench/.codex/config.toml' }), 200), budget);
      const s = timed(`smol-toml parse ${lines} lines`, timeSync(() => smolParse(text), 200));
      add({ name: `lint / smol-toml parse (${lines} lines)`, value: round(l.value / s.value), unit: 'x' });
    }

    // 3. The engine, cold-ish (no cache) on the isolated world.
    timed('resolvePosture (no cache)', await timeAsync(() => resolvePosture({ cwd: w.project, codexHome: w.codexHome, systemDir: path.join(w.dir, 'no-etc') }), 100));

    // 5. The packaged extension in a real VS Code: activate(), first badge, host memory, .vsix size.
    if (!args.includes('--no-vscode')) {
      const { ensureHarnessInstalled } = await import('../test/harness/install');
      const { packageVsix, checkInstalledVsix } = await import('../test/harness/vsix');
      const install = await ensureHarnessInstalled();
      const vsix = path.join(w.dir, 'bench.vsix');
      const pkg = await packageVsix(root, vsix);
      add({ name: 'dist/extension.js (minified)', value: round(pkg.bundleBytes / 1024), unit: 'KiB', budget: '< 100 KB', ok: pkg.bundleBytes < 100_000, note: 'the vscode:prepublish build inside the .vsix' });
      add({ name: '.vsix', value: round(pkg.bytes / 1024), unit: 'KiB' });
      const act: number[] = [];
      const first: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < vscodeRuns; i++) {
        const state = fs.mkdtempSync(path.join('/tmp', 'cpb-'));
        try {
          const r = await checkInstalledVsix({ install, vsix, stateDir: state });
          if (r.activateMs !== undefined) act.push(r.activateMs);
          if (r.firstBadgeMs !== undefined) first.push(r.firstBadgeMs);
          if (r.hostRssKb !== undefined) rss.push(r.hostRssKb / 1024);
        } finally {
          fs.rmSync(state, { recursive: true, force: true });
        }
      }
      if (act.length) timed('activate() in real VS Code', act, { max: 15, text: '< 15 ms' }, 'the extension\'s own log line');
      if (first.length) timed('first badge after activate()', first, { max: 300, text: '< 300 ms' });
      if (rss.length) add({ name: 'extension host RSS', value: round(stats(rss).median), unit: 'MiB', runs: rss.length, note: 'whole host process, ours the only extension' });
    }
  } finally {
    fs.rmSync(w.dir, { recursive: true, force: true });
  }

  const rows = figures.map((f) => [f.name, `${f.value} ${f.unit}`, f.p10 !== undefined ? `${f.p10}..${f.p90}` : '', f.budget ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'OVER']);
  const head = ['figure', 'median', 'p10..p90', 'budget', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}, node ${process.version}`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  for (const f of figures) console.log(JSON.stringify(f));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
