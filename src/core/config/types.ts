// The vocabulary of the posture engine. Values use Codex 0.171's own spellings so that what the
// engine says can be compared word for word with what `codex app-server` reports.

export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';
export type ApprovalPolicy = 'on-request' | 'never' | 'granular' | 'untrusted';
export type ApprovalsReviewer = 'user' | 'auto_review';
export type WebSearchMode = 'disabled' | 'cached' | 'indexed' | 'live';
export type Surface = 'interactive' | 'exec';

export const SANDBOX_MODES: readonly SandboxMode[] = ['read-only', 'workspace-write', 'danger-full-access'];
export const WEB_SEARCH_MODES: readonly WebSearchMode[] = ['disabled', 'cached', 'indexed', 'live'];

/** The arguments a user starts Codex with, as far as they change the posture. */
export interface LaunchArgs {
  readonly profile?: string;
  /** `-c key=value` overrides in the order given (the last one wins). */
  readonly overrides: readonly string[];
  readonly sandbox?: SandboxMode;
  /** Raw `-a` value; Codex's CLI accepts a fixed set of words. */
  readonly approval?: string;
  /** `--yolo` / `--dangerously-bypass-approvals-and-sandbox`. */
  readonly bypass: boolean;
  readonly approveForMe: boolean;
  readonly search: boolean;
  readonly enable: readonly string[];
  readonly disable: readonly string[];
  readonly addDirs: readonly string[];
}

export const NO_LAUNCH_ARGS: LaunchArgs = Object.freeze({
  overrides: [],
  bypass: false,
  approveForMe: false,
  search: false,
  enable: [],
  disable: [],
  addDirs: [],
});

/** Which config layer a value came from, lowest precedence first. */
export type LayerKind = 'system' | 'user' | 'profile' | 'project' | 'override' | 'flag' | 'requirements' | 'default';

/** Where a value comes from: a layer and a place in a file, or the reason a default applies. */
export interface Provenance {
  readonly layer: LayerKind;
  /** Absolute path of the file that set the value, when a file did. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** The launch argument that set it, for `override` and `flag`. */
  readonly arg?: string;
  /** Why, in words: "default because the project is trusted", "danger-full-access turns cached into live". */
  readonly reason?: string;
}

export interface Valued<T> {
  readonly value: T;
  readonly from: Provenance;
}

/** One config file Codex would consider, whether or not it applies. */
export interface LayerReport {
  readonly kind: LayerKind;
  readonly file: string;
  readonly exists: boolean;
  /** False when the layer is present but Codex ignores it (untrusted project, …). */
  readonly applied: boolean;
  readonly disabledReason?: string;
  /**
   * Project layers: the trust entry that decided whether the file loads (the directory it names and
   * where it is written; auto-trust points at the user config). Absent when no entry applies.
   */
  readonly trust?: { readonly level: 'trusted' | 'untrusted'; readonly dir: string; readonly from: Provenance };
  /**
   * True for a project layer that applies only because starting the session writes the trust entry
   * (auto-trust): Codex's `config/read`, which runs before any session, still reports it disabled.
   */
  readonly autoTrusted?: boolean;
  /** Keys Codex strips from this layer (project denylist) with their lines. */
  readonly strippedKeys: readonly { key: string; line: number }[];
}

