// `codex-posture`: the command-line twin of the extension. It reads the same core and prints what
// the badge shows, for scripts, CI and people without VS Code.
import { UsageError } from '../core/config/launchArgs';
import { terminalText } from '../core/present/safeText';
import { VERSION } from '../core/version';
import type { Io } from './args';
import { lintCommand } from './lint';
import { sessionsCommand } from './sessions';
import { status } from './status';

const USAGE = `Usage: codex-posture <command> [options]

Commands:
  status    Show the effective Codex posture for a folder and where each value comes from
  lint      Check Codex config files: [--format text|json|sarif] [--forbid RULE]... [--cwd DIR] FILE...
  check     lint plus the team policy (default: no danger-full-access, no approval never)
  check [--cwd DIR] [--format text|json|sarif]
            with no FILE: the effective posture of DIR (default: the current folder)
            against .codex-posture.toml, found by walking up to the repository root;
            exit 1 on a violation, naming the rule, the value and where it comes from
            RULE: sandbox=MODE, approval=POLICY, web_search=MODE, network
            --cwd DIR: also report what the layers decide for a session started in DIR
            (keys another layer overrides, a project config Codex ignores as untrusted)
  sessions  What past Codex sessions in a folder ran with and did, from Codex's own records
            (read-only): [--json] [--cwd DIR] [--since DATE]

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

export async function main(argv: string[], terminal: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Paths, keys and messages come from config files a repository controls: no escape sequence of
  // theirs reaches the terminal (or a CI log).
  const io: Io = { out: (s) => terminal.out(terminalText(s)), err: (s) => terminal.err(terminalText(s)) };
  const [command, ...rest] = argv;
  // `codex-posture status --help` is the first thing people type; it was an "unknown launch
  // argument". Only before a `--`: after it, `-h` may be a file name.
  const end = rest.indexOf('--');
  if (
    (command === 'status' || command === 'lint' || command === 'check' || command === 'sessions') &&
    (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')
  ) {
    io.out(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'status':
        return await status(rest, io, env);
      case 'sessions':
        return await sessionsCommand(rest, io, env);
      case 'lint':
      case 'check':
        return await lintCommand(command, rest, io, VERSION, env);
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
  main(process.argv.slice(2), { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') }).then((code) => {
    process.exitCode = code;
  });
}
