// The launch arguments that change Codex's posture, parsed the way Codex 0.171's CLI parses them.
// Anything Codex's own CLI would reject (exit 2) is rejected here with a UsageError.
import { type LaunchArgs, type SandboxMode, SANDBOX_MODES } from './types';

export class UsageError extends Error {}

/** `-a` takes only these two words in 0.171 (`untrusted` and `on-failure` were retired from the CLI). */
const CLI_APPROVAL_VALUES = ['on-request', 'never'] as const;

/** Options that take a value, by every spelling Codex accepts. */
const VALUE_OPTIONS: Record<string, string> = {
  '-p': 'profile',
  '--profile': 'profile',
  '-c': 'config',
  '--config': 'config',
  '-s': 'sandbox',
  '--sandbox': 'sandbox',
  '-a': 'approval',
  '--ask-for-approval': 'approval',
  '--enable': 'enable',
  '--disable': 'disable',
  '--add-dir': 'addDir',
};

const FLAG_OPTIONS: Record<string, string> = {
  '--yolo': 'bypass',
  '--dangerously-bypass-approvals-and-sandbox': 'bypass',
  '--approve-for-me': 'approveForMe',
  '--search': 'search',
};

const REPEATABLE = new Set(['config', 'enable', 'disable', 'addDir']);

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  let profile: string | undefined;
  let sandbox: SandboxMode | undefined;
  let approval: string | undefined;
  let bypass = false;
  let approveForMe = false;
  let search = false;
  const overrides: string[] = [];
  const enable: string[] = [];
  const disable: string[] = [];
  const addDirs: string[] = [];
  const seen = new Set<string>();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let name = arg;
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      name = arg.slice(0, eq);
      inline = arg.slice(eq + 1);
    } else if (/^-[pcsa]./.test(arg)) {
      // Short options glued to their value: `-cfoo=bar`, `-sread-only`.
      name = arg.slice(0, 2);
      inline = arg.slice(2);
    }
    const flag = FLAG_OPTIONS[name];
    const once = flag ?? VALUE_OPTIONS[name];
    // Codex's CLI (clap) refuses a repeated single-valued option; -c, --enable, --disable and
    // --add-dir may repeat.
    if (once !== undefined && !REPEATABLE.has(once)) {
      if (seen.has(once)) throw new UsageError(`the argument '${name}' cannot be used multiple times`);
      seen.add(once);
    }
    if (flag !== undefined) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      if (flag === 'bypass') bypass = true;
      else if (flag === 'approveForMe') approveForMe = true;
      else search = true;
      continue;
    }
    const opt = VALUE_OPTIONS[name];
    if (opt === undefined) throw new UsageError(`unknown launch argument '${arg}'`);
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      value = argv[++i];
    }
    switch (opt) {
      case 'profile':
        profile = value;
        break;
      case 'config':
        if (!value.includes('=')) throw new UsageError(`-c expects key=value, got '${value}'`);
        overrides.push(value);
        break;
      case 'sandbox':
        if (!(SANDBOX_MODES as readonly string[]).includes(value)) {
          throw new UsageError(`invalid value '${value}' for ${name} (possible values: ${SANDBOX_MODES.join(', ')})`);
        }
        sandbox = value as SandboxMode;
        break;
      case 'approval':
        if (!(CLI_APPROVAL_VALUES as readonly string[]).includes(value)) {
          throw new UsageError(`invalid value '${value}' for ${name} (possible values: ${CLI_APPROVAL_VALUES.join(', ')})`);
        }
        approval = value;
        break;
      case 'enable':
        enable.push(value);
        break;
      case 'disable':
        disable.push(value);
        break;
      case 'addDir':
        addDirs.push(value);
        break;
    }
  }
  // Combinations Codex's CLI rejects (clap conflicts), with its own wording.
  if (bypass && approveForMe) {
    throw new UsageError("the argument '--approve-for-me' cannot be used with '--dangerously-bypass-approvals-and-sandbox'");
  }
  if (approveForMe && sandbox) throw new UsageError("the argument '--approve-for-me' cannot be used with '--sandbox <SANDBOX_MODE>'");
  if (approveForMe && approval)
    throw new UsageError("the argument '--approve-for-me' cannot be used with '--ask-for-approval <APPROVAL_POLICY>'");
  if (bypass && approval) {
    throw new UsageError(
      "the argument '--dangerously-bypass-approvals-and-sandbox' cannot be used with '--ask-for-approval <APPROVAL_POLICY>'",
    );
  }
  return Object.freeze({ profile, overrides, sandbox, approval, bypass, approveForMe, search, enable, disable, addDirs });
}