export interface LoadError {
  readonly message: string;
  /** 'io': a file or CODEX_HOME could not be read at all; 'config': Codex would reject the content. */
  readonly kind: 'io' | 'config';
  /**
   * True when the file was not read by us (over the size limit, not read in time, nesting our
   * parser does not take): what Codex does with it is unknown, so the posture is unknown, which is
   * not the same as "Codex would refuse to start".
   */
  readonly unread?: boolean;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface PostureSnapshot {
  readonly cwd: string;
  readonly codexHome: string;
  readonly surface: Surface;
  readonly loads: boolean;
  readonly loadError?: LoadError;
  readonly sandbox?: Valued<SandboxMode>;
  readonly approval?: Valued<ApprovalPolicy>;
  readonly approvalsReviewer?: Valued<ApprovalsReviewer>;
  readonly networkAccess?: Valued<boolean>;
  readonly webSearch?: Valued<WebSearchMode>;
  readonly permissionProfile?: Valued<string | null>;
  readonly trusted?: Valued<boolean | null>;
  readonly writableRoots?: Valued<readonly string[]>;
  /** Whether starting a session here would write a trust entry (Codex's auto-trust). */
  readonly autoTrust?: { readonly root: string };
  readonly projectRoot: string;
  readonly gitRoot?: string;
  readonly layers: readonly LayerReport[];
  readonly warnings: readonly string[];
  /** What a session start runs outside the sandbox, and what the agent's commands inherit. */
  readonly outsideSandbox?: OutsideSandbox;
}

// What runs outside the sandbox (src/core/outside/model.ts computes it; docs/codex-findings.md §8).

export interface McpServerInfo {
  readonly name: string;
  readonly transport: 'stdio' | 'http';
  /** stdio: the program and its arguments, secrets in them redacted. */
  readonly command?: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** http: the URL (a password in it redacted). */
  readonly url?: string;
  readonly enabled: boolean;
  /** True when a session start launches it (stdio) or connects to it (http). */
  readonly starts: boolean;
  /** Why it does not start, when it does not. */
  readonly skipReason?: string;
  /**
   * Names of the environment variables the process gets (stdio): Codex's fixed set that is present
   * in this environment, the `env` table's keys and the `env_vars` names. Never values.
   */
  readonly envNames: readonly string[];
  /** Settings that widen what the server may do without a question. */
  readonly widens: readonly string[];
  /** Supplied by a project `.codex/config.toml` (the repository itself). */
  readonly projectSupplied: boolean;
  readonly from: Provenance;
}

export type HookTrust = 'managed' | 'trusted' | 'untrusted' | 'modified';

export interface HookInfo {
  /** Codex's event name as written (`SessionStart`, `PreToolUse`, ...). */
  readonly event: string;
  readonly command: string;
  readonly matcher?: string;
  /** Codex's key for the hook's state: `<file>:<event>:<group>:<handler>`. */
  readonly key: string;
  /** The hash Codex compares with the user's `trusted_hash` (hooks/list's `currentHash`). */
  readonly hash: string;
  readonly trust: HookTrust;
  readonly runs: boolean;
  readonly skipReason?: string;
  readonly projectSupplied: boolean;
  readonly from: Provenance;
}

export interface NotifyInfo {
  readonly argv: readonly string[];
  readonly from: Provenance;
}

export interface EnvironmentInfo {
  readonly inherit: 'all' | 'core' | 'none';
  readonly ignoreDefaultExcludes: boolean;
  /** Variable names the agent's commands get (from the environment given, plus `set` and Codex's own). */
  readonly passed: readonly string[];
  /** Of `passed`, the names that look like credentials. */
  readonly secretLooking: readonly string[];
  readonly from: Provenance;
}

export interface RequirementsInfo {
  readonly file: string;
  readonly allowedSandboxModes?: readonly string[];
  readonly allowedApprovalPolicies?: readonly string[];
  readonly allowedWebSearchModes?: readonly string[];
  readonly allowManagedHooksOnly: boolean;
  /** The MCP allowlist: only these servers (with this command or URL) may start. */
  readonly mcpServers?: readonly { readonly name: string; readonly command?: string; readonly url?: string }[];
  readonly hooks: number;
  readonly from: Provenance;
}

/** The MCP servers and hooks of an `OutsideSandbox`, counted by what the summaries say. */
export interface OutsideTally {
  readonly mcpStarting: number;
  readonly mcpNotStarting: number;
  /** Starting and supplied by the repository, by transport. */
  readonly repositoryStdio: number;
  readonly repositoryHttp: number;
  readonly hooksRunning: number;
  readonly hooksSkipped: number;
  /** Running and supplied by the repository. */
  readonly repositoryHooks: number;
}

export interface OutsideSandbox {
  readonly mcpServers: readonly McpServerInfo[];
  readonly hooks: readonly HookInfo[];
  /**
   * Entries left out of `mcpServers` and `hooks` because the lists were too long to hand to the
   * extension host (src/core/outside/tally.ts), counted so that every total stays exact.
   */
  readonly omitted?: OutsideTally;
  readonly notify: NotifyInfo | null;
  readonly environment: EnvironmentInfo;
  readonly requirements: readonly RequirementsInfo[];
}
