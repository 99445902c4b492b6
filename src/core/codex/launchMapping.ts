// How Codex launch arguments reach an app-server session.
//
// `codex app-server` accepts only `-c`, `--enable`, `--disable` and `--strict-config` itself. The
// other launch flags are what the TUI client turns into `thread/start` parameters. Observed on the
// wire (TUI 0.171.0 with `--remote` through a logging proxy):
//   -s X                -> thread/start { sandbox: X }
//   -a X                -> thread/start { approvalPolicy: X }
//   --yolo              -> thread/start { sandbox: 'danger-full-access', approvalPolicy: 'never' }
//   --approve-for-me    -> thread/start { sandbox: 'workspace-write', approvalPolicy: 'on-request',
//                                         approvalsReviewer: 'auto_review' }
//   --search            -> thread/start { config: { web_search: 'live' } }
//   --enable F          -> (remote TUI: thread/start { config: { features: { F: true } } })
//   --add-dir D         -> rejected with --remote; in-process it becomes a runtime workspace root,
//                          which thread/start accepts as `runtimeWorkspaceRoots`.
//   --profile P         -> no app-server equivalent: the profile layer is only loaded by the
//                          commands that take `--profile` (TUI, exec, debug prompt-input, ...).
// `-c` and `--enable/--disable` are passed to `codex app-server` unchanged, so they form the
// same `sessionFlags` config layer they form for the TUI.

import * as path from 'node:path';
import type { AppServerSandboxMode, ThreadStartParams } from './protocol';

export interface CodexLaunch {
  readonly profile?: string;
  /** `-c` overrides, `--enable F` (as `features.F=true`) and `--disable F`, in argv order. */
  readonly configArgs: readonly string[];
  readonly sandbox?: string;
  readonly approval?: string;
  readonly bypass: boolean;
  readonly approveForMe: boolean;
  readonly search: boolean;
  readonly strictConfig: boolean;
  readonly addDirs: readonly string[];
  /** Arguments this parser does not know, kept verbatim. */
  readonly unknown: readonly string[];
}

/** Parses the launch arguments of the `codex` command line (the subset that shapes the posture). */
export function parseCodexArgv(argv: readonly string[]): CodexLaunch {
  const configArgs: string[] = [];
  const addDirs: string[] = [];
  const unknown: string[] = [];
  let profile: string | undefined;
  let sandbox: string | undefined;
  let approval: string | undefined;
  let bypass = false;
  let approveForMe = false;
  let search = false;
  let strictConfig = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (name) {
      case '-c':
      case '--config': {
        const v = value();
        if (v !== undefined) configArgs.push('-c', v);
        break;
      }
      case '--enable':
      case '--disable': {
        const v = value();
        if (v !== undefined) configArgs.push(name, v);
        break;
      }
      case '-p':
      case '--profile':
        profile = value();
        break;
      case '-s':
      case '--sandbox':
        sandbox = value();
        break;
      case '-a':
      case '--ask-for-approval':
        approval = value();
        break;
      case '--yolo':
      case '--dangerously-bypass-approvals-and-sandbox':
        bypass = true;
        break;
      case '--approve-for-me':
        approveForMe = true;
        break;
      case '--search':
        search = true;
        break;
      case '--strict-config':
        strictConfig = true;
        break;
      case '--add-dir': {
        const v = value();
        if (v !== undefined) addDirs.push(v);
        break;
      }
      default:
        if (/^-c./.test(arg)) configArgs.push('-c', arg.slice(2));
        else unknown.push(arg);
    }
  }
  return { profile, configArgs, sandbox, approval, bypass, approveForMe, search, strictConfig, addDirs, unknown };
}

export interface AppServerSessionPlan {
  /** Arguments for `codex app-server` (after the subcommand). */
  readonly appServerArgs: string[];
  /** Parameters to merge into `thread/start`. */
  readonly threadStart: Partial<ThreadStartParams>;
  /** Launch arguments an app-server session cannot express (e.g. `--profile`). */
  readonly unsupported: string[];
}

/** Maps launch arguments onto an app-server session the way the Codex TUI does. */
export function planAppServerSession(launch: CodexLaunch, cwd: string): AppServerSessionPlan {
  const appServerArgs = [...launch.configArgs];
  if (launch.strictConfig) appServerArgs.push('--strict-config');
  const threadStart: Partial<ThreadStartParams> = {};
  const unsupported: string[] = [];
  if (launch.profile !== undefined) unsupported.push(`--profile ${launch.profile}`);
  if (launch.unknown.length) unsupported.push(...launch.unknown);
  if (launch.sandbox !== undefined) threadStart.sandbox = launch.sandbox as AppServerSandboxMode;
  if (launch.approval !== undefined) threadStart.approvalPolicy = launch.approval as ThreadStartParams['approvalPolicy'];
  if (launch.bypass) {
    threadStart.sandbox = 'danger-full-access';
    threadStart.approvalPolicy = 'never';
  }
  if (launch.approveForMe) {
    threadStart.sandbox = 'workspace-write';
    threadStart.approvalPolicy = 'on-request';
    threadStart.approvalsReviewer = 'auto_review';
  }
  if (launch.search) threadStart.config = { web_search: 'live' };
  if (launch.addDirs.length) threadStart.runtimeWorkspaceRoots = [cwd, ...launch.addDirs.map((d) => path.resolve(cwd, d))];
  return { appServerArgs, threadStart, unsupported };
}
