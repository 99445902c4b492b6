// What every phase of the posture engine shares: the session being resolved, the report it
// fills in as it goes, and the small helpers that say where a value came from.
import type { ConfigFileCache } from '../fileCache';
import type { FileLoad, Found, Layer } from '../layers';
import type { GitRoots } from '../projectRoots';
import type { LaunchArgs, LayerReport, LoadError, Surface, Valued } from '../types';

export interface ResolveOptions {
  readonly cwd: string;
  readonly codexHome: string;
  /**
   * True when CODEX_HOME is not set and `codexHome` is ~/.codex: Codex 0.171 then starts without
   * it (and creates it), where a CODEX_HOME set to a missing folder stops it (measured).
   */
  readonly codexHomeIsDefault?: boolean;
  readonly launch?: LaunchArgs;
  readonly surface?: Surface;
  /** Where the system layer lives; Codex uses SYSTEM_CONFIG_DIR. */
  readonly systemDir?: string;
  /** $HOME, for `~/...` paths in writable_roots and permission profiles (default: this process's). */
  readonly home?: string;
  /** Reuses parsed files across resolutions until they change. */
  readonly cache?: ConfigFileCache;
  /**
   * The environment Codex would start with (default: this process's). Only the variable names
   * are read, to say which reach MCP servers and the agent's commands; never the values.
   */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ResolveContext {
  readonly launch: LaunchArgs;
  readonly surface: Surface;
  readonly systemDir: string;
  readonly cwd: string;
  /** The working directory as given, before symlinks are resolved (see preflight.ts). */
  readonly givenCwd: string;
  readonly codexHome: string;
  readonly codexHomeIsDefault: boolean;
  readonly home: string;
  readonly warnings: string[];
  /** Every layer Codex looked at, in reading order; a failed load reports those read so far. */
  readonly layers: LayerReport[];
  readonly loadFile: (file: string) => Promise<FileLoad>;
  /** The cwd until the project root is found; a load error before that reports the cwd. */
  projectRoot: string;
  gitRoot: string | undefined;
}

/** A phase that stops Codex from starting: the orchestrator turns it into a failed snapshot. */
export interface Failed {
  readonly failed: LoadError;
}

export function failed(error: LoadError): Failed {
  return { failed: error };
}

export function isFailed<T>(result: T | Failed): result is Failed {
  return typeof result === 'object' && result !== null && 'failed' in result;
}

/** The keys whose merged view the engine reads (checkMerged and permission profiles). */
export const MERGED_KEYS = ['default_permissions', 'permissions', 'sandbox_mode'];

export function dflt<T>(value: T, reason: string): Valued<T> {
  return { value, from: { layer: 'default', reason } };
}

export function flag<T>(value: T, arg: string, reason?: string): Valued<T> {
  return { value, from: { layer: 'flag', arg, reason } };
}

export function found<T>(f: Found, value: T, reason?: string): Valued<T> {
  return { value, from: reason ? { ...f.from, reason } : f.from };
}

export function isCliOverride(layer: Layer): boolean {
  return layer.kind === 'override' && (layer.arg?.startsWith('-c ') ?? false);
}

/** `-c` overrides and --approve-for-me's settings: one session-flags layer in Codex. */
export function isSessionFlag(layer: Layer): boolean {
  return isCliOverride(layer) || (layer.kind === 'override' && layer.arg === '--approve-for-me');
}

export type TrustLevel = 'trusted' | 'untrusted';

/** The layers that are not in the project, lowest first within each. */
export interface ConfigLayers {
  /** System, user and --profile files. */
  readonly base: readonly Layer[];
  /** `-c`, --enable/--disable, --search and --approve-for-me, in Codex's order. */
  readonly overrides: readonly Layer[];
  /** managed_config.toml, above everything the user writes. */
  readonly managed: readonly Layer[];
}

/** Where the project is: its root (from project_root_markers), its git repository, its folders. */
export interface ProjectPlace {
  readonly root: string;
  /** Whether a marker named the root (else the root is the cwd). */
  readonly marked: boolean;
  readonly git: GitRoots | undefined;
  /** Every folder from the project root down to the cwd as given, root first. */
  readonly projectDirs: readonly string[];
}

export interface ProjectLayers {
  readonly layers: readonly Layer[];
  /** Project layers that load only because the session trusts the project when it starts. */
  readonly autoTrusted: ReadonlySet<Layer>;
  /** A broken project file that only auto-trust brings in, reported after the pre-session checks. */
  readonly autoTrustLoadError: LoadError | undefined;
}
