// The ground truth side of the differential suite: materialise a scenario in a fresh temp dir,
// run the REAL codex (0.171.0) against it with an isolated HOME / CODEX_HOME / TMPDIR / XDG dirs,
// and normalise what Codex says into the `codex-posture status --json` contract shape.
//
// Where each field comes from (see docs/codex-findings.md for the measurements behind this):
//   loads / loadError   `codex <launch> debug prompt-input`: exit status and the `Error: path:line:col:`
//                       line (the CLI's own config load; the app-server would keep running).
//   interactive surface (no --profile): one `codex app-server` session, launch flags mapped the way
//                       the TUI maps them (src/core/codex/launchMapping.ts):
//     sandbox, networkAccess, writableRoots   thread/start `sandbox` (legacy projection)
//     approval, approvalsReviewer             thread/start `approvalPolicy`, `approvalsReviewer`
//     permissionProfile                       thread/start `activePermissionProfile.id` (null if absent)
//     webSearch                               the `web_search` tool in the first turn's Responses
//                                             request, captured by a local mock model endpoint
//     trusted                                 after the session (so auto-trust counts): config/read
//                                             of a `.codex/` layer at the cwd, enabled = trusted,
//                                             "marked as untrusted" = false, "add ... as trusted" = null
//   exec surface: `codex <launch> exec --skip-git-repo-check hi` against the mock endpoint; the session
//                       rollout's `turn_context` gives approval, reviewer, sandbox policy and the active
//                       permission profile; the captured request gives web search.
//   interactive + --profile: the app-server cannot load a profile layer, so: exec (with the profile)
//                       for sandbox / network / roots / permission profile / web search, and
//                       `debug prompt-input` (with the profile) for approval and reviewer. Auto-trust
//                       cannot be observed on this path (noted in `unobserved`).
//   Every answer is cross-checked against `debug prompt-input` (the permissions text the model sees);
//   disagreements land in `crossCheck` (expected ones: auto-trust, which prompt-input never does).

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppServerClient, AppServerError } from '../../src/core/codex/appServer';
import { parseCodexArgv, planAppServerSession } from '../../src/core/codex/launchMapping';
import type {
  AppServerApprovalPolicy,
  AppServerSandboxPolicy,
  ConfigReadResponse,
  ThreadStartResponse,
} from '../../src/core/codex/protocol';
import type { ApprovalPolicy, ApprovalsReviewer, SandboxMode, Surface, WebSearchMode } from '../../src/core/config/types';
import { MockResponsesServer, findWebSearchTool, webSearchModeFromRequest } from './mockResponses';
import { runProc, type ProcResult } from './proc';

// ---------------------------------------------------------------------------------------------
// Scenarios

/** File content; strings get `{{root}}` replaced by the scenario's absolute temp root. */
export type FileContent = string | Uint8Array;

export interface Scenario {
  readonly name: string;
  /** The codex-facts.md row (or finding) the scenario exercises. */
  readonly covers: string;
  /** Paths relative to the temp root: `home/.codex/config.toml`, `repo/.codex/config.toml`, ... */
  readonly files?: Readonly<Record<string, FileContent>>;
  /** Directories (relative to the root) to `git init`. */
  readonly git?: readonly string[];
  /** Extra directories to create. */
  readonly dirs?: readonly string[];
  /** Linked git worktrees: `path` (relative) checked out from the repository `repo` (relative, in `git`). */
  readonly worktrees?: readonly { readonly repo: string; readonly path: string }[];
  /** Symbolic links: link path (relative) -> target path (relative to the root). */
  readonly symlinks?: Readonly<Record<string, string>>;
  /** Working directory, relative to the root. */
  readonly cwd: string;
  /** Codex launch argv, e.g. ['--profile', 'fast', '-c', 'web_search="live"', '--search']. */
  readonly launch?: readonly string[];
  readonly surface?: Surface;
  /**
   * A first run: CODEX_HOME is not set and `home/.codex` does not exist (Codex's default). Every
   * other scenario sets CODEX_HOME to an existing `home/.codex`.
   */
  readonly defaultCodexHome?: boolean;
  /** Fields that must not be compared for this scenario, with the reason (documented limits). */
  readonly skipCompare?: Readonly<Partial<Record<ContractField, string>>>;
}

export type ContractField =
  | 'loads'
  | 'sandbox'
  | 'approval'
  | 'approvalsReviewer'
  | 'networkAccess'
  | 'webSearch'
  | 'permissionProfile'
  | 'trusted'
  | 'writableRoots';

export const CONTRACT_FIELDS: readonly ContractField[] = [
  'loads',
  'sandbox',
  'approval',
  'approvalsReviewer',
  'networkAccess',
  'webSearch',
  'permissionProfile',
  'trusted',
  'writableRoots',
];

