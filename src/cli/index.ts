// `codex-posture`: the command-line twin of the extension. It reads the same core and prints what
// the badge shows, for scripts, CI and people without VS Code.
import { directoryArg, type Io } from './io';
import { codexHomeFrom } from '../core/config/codexHome';
import { describeProvenance, postureToJson } from '../core/config/json';
import { parseLaunchArgs, UsageError } from '../core/config/launchArgs';
import { resolvePosture } from '../core/config/resolve';
import type { PostureSnapshot, Surface, Valued } from '../core/config/types';
import { terminalText } from '../core/present/safeText';

const VERSION = '0.1.0';

const USAGE = `Usage: codex-posture <command> [options]

Commands:
  status    Show the effective Codex posture for a folder and where each value comes from
  lint      Check Codex config files: [--format text|json|sarif] [--forbid RULE]... [--cwd DIR] FILE...
  check     lint plus the team policy (default: no danger-full-access, no approval never)
            RULE: sandbox=MODE, approval=POLICY, web_search=MODE, network
            --cwd DIR: also report what the layers decide for a session started in DIR
            (keys another layer overrides, a project config Codex ignores as untrusted)

Options for status:
  --json                 Print one JSON object (the contract in the README)
  --cwd DIR              The folder to evaluate (default: the current directory)
  --surface interactive|exec
                         interactive: the TUI / IDE extension (default); exec: codex exec
  Codex launch arguments, as you start Codex:
  --profile NAME, -c key=value, -s MODE, -a POLICY, --yolo,
  --dangerously-bypass-approvals-and-sandbox, --approve-for-me, --search,
  --enable FEATURE, --disable FEATURE, --add-dir DIR

CODEX_HOME is read from the environment (default ~/.codex), as Codex does.
Exit codes: 0 posture shown, 1 Codex would refuse this config, 2 bad usage or unreadable input.`;


function line<T>(label: string, v: Valued<T> | undefined, show: (x: T) => string = String): string {
  if (!v) return `  ${label.padEnd(18)} -`;
  return `  ${label.padEnd(18)} ${show(v.value).padEnd(20)} ${describeProvenance(v.from)}`;
}

export function formatStatus(s: PostureSnapshot): string {
  const lines: string[] = [];
  lines.push(`Codex posture for ${s.cwd}${s.surface === 'exec' ? ' (codex exec)' : ''}`);
  lines.push(`  CODEX_HOME         ${s.codexHome}`);
  if (!s.loads) {
    lines.push('', `Codex would refuse to start: ${s.loadError?.message ?? 'unknown error'}`);
    return lines.join('\n');
  }
  lines.push(
    line('sandbox', s.sandbox),
    line('approval', s.approval),
    line('approvals reviewer', s.approvalsReviewer),
    line('network', s.networkAccess, (b) => (b ? 'on' : 'off')),
    line('web search', s.webSearch),
    line('permission profile', s.permissionProfile, (p) => p ?? '(legacy sandbox_mode)'),
    line('trusted', s.trusted, (t) => (t === null ? 'no entry' : t ? 'yes' : 'no (untrusted)')),
    line('writable roots', s.writableRoots, (r) => (r.length ? r.join(', ') : 'none')),
  );
  if (s.autoTrust) lines.push(`  note: starting a session here writes trust_level = "trusted" for ${s.autoTrust.root} (auto-trust)`);
  lines.push('', 'Layers:');
  for (const l of s.layers) {
    const state = !l.exists ? 'not present' : l.applied ? 'applied' : `ignored: ${l.disabledReason ?? ''}`;
    lines.push(`  ${l.kind.padEnd(8)} ${l.file} (${state})`);
  }
  if (s.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of s.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n');
}

async function status(args: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  let json = false;
  let cwd = process.cwd();
  let surface: Surface = 'interactive';
  const launch: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
      return args[++i];
    };
    if (a === '--json') json = true;
    else if (a === '--cwd') cwd = value();
    else if (a.startsWith('--cwd=')) cwd = a.slice(6);
    else if (a === '--surface' || a.startsWith('--surface=')) {
      const v = a === '--surface' ? value() : a.slice(10);
      if (v !== 'interactive' && v !== 'exec') throw new UsageError(`--surface takes interactive or exec, not '${v}'`);
      surface = v;
    } else launch.push(a);
  }
  const launchArgs = parseLaunchArgs(launch);
  const dir = await directoryArg(cwd);
  const snapshot = await resolvePosture({ cwd: dir, codexHome: codexHomeFrom(env), home: env.HOME, launch: launchArgs, surface });
  io.out(json ? JSON.stringify(postureToJson(snapshot), null, 2) : formatStatus(snapshot));
  if (snapshot.loads) return 0;
  return snapshot.loadError?.kind === 'io' ? 2 : 1;
}

export async function main(argv: string[], terminal: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Paths, keys and messages come from config files a repository controls: no escape sequence of
  // theirs reaches the terminal (or a CI log).
  const io: Io = { out: (s) => terminal.out(terminalText(s)), err: (s) => terminal.err(terminalText(s)) };
  const [command, ...rest] = argv;
  // `codex-posture status --help` is the first thing people type; it was an "unknown launch
  // argument". Only before a `--`: after it, `-h` may be a file name.
  const end = rest.indexOf('--');
  if ((command === 'status' || command === 'lint' || command === 'check') && (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'status':
        return await status(rest, io, env);
      case 'lint':
      case 'check':
        // Its own chunk (dist/cli.lint.js, see scripts/build.mjs): `status` never loads the rules.
        return await (await import('./lint')).lintCommand(command, rest, io, VERSION, env);
      case '--version':
      case '-V':
        io.out(VERSION);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`codex-posture: ${err.message}\nRun 'codex-posture --help' for usage.`);
      return 2;
    }
    io.err(`codex-posture: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}