export interface LoadErrorInfo {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface OracleAnswer {
  readonly scenario: string;
  readonly surface: Surface;
  loads: boolean;
  loadError?: LoadErrorInfo;
  sandbox?: SandboxMode;
  approval?: ApprovalPolicy;
  approvalsReviewer?: ApprovalsReviewer;
  networkAccess?: boolean;
  webSearch?: WebSearchMode;
  permissionProfile?: string | null;
  trusted?: boolean | null;
  writableRoots?: string[];
  /** Which real command produced the posture fields. */
  source: 'prompt-input' | 'app-server' | 'exec' | 'exec+prompt-input';
  /** Fields the oracle cannot observe for this scenario, and why. */
  unobserved: Partial<Record<ContractField, string>>;
  /** prompt-input's view where it disagrees with the session (expected after auto-trust). */
  crossCheck: Partial<Record<ContractField, { session: unknown; promptInput: unknown }>>;
  notes: string[];
  evidence: Record<string, unknown>;
  /** The raw `config/read` answer before the session, for checking the badge's confirmation. */
  configRead?: ConfigReadResponse | { error: string };
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Locating codex

const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'node_modules'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/**
 * The codex executable: $CODEX_POSTURE_CODEX_BIN, else the native binary from the npm optional
 * dependency (spawned directly so signals reach it), else node_modules/.bin/codex.
 */
export function findCodex(): string {
  const fromEnv = process.env.CODEX_POSTURE_CODEX_BIN;
  if (fromEnv) return fromEnv;
  const triple =
    process.platform === 'linux' && process.arch === 'x64'
      ? ['@openai/codex-linux-x64', 'x86_64-unknown-linux-musl']
      : process.platform === 'linux' && process.arch === 'arm64'
        ? ['@openai/codex-linux-arm64', 'aarch64-unknown-linux-musl']
        : process.platform === 'darwin' && process.arch === 'arm64'
          ? ['@openai/codex-darwin-arm64', 'aarch64-apple-darwin']
          : process.platform === 'darwin'
            ? ['@openai/codex-darwin-x64', 'x86_64-apple-darwin']
            : undefined;
  if (triple) {
    const native = path.join(REPO_ROOT, 'node_modules', triple[0], 'vendor', triple[1], 'bin', 'codex');
    if (fs.existsSync(native)) return native;
  }
  return path.join(REPO_ROOT, 'node_modules', '.bin', 'codex');
}

// ---------------------------------------------------------------------------------------------
// Materialising

export interface Materialised {
  readonly root: string;
  readonly home: string;
  readonly codexHome: string;
  readonly tmpdir: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export function expandRoot(text: string, root: string): string {
  return text.split('{{root}}').join(root);
}

/** Writes the scenario into a fresh temp dir. Nothing outside that dir is touched. */
export async function materialise(s: Scenario, baseDir = os.tmpdir()): Promise<Materialised> {
  const root = fs.realpathSync(await fsp.mkdtemp(path.join(baseDir, 'cxp-')));
  const home = path.join(root, 'home');
  const codexHome = path.join(home, '.codex');
  const tmpdir = path.join(root, 'tmp');
  const xdg = path.join(root, 'xdg');
  for (const d of [
    home,
    ...(s.defaultCodexHome ? [] : [codexHome]),
    tmpdir,
    ...['config', 'data', 'cache', 'state'].map((x) => path.join(xdg, x)),
  ]) {
    await fsp.mkdir(d, { recursive: true });
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    ...(s.defaultCodexHome ? {} : { CODEX_HOME: codexHome }),
    TMPDIR: tmpdir,
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    RUST_BACKTRACE: '0',
    RUST_LIB_BACKTRACE: '0',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  for (const d of s.dirs ?? []) await fsp.mkdir(path.join(root, d), { recursive: true });
  for (const g of s.git ?? []) {
    const dir = path.join(root, g);
    await fsp.mkdir(dir, { recursive: true });
    const r = await runProc('git', ['-c', 'init.defaultBranch=main', 'init', '-q', dir], { cwd: root, env, timeoutMs: 15_000 });
    if (r.code !== 0) throw new Error(`git init ${g} failed: ${r.stderr}`);
  }
  for (const w of s.worktrees ?? []) {
    const repo = path.join(root, w.repo);
    const git = (args: string[]) =>
      runProc('git', ['-c', 'user.name=codex-posture', '-c', 'user.email=oracle@invalid', '-C', repo, ...args], {
        cwd: root,
        env,
        timeoutMs: 15_000,
      });
    const c = await git(['commit', '-q', '--allow-empty', '-m', 'init']);
    const a = c.code === 0 ? await git(['worktree', 'add', '-q', path.join(root, w.path)]) : c;
    if (a.code !== 0) throw new Error(`git worktree ${w.path} failed: ${a.stderr}`);
  }
  for (const [link, target] of Object.entries(s.symlinks ?? {})) {
    const l = path.join(root, link);
    await fsp.mkdir(path.dirname(l), { recursive: true });
    await fsp.symlink(path.join(root, target), l);
  }
  for (const [rel, content] of Object.entries(s.files ?? {})) {
    const file = path.join(root, rel);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, typeof content === 'string' ? expandRoot(content, root) : content);
  }
  const cwd = path.join(root, s.cwd);
  await fsp.mkdir(cwd, { recursive: true });
  return {
    root,
    home,
    codexHome,
    tmpdir,
    cwd,
    env,
    cleanup: () => fsp.rm(root, { recursive: true, force: true, maxRetries: 3 }),
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing what codex prints

/** `Error: /p/config.toml:2:16: unknown variant ...` (anyhow) or clap's `error: ...`. */
export function parseLoadError(stderr: string): LoadErrorInfo {
  const clean = stderr.replace(/\x1b\[[0-9;]*m/g, '');
  const m = /^Error: (.*)$/m.exec(clean) ?? /^error: (.*)$/m.exec(clean);
  const first = m ? m[1].trim() : (clean.trim().split('\n')[0] ?? '');
  const loc = /^(\/.*?):(\d+):(\d+): (.*)$/.exec(first);
  if (loc) return { message: loc[4], file: loc[1], line: Number(loc[2]), column: Number(loc[3]) };
  // Some errors name the file in the text and give the position as "at line N, column M"
  // (a trusted project file: `Error parsing project config file <path>: TOML parse error at line 2, column 6`).
  const file = /(\/[^\s:`]+\.toml)/.exec(first)?.[1];
  const pos = /at line (\d+), column (\d+)/.exec(first);
  return {
    message: first,
    ...(file ? { file } : {}),
    ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}),
  };
}

export interface PromptInputView {
  readonly sandboxMode?: string;
  readonly network?: 'enabled' | 'restricted';
  readonly approval?: ApprovalPolicy;
  readonly reviewer?: ApprovalsReviewer;
  /** "The writable roots are ..." (includes the cwd and temp dirs) when Codex prints it. */
  readonly writableRootsText?: string[];
  /** `<entry access="write"><path>` entries of the environment context's permission profile. */
  readonly writePaths: string[];
  readonly workspaceRoots: string[];
  readonly permissionsHead?: string;
}

export function parsePromptInput(stdout: string): PromptInputView {
  let items: Array<{ content?: Array<{ text?: string }> }>;
  try {
    items = JSON.parse(stdout);
  } catch {
    return { writePaths: [], workspaceRoots: [] };
  }
  let perms = '';
  let envCtx = '';
  for (const it of items) {
    for (const c of it.content ?? []) {
      const t = c.text ?? '';
      const pm = /<permissions instructions>([\s\S]*?)<\/permissions instructions>/.exec(t);
      if (pm) perms = pm[1];
      if (t.includes('<environment_context>')) envCtx = t;
    }
  }
  const sandboxMode = /`sandbox_mode` is `([a-z-]+)`/.exec(perms)?.[1];
  const net = /Network access is (enabled|restricted)/.exec(perms)?.[1] as 'enabled' | 'restricted' | undefined;
  let approval: ApprovalPolicy = 'on-request';
  if (/Approval policy is currently never/.test(perms)) approval = 'never';
  else if (/`approval_policy` is `unless-trusted`/.test(perms)) approval = 'untrusted';
  else if (/Approval policy is `granular`/.test(perms)) approval = 'granular';
  const reviewer: ApprovalsReviewer = /`approvals_reviewer` is `auto_review`/.test(perms) ? 'auto_review' : 'user';
  const wr = /The writable roots are (.+?)\.\s*$/m.exec(perms)?.[1];
  const writableRootsText = wr ? wr.split(/,\s*/).map((x) => x.replace(/^`|`$/g, '')) : undefined;
  const writePaths = [...envCtx.matchAll(/<entry access="write"><path>([^<]*)<\/path><\/entry>/g)].map((m) => m[1]);
  const workspaceRoots = [
    ...(/<workspace_roots>([\s\S]*?)<\/workspace_roots>/.exec(envCtx)?.[1] ?? '').matchAll(/<root>([^<]*)<\/root>/g),
  ].map((m) => m[1]);
  return {
    sandboxMode,
    network: net,
    approval,
    reviewer,
    writableRootsText,
    writePaths,
    workspaceRoots,
    permissionsHead: perms.split('# Escalation')[0].trim().slice(0, 1200),
  };
}

function sandboxFromAppServer(p: AppServerSandboxPolicy): { sandbox?: SandboxMode; network: boolean; roots: string[] } {
  switch (p.type) {
    case 'dangerFullAccess':
      return { sandbox: 'danger-full-access', network: true, roots: [] };
    case 'readOnly':
      return { sandbox: 'read-only', network: p.networkAccess === true, roots: [] };
    case 'workspaceWrite':
      return { sandbox: 'workspace-write', network: p.networkAccess === true, roots: [...(p.writableRoots ?? [])] };
    default:
      return { sandbox: undefined, network: p.networkAccess === 'enabled', roots: [] };
  }
}

export function normaliseApproval(p: AppServerApprovalPolicy | string | undefined): ApprovalPolicy | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p === 'object') return 'granular';
  if (p === 'on-request' || p === 'never' || p === 'untrusted') return p;
  if (p === 'on-failure') return 'on-request';
  return undefined;
}

export function normaliseReviewer(r: string | undefined): ApprovalsReviewer | undefined {
  if (r === 'user') return 'user';
  if (r === 'auto_review' || r === 'guardian_subagent') return 'auto_review';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Running the oracle

export interface OracleOptions {
  readonly codex?: string;
  /** Per-process timeout. */
  readonly timeoutMs?: number;
  /** Also run the exec+prompt-input composite for interactive scenarios (self-check of the profile path). */
  readonly compositeCrossCheck?: boolean;
}

const PROBE_MARK = '# codex-posture trust probe (temporary)\n';

export async function runOracle(s: Scenario, m: Materialised, opts: OracleOptions = {}): Promise<OracleAnswer> {
  const started = Date.now();
  const codex = opts.codex ?? findCodex();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const launch = (s.launch ?? []).map((a) => expandRoot(a, m.root));
  const surface: Surface = s.surface ?? 'interactive';
  const parsed = parseCodexArgv(launch);
  const ans: OracleAnswer = {
    scenario: s.name,
    surface,
    loads: false,
    source: 'prompt-input',
    unobserved: {},
    crossCheck: {},
    notes: [],
    evidence: {},
    ms: 0,
  };

  // 1. Would the CLI start? (the same config load every runtime command does)
  const pi = await runProc(codex, [...launch, 'debug', 'prompt-input'], { cwd: m.cwd, env: m.env, timeoutMs });
  ans.evidence.promptInputExit = pi.timedOut ? 'timeout' : pi.code;
  if (pi.code !== 0) {
    ans.loads = false;
    ans.loadError = parseLoadError(pi.stderr);
    ans.evidence.promptInputStderr = firstLines(pi.stderr, 8);
    if (surface === 'interactive' && parsed.profile === undefined) {
      ans.evidence.ideFallback = await ideFallback(codex, m, launch, timeoutMs);
    }
    ans.ms = Date.now() - started;
    return ans;
  }
  ans.loads = true;
  const piView = parsePromptInput(pi.stdout);
  ans.evidence.promptInput = piView;

  // 2. The session.
  if (surface === 'exec') {
    await execSession(ans, codex, m, launch, timeoutMs, false);
    ans.source = 'exec';
  } else if (parsed.profile !== undefined) {
    await execSession(ans, codex, m, compositeLaunch(launch), timeoutMs, true);
    ans.approval = piView.approval;
    ans.approvalsReviewer = piView.reviewer;
    // Under approval never the permissions text says nothing about the reviewer; the exec half's
    // turn context carries it (the reviewer does not depend on the surface).
    const execReviewer = (ans.evidence.execForProfileTurnContext as { approvals_reviewer?: string } | undefined)?.approvals_reviewer;
    if (piView.approval === 'never' && normaliseReviewer(execReviewer)) ans.approvalsReviewer = normaliseReviewer(execReviewer);
    ans.source = 'exec+prompt-input';
    const pt = await profileTrustProbe(codex, m, launch, timeoutMs);
    ans.evidence.profileTrustProbe = pt;
    ans.trusted = pt.trusted;
    const writable = ans.sandbox === 'workspace-write' || ans.sandbox === 'danger-full-access';
    if (pt.trusted === undefined) {
      ans.unobserved.trusted = pt.why;
      // Trust unknown and the project layers did not load: a writable session may auto-trust and
      // then read them (and fail on a bad one), which this path cannot see.
      if (writable && !pt.markerSeen && hasProjectConfig(m)) {
        const why =
          'with --profile the session cannot be observed; trust is unknown and the project .codex/config.toml was not read, so an auto-trusting session might read it (and fail on it)';
        ans.unobserved.loads = why;
        for (const f of [
          'sandbox',
          'approval',
          'approvalsReviewer',
          'networkAccess',
          'webSearch',
          'permissionProfile',
          'writableRoots',
        ] as const)
          ans.unobserved[f] = why;
      }
    } else if (pt.trusted === null && writable) {
      // A writable session with no trust entry is where auto-trust would step in; the exec path
      // never auto-trusts, so what it shows is not what a profile session would run with.
      const why =
        'with --profile no app-server session can be started; this writable session has no trust entry, so auto-trust (not observable here) decides';
      ans.unobserved.trusted = why;
      if (hasProjectConfig(m)) {
        for (const f of [
          'sandbox',
          'approval',
          'approvalsReviewer',
          'networkAccess',
          'webSearch',
          'permissionProfile',
          'writableRoots',
        ] as const) {
          ans.unobserved[f] = `${why}, and a project .codex/config.toml would then apply`;
        }
        // prompt-input loaded without the project layers; a session that auto-trusts reads them
        // too and does not start when one is bad (docs/codex-findings.md 7.6), which this path cannot see.
        ans.unobserved.loads = `${why}, and whether the project .codex/config.toml it would then read is valid is not checked here`;
      }
    }
    ans.notes.push(
      '--profile: posture from `codex exec --profile` (sandbox, network, roots, permission profile, web search) and `codex --profile debug prompt-input` (approval, reviewer)',
    );
  } else {
    await appServerSession(ans, codex, m, launch, timeoutMs);
    ans.source = 'app-server';
    if (opts.compositeCrossCheck) {
      const shadow: OracleAnswer = { ...ans, unobserved: {}, crossCheck: {}, notes: [], evidence: {} };
      await execSession(shadow, codex, m, compositeLaunch(launch), timeoutMs, true);
      shadow.approval = piView.approval;
      shadow.approvalsReviewer = piView.reviewer;
      const diff: Record<string, unknown> = {};
      for (const f of [
        'sandbox',
        'approval',
        'approvalsReviewer',
        'networkAccess',
        'webSearch',
        'permissionProfile',
        'writableRoots',
      ] as const) {
        if (JSON.stringify(shadow[f]) !== JSON.stringify(ans[f])) diff[f] = { appServer: ans[f], composite: shadow[f] };
      }
      ans.evidence.compositeDiff = diff;
    }
  }

  // 3. Trust as the session left it (auto-trust included). A profile can hold trust entries that
  // the profile-less app-server probe cannot see, so exec with --profile asks the profile too.
  if (surface === 'exec' && parsed.profile !== undefined) {
    const pt = await profileTrustProbe(codex, m, launch, timeoutMs);
    ans.evidence.profileTrustProbe = pt;
    if (pt.trusted !== undefined) ans.trusted = pt.trusted;
    else ans.unobserved.trusted = pt.why;
  } else if (ans.source !== 'exec+prompt-input' && ans.trusted === undefined) {
    // With the launch's -c/--enable/--disable: `-c projects./r/repo.trust_level=...` trusts (or
    // distrusts) the project as much as a file entry does. A config those arguments break (hidden
    // from the session only by --approve-for-me or --search) is probed without them.
    // `codex exec` works in the canonical cwd (getcwd), the app-server in the path it is given.
    const configArgs = parseCodexArgv(launch).configArgs;
    const probeCwd = surface === 'exec' ? fs.realpathSync(m.cwd) : m.cwd;
    let probe = await trustProbe(codex, m, timeoutMs, configArgs, probeCwd);
    if (probe.trusted === undefined && configArgs.length) probe = await trustProbe(codex, m, timeoutMs, [], probeCwd);
    ans.evidence.trustProbe = probe;
    if (probe.trusted !== undefined) ans.trusted = probe.trusted;
    else ans.unobserved.trusted = ans.unobserved.trusted ?? `trust probe failed: ${probe.error ?? probe.reason}`;
  }
  ans.evidence.userConfigAfter = readIfExists(path.join(m.codexHome, 'config.toml'));
  if (parsed.profile) ans.evidence.profileConfigAfter = readIfExists(path.join(m.codexHome, `${parsed.profile}.config.toml`));

  // 4. Cross-check with what the model is told (prompt-input never auto-trusts).
  const cc = ans.crossCheck;
  if (piView.sandboxMode && ans.sandbox && piView.sandboxMode !== ans.sandbox)
    cc.sandbox = { session: ans.sandbox, promptInput: piView.sandboxMode };
  if (piView.network && ans.networkAccess !== undefined && (piView.network === 'enabled') !== ans.networkAccess) {
    cc.networkAccess = { session: ans.networkAccess, promptInput: piView.network };
  }
  if (surface === 'interactive' && ans.approval && piView.approval !== ans.approval)
    cc.approval = { session: ans.approval, promptInput: piView.approval };
  if (ans.approvalsReviewer && piView.approval !== 'never' && piView.reviewer !== ans.approvalsReviewer)
    cc.approvalsReviewer = { session: ans.approvalsReviewer, promptInput: piView.reviewer };
  ans.ms = Date.now() - started;
  return ans;
}

/**
 * The launch for the exec half of the composite: `codex exec` ignores the root `--search`; the TUI
 * sends it as a thread-level `web_search = "live"`, i.e. above every -c, so a trailing -c is the
 * same thing.
 */
function compositeLaunch(launch: string[]): string[] {
  return parseCodexArgv(launch).search ? [...launch, '-c', 'web_search="live"'] : launch;
}

async function appServerSession(ans: OracleAnswer, codex: string, m: Materialised, launch: string[], timeoutMs: number): Promise<void> {
  const mock = new MockResponsesServer();
  await mock.start();
  const plan = planAppServerSession(parseCodexArgv(launch), m.cwd);
  if (plan.unsupported.length) ans.notes.push(`launch args without an app-server equivalent: ${plan.unsupported.join(' ')}`);
  const client = AppServerClient.start({
    executable: codex,
    args: [...mock.configArgs(), ...plan.appServerArgs],
    env: m.env,
    cwd: m.cwd,
    requestTimeoutMs: Math.min(timeoutMs, 20_000),
  });
  try {
    try {
      await client.initialize();
    } catch (e) {
      // prompt-input loaded, so the CLI would start: the launch flags the oracle sends as
      // thread/start params (--approve-for-me, --search) replaced a bad value that the bare
      // app-server, given only the -c overrides, still reads and refuses.
      ans.notes.push(`the app-server refused a config the CLI loads: ${(e as Error).message.slice(0, 300)}`);
      for (const f of [
        'sandbox',
        'approval',
        'approvalsReviewer',
        'networkAccess',
        'webSearch',
        'permissionProfile',
        'writableRoots',
      ] as const) {
        ans.unobserved[f] = 'the app-server does not start with the -c overrides alone';
      }
      return;
    }
    try {
      const cr = await client.configRead({ cwd: m.cwd, includeLayers: true });
      ans.evidence.configReadBefore = summariseConfigRead(cr);
      ans.configRead = cr;
    } catch (e) {
      ans.evidence.configReadBefore = `error: ${(e as Error).message}`;
      ans.configRead = { error: (e as Error).message };
    }
    const params = { cwd: m.cwd, ephemeral: true, ...plan.threadStart };
    ans.evidence.threadStartParams = params;
    let ts: ThreadStartResponse;
    try {
      ts = await client.threadStart(params);
    } catch (e) {
      const msg = (e as Error).message;
      // prompt-input never auto-trusts; the session does, and then reads the project layers that
      // trust brings in. When one of them is bad the session cannot start: Codex does not run.
      // (Not when --search or --approve-for-me, sent as thread/start params here, are what kept
      // prompt-input's config valid.)
      const failed = /failed to load configuration: ([\s\S]*)$/.exec(msg);
      const parsedLaunch = parseCodexArgv(launch);
      // A TOML syntax error in a project file is no value a session flag could have hidden.
      const projectSyntax = failed !== null && /^Error parsing project config file /.test(failed[1]);
      if (failed && (projectSyntax || (!parsedLaunch.search && !parsedLaunch.approveForMe))) {
        ans.loads = false;
        ans.loadError = parseLoadError(`Error: ${failed[1].split('\n')[0]}`);
        ans.notes.push(`prompt-input loaded, but the session (after auto-trust) failed to load its configuration: ${msg.slice(0, 300)}`);
        return;
      }
      ans.notes.push(`thread/start failed: ${msg}`);
      for (const f of [
        'sandbox',
        'approval',
        'approvalsReviewer',
        'networkAccess',
        'webSearch',
        'permissionProfile',
        'writableRoots',
      ] as const) {
        ans.unobserved[f] = 'thread/start failed';
      }
      return;
    }
    ans.evidence.threadStart = {
      approvalPolicy: ts.approvalPolicy,
      approvalsReviewer: ts.approvalsReviewer,
      sandbox: ts.sandbox,
      activePermissionProfile: ts.activePermissionProfile ?? null,
      runtimeWorkspaceRoots: ts.runtimeWorkspaceRoots,
    };
    const sb = sandboxFromAppServer(ts.sandbox);
    ans.sandbox = sb.sandbox;
    ans.networkAccess = sb.network;
    ans.writableRoots = sb.roots;
    ans.approval = normaliseApproval(ts.approvalPolicy);
    ans.approvalsReviewer = normaliseReviewer(ts.approvalsReviewer);
    ans.permissionProfile = ts.activePermissionProfile?.id ?? null;
    try {
      await client.turnStart({ threadId: ts.thread.id, input: [{ type: 'text', text: 'hi' }] });
      const body = await mock.waitForTurnRequest(Math.min(timeoutMs, 15_000));
      if (body) {
        ans.webSearch = webSearchModeFromRequest(body);
        ans.evidence.webSearchTool = findWebSearchTool(body) ?? null;
      } else {
        ans.unobserved.webSearch = 'no model request captured';
      }
    } catch (e) {
      ans.unobserved.webSearch = `turn/start failed: ${(e as Error).message}`;
    }
  } finally {
    await client.close();
    await mock.stop();
  }
}

async function execSession(
  ans: OracleAnswer,
  codex: string,
  m: Materialised,
  launch: string[],
  timeoutMs: number,
  postureOnly: boolean,
): Promise<void> {
  const mock = new MockResponsesServer();
  await mock.start();
  const sessions = path.join(m.codexHome, 'sessions');
  const before = new Set(listRollouts(sessions));
  let r: ProcResult;
  try {
    // Launch flags go before `exec` (root options): `codex exec` itself rejects `-a` and `--search`.
    r = await runProc(codex, [...mock.configArgs(), ...launch, 'exec', '--skip-git-repo-check', 'hi'], {
      cwd: m.cwd,
      env: m.env,
      timeoutMs,
    });
  } finally {
    await mock.stop();
  }
  const key = postureOnly ? 'execForProfile' : 'exec';
  ans.evidence[`${key}Exit`] = r.timedOut ? 'timeout' : r.code;
  ans.evidence[`${key}Header`] = (r.stdout + '\n' + r.stderr).split('\n').filter((l) => /^(approval|sandbox|provider|model): /.test(l));
  const rollout = listRollouts(sessions).find((f) => !before.has(f));
  const tc = rollout ? readTurnContext(rollout) : undefined;
  if (!tc) {
    if (!postureOnly && r.code !== 0 && /^(Error|error): /m.test(r.stderr)) {
      ans.loads = false;
      ans.loadError = parseLoadError(r.stderr);
      ans.notes.push('prompt-input loaded but `codex exec` did not');
      return;
    }
    ans.notes.push(`exec produced no turn_context (exit ${r.code}): ${firstLines(r.stderr, 3)}`);
    for (const f of ['sandbox', 'networkAccess', 'permissionProfile', 'writableRoots', 'webSearch'] as const)
      ans.unobserved[f] = 'exec gave no session record';
    if (!postureOnly) ans.unobserved.approval = ans.unobserved.approvalsReviewer = 'exec gave no session record';
    return;
  }
  ans.evidence[`${key}TurnContext`] = {
    approval_policy: tc.approval_policy,
    approvals_reviewer: tc.approvals_reviewer,
    sandbox_policy: tc.sandbox_policy,
    active_permission_profile: tc.active_permission_profile ?? null,
    network: (tc.permission_profile as { network?: unknown } | undefined)?.network,
  };
  const sp = (tc.sandbox_policy ?? {}) as { type?: string; network_access?: boolean; writable_roots?: string[] };
  if (sp.type === 'read-only' || sp.type === 'workspace-write' || sp.type === 'danger-full-access') ans.sandbox = sp.type;
  ans.networkAccess = sp.type === 'danger-full-access' ? true : sp.network_access === true;
  ans.writableRoots = sp.type === 'workspace-write' ? [...(sp.writable_roots ?? [])] : [];
  const app = tc.active_permission_profile as { id?: string } | undefined;
  ans.permissionProfile = app?.id ?? null;
  if (!postureOnly) {
    ans.approval = normaliseApproval(tc.approval_policy as AppServerApprovalPolicy);
    ans.approvalsReviewer = normaliseReviewer(tc.approvals_reviewer as string | undefined);
  }
  const body = mock.firstTurnRequest();
  if (body) {
    ans.webSearch = webSearchModeFromRequest(body);
    ans.evidence[`${key}WebSearchTool`] = findWebSearchTool(body) ?? null;
  } else {
    ans.unobserved.webSearch = 'exec sent no model request';
  }
}

interface TrustProbeResult {
  trusted?: boolean | null;
  reason?: string | null;
  error?: string;
  probeCreated: boolean;
}

/**
 * Which trust the cwd has now: config/read lists every `.codex/` folder from the project root to
 * the cwd with a `disabledReason` when Codex ignores it for lack of trust. A temporary empty
 * `<cwd>/.codex/config.toml` is written when the scenario has none, and removed afterwards.
 */
async function trustProbe(
  codex: string,
  m: Materialised,
  timeoutMs: number,
  configArgs: readonly string[] = [],
  cwd = m.cwd,
): Promise<TrustProbeResult> {
  const dot = path.join(m.cwd, '.codex');
  const file = path.join(dot, 'config.toml');
  const createdDir = !fs.existsSync(dot);
  const createdFile = !fs.existsSync(file);
  if (createdDir) fs.mkdirSync(dot);
  if (createdFile) fs.writeFileSync(file, PROBE_MARK);
  try {
    return await AppServerClient.with(
      { executable: codex, args: [...configArgs], env: m.env, cwd: m.cwd, requestTimeoutMs: Math.min(timeoutMs, 20_000) },
      async (client) => {
        await client.initialize();
        const cr = await client.configRead({ cwd, includeLayers: true });
        const layer = (cr.layers ?? []).find((l) => l.name.type === 'project' && samePath(l.name.dotCodexFolder, dot));
        if (!layer) return { error: 'no project layer for the cwd', probeCreated: createdFile };
        const reason = layer.disabledReason ?? null;
        if (!reason) return { trusted: true, reason, probeCreated: createdFile };
        if (/is marked as untrusted/.test(reason)) return { trusted: false, reason, probeCreated: createdFile };
        if (/as a trusted project/.test(reason)) return { trusted: null, reason, probeCreated: createdFile };
        return { reason, probeCreated: createdFile };
      },
    );
  } catch (e) {
    return { error: e instanceof AppServerError ? e.message : String(e), probeCreated: createdFile };
  } finally {
    if (createdFile) fs.rmSync(file, { force: true });
    if (createdDir) fs.rmSync(dot, { recursive: true, force: true });
  }
}

const TRUST_MARK = 'CODEX-POSTURE-TRUST-PROBE';

/**
 * Trust with a profile layer (a profile file can hold `[projects]` entries, and the TUI writes
 * its trust decision there when started with --profile): a marker `developer_instructions` in a
 * `.codex/config.toml` at the cwd shows up in `codex --profile P debug prompt-input` only when the
 * project layers load. When they do not, the app-server probe (profile-less) tells untrusted from
 * no entry, unless the profile file itself has a [projects] table.
 */
async function profileTrustProbe(
  codex: string,
  m: Materialised,
  launch: string[],
  timeoutMs: number,
): Promise<{ trusted?: boolean | null; why?: string; markerSeen?: boolean; appServerProbe?: TrustProbeResult }> {
  const dot = path.join(m.cwd, '.codex');
  const file = path.join(dot, 'config.toml');
  const createdDir = !fs.existsSync(dot);
  const original = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  if (original && original.toString('utf8').includes('developer_instructions')) {
    return { why: 'the cwd .codex/config.toml already sets developer_instructions; marker probe impossible' };
  }
  if (createdDir) fs.mkdirSync(dot);
  // Prepended, so the key is top-level whatever tables the file has.
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`developer_instructions = "${TRUST_MARK}"\n`), stripBom(original ?? Buffer.alloc(0))]));
  let markerSeen: boolean;
  try {
    const r = await runProc(codex, [...launch, 'debug', 'prompt-input'], { cwd: m.cwd, env: m.env, timeoutMs });
    markerSeen = r.code === 0 && r.stdout.includes(TRUST_MARK);
  } finally {
    if (original !== undefined) fs.writeFileSync(file, original);
    else fs.rmSync(file, { force: true });
    if (createdDir) fs.rmSync(dot, { recursive: true, force: true });
  }
  if (markerSeen) return { trusted: true, markerSeen };
  // The profile path runs CLI processes, which work in the canonical cwd, with the launch's -c.
  const appServerProbe = await trustProbe(codex, m, timeoutMs, parseCodexArgv(launch).configArgs, fs.realpathSync(m.cwd));
  const profile = parseCodexArgv(launch).profile;
  const profileText = profile ? readIfExists(path.join(m.codexHome, `${profile}.config.toml`)) : null;
  if (appServerProbe.trusted === true) {
    return { why: 'project layers do not load with the profile although the user layer trusts the project', markerSeen, appServerProbe };
  }
  if (profileText && /\[\s*projects\b/.test(profileText)) {
    return { why: 'the profile file has a [projects] table that only a profile-aware probe could read', markerSeen, appServerProbe };
  }
  return { trusted: appServerProbe.trusted, why: appServerProbe.error, markerSeen, appServerProbe };
}

/** Is there a `.codex/config.toml` in the cwd or a directory above it (inside the temp root, CODEX_HOME excluded)? */
function hasProjectConfig(m: Materialised): boolean {
  for (let dir = m.cwd; dir.startsWith(m.root); dir = path.dirname(dir)) {
    const dot = path.join(dir, '.codex');
    if (dot !== m.codexHome && fs.existsSync(path.join(dot, 'config.toml'))) return true;
    if (dir === m.root) break;
  }
  return false;
}

function stripBom(b: Buffer): Buffer {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/** What an IDE host (app-server) does with a config the CLI refuses. */
async function ideFallback(codex: string, m: Materialised, launch: string[], timeoutMs: number): Promise<Record<string, unknown>> {
  const plan = planAppServerSession(parseCodexArgv(launch), m.cwd);
  const out: Record<string, unknown> = {};
  try {
    await AppServerClient.with(
      { executable: codex, args: plan.appServerArgs, env: m.env, cwd: m.cwd, requestTimeoutMs: Math.min(timeoutMs, 15_000) },
      async (client) => {
        await client.initialize();
        try {
          const cr = await client.configRead({ cwd: m.cwd, includeLayers: false });
          out.configRead = 'ok';
          out.configReadSandboxMode = cr.config.sandbox_mode ?? null;
        } catch (e) {
          out.configRead = `error: ${(e as Error).message.slice(0, 300)}`;
        }
        try {
          const ts = await client.threadStart({ cwd: m.cwd, ephemeral: true, ...plan.threadStart });
          out.threadStart = {
            approvalPolicy: ts.approvalPolicy,
            sandbox: ts.sandbox.type,
            activePermissionProfile: ts.activePermissionProfile?.id ?? null,
          };
        } catch (e) {
          out.threadStart = `error: ${(e as Error).message.slice(0, 300)}`;
        }
      },
    );
  } catch (e) {
    out.error = (e as Error).message.slice(0, 300);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function summariseConfigRead(cr: ConfigReadResponse): Record<string, unknown> {
  const c = cr.config;
  const pick = (k: string): unknown => c[k] ?? null;
  return {
    sandbox_mode: pick('sandbox_mode'),
    approval_policy: pick('approval_policy'),
    approvals_reviewer: pick('approvals_reviewer'),
    default_permissions: pick('default_permissions'),
    web_search: pick('web_search'),
    sandbox_workspace_write: pick('sandbox_workspace_write'),
    projects: pick('projects'),
    origins: Object.fromEntries(
      Object.entries(cr.origins)
        .filter(([k]) => /^(sandbox|approval|web_search|default_permissions|permissions|features\.web|projects)/.test(k))
        .map(([k, v]) => [k, v.name]),
    ),
    layers: (cr.layers ?? []).map((l) => ({ name: l.name, disabledReason: l.disabledReason ?? undefined })),
  };
}

function listRollouts(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.startsWith('rollout-') && e.name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function readTurnContext(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line.includes('"turn_context"')) continue;
    try {
      const rec = JSON.parse(line) as { type?: string; payload?: Record<string, unknown> };
      if (rec.type === 'turn_context' && rec.payload) return rec.payload;
    } catch {
      /* skip */
    }
  }
  return undefined;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return norm(a) === norm(b);
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function firstLines(text: string, n: number): string {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() && !/^\s+\d+: <unknown>$/.test(l))
    .slice(0, n)
    .join('\n');
}

/** Replaces the temp root in any JSON-able value by `{{root}}` (for printing and snapshots). */
export function relativise<T>(value: T, root: string): T {
  return JSON.parse(JSON.stringify(value).split(root).join('{{root}}')) as T;
}
